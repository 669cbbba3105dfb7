"""Item-writing-flaw checker: the cues that let a test-wise student answer without reading.

Each lint is one rule from the Haladyna-Downing item-writing guidelines (as
coded in the 19-criterion rubric that Moore et al., 2024, checked with
rules) that a program can apply reliably: the key is the longest option,
shares a word with the stem that no distractor has, fits the stem's grammar
when distractors do not, and so on.  The same checks run on every item:
``quizgen validate`` reports them as warnings on hand-written questions, and
:func:`keep_unflawed` keeps flawed generated items away from students.

Precision matters more than recall: a false alarm on a generated item
silently deletes a good question, so each rule only fires on evidence it
can name in its message.  Rules that read words (lemmas, articles, pronouns)
are written for English and are skipped for lessons in other languages.

An author silences one lint for one question with
``lint_ignore: [{lint: key-longest, reason: ...}]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeGuard

from .model import SKILL_LABELS, Lesson, Pair, Question
from .text import cloze_blanks, cloze_segments, normalize_answer

__all__ = ["CHECKS", "HINTS", "Flaw", "critique", "keep_unflawed", "lint_summary"]


@dataclass(frozen=True)
class Flaw:
    """One item-writing flaw found in one item: which lint, the evidence, and the field it concerns."""

    lint: str
    message: str
    field: str | None = None


Check = Callable[["_Item"], Iterable[tuple[str, str | None]]]


@dataclass(frozen=True)
class _Lint:
    check: Check
    summary: str
    hint: str
    english_only: bool


_LINTS: dict[str, _Lint] = {}
CHECKS: dict[str, Check] = {}
"""Every lint id, in report order, mapped to its check function."""
HINTS: dict[str, str] = {}
"""How to fix what each lint reports."""


def _lint(lint_id: str, summary: str, hint: str, *, english_only: bool = False):
    """Register a check under a stable, documented kebab-case id."""

    def register(check: Check) -> Check:
        _LINTS[lint_id] = _Lint(check, summary, hint, english_only)
        CHECKS[lint_id] = check
        HINTS[lint_id] = hint
        return check

    return register


def lint_summary(lint_id: str) -> str:
    """One line saying what the lint catches (for docs and ``--help`` texts)."""
    return _LINTS[lint_id].summary


def critique(item: Question, lesson: Lesson, *, honour_ignores: bool = True) -> list[Flaw]:
    """Every item-writing flaw of one item, hand-written or generated.

    Lints named in the item's ``lint_ignore`` are skipped unless
    ``honour_ignores`` is false (the validator uses that to spot a
    ``lint_ignore`` that silences nothing).
    """
    ignored = {entry.lint for entry in item.lint_ignore} if honour_ignores else set()
    view = _Item(item, _LessonFacts.of(lesson))
    flaws = []
    for lint_id, lint in _LINTS.items():
        if lint_id in ignored or (lint.english_only and not view.facts.english):
            continue
        flaws += [Flaw(lint_id, message, field) for message, field in lint.check(view)]
    return flaws


def keep_unflawed(
    items: Iterable[Question], lesson: Lesson
) -> tuple[list[Question], list[tuple[Question, list[Flaw]]]]:
    """Split generated items into those without flaws and the rejected ones, each with its flaws.

    Generated items are never shown flawed: the caller drops the rejected
    ones (or rebuilds them, e.g. with other distractors, and checks again).
    """
    kept: list[Question] = []
    rejected: list[tuple[Question, list[Flaw]]] = []
    for item in items:
        flaws = critique(item, lesson)
        if flaws:
            rejected.append((item, flaws))
        else:
            kept.append(item)
    return kept, rejected


# --- words ---------------------------------------------------------------------------

# Function words, and the words of question instructions ("according to the
# article", "which statement"): sharing one of these with the key is no cue.
_STOPWORDS = frozenset(
    """
a an the this that these those some any each every either neither no nor not both all none other another such
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs one ones
himself herself itself themselves ourselves yourself yourselves who whom whose which what when where why how whether
and or but if then than so because as while although though since until unless yet also too very just only even
of in on at by for with from to into onto upon about above below over under between among through during before after
against without within across along around behind beyond near off out up down toward towards via per despite
be is am are was were been being have has had having do does did doing done can could may might must shall should
will would s t not don't isn't aren't wasn't weren't cannot can't won't
there here now more most less least much many few several own same
article articles passage paragraph paragraphs text story according statement statements sentence question
answer answers option options best following choose apply true false say says said check step
""".split()
)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` in order, possessive ``'s`` dropped (``Korea's`` -> ``Korea``)."""
    words = _WORD.findall(text.translate(_APOSTROPHES))
    return tuple(word[:-2] if word.lower().endswith("'s") else word for word in words)


@lru_cache(maxsize=16384)
def _lemma(word: str) -> str:
    """A word's dictionary-like form for telling "the same word" apart: tests, tested, testing -> test.

    A small suffix rule (plural and verb endings, a doubled final consonant, a final e) rather than a full
    lemmatizer: the lints only ask whether two words are one word to a reader, and a dictionary costs a CLI run
    a fifth of a second to load.
    """
    lower = word.lower()
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3 and not lower.endswith("ss"):
            lower = lower[: -len(suffix)] + replacement
            if suffix in ("ing", "ed") and len(lower) > 3 and lower[-1] == lower[-2] and lower[-1] not in "lsz":
                lower = lower[:-1]  # planned -> plan
            break
    return lower[:-1] if len(lower) > 3 and lower.endswith("e") else lower


@lru_cache(maxsize=8192)
def _content(text: str) -> frozenset[str]:
    """Lemmas of the content words of ``text``: what a student would notice as the same word."""
    lemmas = set()
    for word in _words(text):
        lower = word.lower()
        if lower in _STOPWORDS or (len(lower) < 2 and not lower.isdigit()):
            continue
        lemma = _lemma(lower)
        if lemma not in _STOPWORDS:
            lemmas.add(lemma)
    return frozenset(lemmas)


def _surface(text: str, lemmas: Iterable[str]) -> list[str]:
    """The words of ``text`` whose lemma is one of ``lemmas``, as written there (for messages)."""
    wanted, found = set(lemmas), {}
    for word in _words(text):
        lemma = _lemma(word.lower())
        if lemma in wanted and lemma not in found:
            found[lemma] = word
    return [found.get(lemma, lemma) for lemma in sorted(wanted)]


@lru_cache(maxsize=4096)
def _unquoted(text: str) -> str:
    """The text with quoted passages removed: words inside quotes are the quoted author's, not the stem's."""
    return _QUOTED.sub(" ", text)


def _article_for(word: str) -> str | None:
    """'a' or 'an' before ``word``, or None when spelling cannot tell (acronyms, numbers, words in u-)."""
    if len(word) < 2 or not word[0].isalpha() or word.isupper():
        return None
    lower = word.lower()
    if lower.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    if lower.startswith(("one", "once", "eu", "ewe")) or lower[0] == "u":
        return None if lower[0] == "u" else "a"
    return "an" if lower[0] in "aeio" else "a"


def _is_plural(word: str) -> bool:
    """True only when ``word`` is clearly a regular plural noun form (drones, countries, boxes)."""
    lower = word.lower()
    if not lower.isalpha() or lower in _STOPWORDS or not lower.endswith("s") or lower.endswith("ss"):
        return False
    lemma = _lemma(lower)
    return lemma != lower and (
        lower in (lemma + "s", lemma + "es") or (lemma.endswith("y") and lower == lemma[:-1] + "ies")
    )


# --- the item and the lesson, as the checks see them ------------------------------------

_PERSONAL = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_NEUTER = frozenset({"its", "itself"})
_ORGANISATION_KINDS = frozenset({"state", "agency", "media"})


class _LessonFacts:
    """What the checks need from the lesson, worked out once per lesson."""

    def __init__(self, lesson: Lesson):
        self.english = lesson.language.split("-", 1)[0].lower() == "en"
        self.actor_kinds = {normalize_answer(actor.name): actor.kind for actor in lesson.actors}
        texts = [p.text for p in lesson.paragraphs] + [o.text for o in lesson.objectives]
        texts += [g.term for g in lesson.glossary] + list(SKILL_LABELS.values())
        self.acronyms = {
            word for text in texts for word in _words(text) if len(word) >= 3 and word.isupper() and word.isalpha()
        }

    @classmethod
    def of(cls, lesson: Lesson) -> _LessonFacts:
        facts = lesson._derived.get("critic")
        if not isinstance(facts, cls):
            facts = cls(lesson)
            lesson._derived["critic"] = facts
        return facts


# Lints apply by what an item has, not by its type's name; these are the shapes they look for.
class _Options(Protocol):
    @property
    def options(self) -> Sequence[str]: ...


class _SingleKey(_Options, Protocol):
    @property
    def answer(self) -> str: ...


class _WordBank(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def word_bank(self) -> Sequence[str]: ...


class _Pairs(Protocol):
    @property
    def pairs(self) -> Sequence[Pair]: ...
    @property
    def extra_rights(self) -> Sequence[str]: ...


def _has_options(item: Question) -> TypeGuard[_Options]:
    return hasattr(item, "options")


def _has_single_key(item: Question) -> TypeGuard[_SingleKey]:
    return hasattr(item, "options") and hasattr(item, "answer")


def _has_word_bank(item: Question) -> TypeGuard[_WordBank]:
    return hasattr(item, "word_bank")


def _has_pairs(item: Question) -> TypeGuard[_Pairs]:
    return hasattr(item, "pairs")


class _Item:
    """One item with its options split into keys and distractors."""

    def __init__(self, item: Question, facts: _LessonFacts):
        self.item = item
        self.facts = facts
        # Lints apply by what an item has, not by its type's name: options and one key or several.
        self.choice = _has_options(item)
        self.single = _has_single_key(item)
        self.options: list[str] = list(item.options) if _has_options(item) else []
        keys = [item.answer] if _has_single_key(item) else list(getattr(item, "answers", []))
        key_forms = {normalize_answer(key) for key in keys}
        self.keys = [option for option in self.options if normalize_answer(option) in key_forms]
        self.distractors = [option for option in self.options if normalize_answer(option) not in key_forms]
        self.key_field = "answer" if self.single else "answers"

    def actor_kind(self, option: str) -> str | None:
        """The lesson actor kind of an option that is an actor's name, else None."""
        return self.facts.actor_kinds.get(normalize_answer(option))

    @property
    def actor_options(self) -> bool:
        """True when every option is the name of one of the lesson's actors (a "who?" item)."""
        return bool(self.options) and all(self.actor_kind(option) for option in self.options)


def _quote(text: str) -> str:
    return f"'{text}'"


def _names(texts: Iterable[str]) -> str:
    return ", ".join(_quote(text) for text in texts)


# --- the lints ----------------------------------------------------------------------------

# A key this much longer than every distractor stands out (Haladyna-Downing: keep options about equal in length).
LONGER_BY = 0.15


@_lint(
    "key-longest",
    "the key is notably longer than every distractor",
    "shorten the key or give the distractors the same detail, so length does not point to the answer",
)
def _key_longest(view: _Item) -> Iterator[tuple[str, str | None]]:
    if not view.keys or not view.distractors or view.actor_options:
        return
    # One-word and short-name options differ in length for no reason a student can use.
    if min(len(key.split()) for key in view.keys) < 3:
        return
    shortest_key = min(view.keys, key=len)
    longest_distractor = max(view.distractors, key=len)
    if len(shortest_key) > (1 + LONGER_BY) * len(longest_distractor):
        yield (
            f"the key {_quote(shortest_key)} ({len(shortest_key)} characters) is over {LONGER_BY:.0%} longer than "
            f"every distractor (longest: {len(longest_distractor)} characters)",
            "options",
        )


@_lint(
    "stem-key-word",
    "a content word of the stem appears in the key and in no distractor",
    "reword the key, or use the word in a distractor too, so students cannot match words instead of meaning",
    english_only=True,
)
def _stem_key_word(view: _Item) -> Iterator[tuple[str, str | None]]:
    if not view.keys or not view.distractors:
        return
    stem = _content(view.item.stem)
    in_distractors = frozenset().union(*(_content(option) for option in view.distractors))
    # When every distractor also repeats a stem word (all options quoted from the stem), repeats are no cue.
    if all(stem & _content(option) for option in view.distractors):
        return
    for key in view.keys:
        shared = sorted((stem & _content(key)) - in_distractors)
        if shared:
            yield (
                f"the stem and the key {_quote(key)} share {_names(_surface(key, shared))}, which no distractor has",
                view.key_field,
            )


def _stem_tail(stem: str) -> str:
    """The last word of a completion stem (before a closing blank or colon), lower-cased; '' for a question."""
    if stem.rstrip().endswith("?"):
        return ""
    words = _words(re.sub(r"[_\u2026.:\s]+$", "", stem))
    return words[-1].lower() if words else ""


_SINGULAR_CUES = frozenset({"a", "an", "one", "each", "every", "another", "single"})


def _bank_cue(view: _Item, fits: Callable[[str, str], bool | None], describe: str) -> Iterator[tuple[str, str | None]]:
    """Cloze blanks where the word before the blank rules out every bank word but the answer."""
    item = view.item
    if not _has_word_bank(item) or len(item.word_bank) < 2:
        return
    for accepted, before in zip(cloze_blanks(item.text), words_before_blanks(item.text), strict=True):
        if not before:
            continue
        answers = {normalize_answer(part) for part in accepted}
        fitting = [word for word in item.word_bank if fits(before.lower(), word) is not False]
        ruled_out = len(fitting) < len(item.word_bank)
        if ruled_out and fitting and all(normalize_answer(word) in answers for word in fitting):
            yield (
                f"the word {_quote(before)} before the blank [[{accepted[0] if accepted else ''}]] "
                f"{describe}: only {_names(fitting)} in the word bank fit{'s' if len(fitting) == 1 else ''}",
                "word_bank",
            )


def words_before_blanks(text: str) -> list[str]:
    """The word just before each ``[[blank]]`` of a cloze text, as written ('' where none is)."""
    return [words[-1] if (words := _words(piece)) else "" for piece in cloze_segments(text)[:-1]]


def _article_fits(cue: str, option: str) -> bool | None:
    if cue not in ("a", "an"):
        return None
    words = _words(option)
    needed = _article_for(words[0]) if words else None
    return None if needed is None else needed == cue


@_lint(
    "article-mismatch",
    "the stem ends with 'a' or 'an' and an option does not fit that article",
    "end the stem before the article, or write options that all take the same article",
    english_only=True,
)
def _article_mismatch(view: _Item) -> Iterator[tuple[str, str | None]]:
    if view.choice:
        cue = _stem_tail(view.item.stem)
        misfits = [option for option in view.options if _article_fits(cue, option) is False]
        if misfits:
            yield f"the stem ends with {_quote(cue)}, which does not fit {_names(misfits)}", "options"
    yield from _bank_cue(view, _article_fits, "fits one article only")


def _number_fits(cue: str, option: str) -> bool | None:
    words = _words(option)
    if cue not in _SINGULAR_CUES or not words or len(words) > 3:
        return None
    return False if _is_plural(words[-1]) else None


def fits_after(word_before: str, option: str) -> bool:
    """Whether ``option`` can follow ``word_before`` in English grammar, as far as the article and number tell
    ("a" before "investigation" or before a plural cannot)."""
    cue = word_before.lower()
    return _article_fits(cue, option) is not False and _number_fits(cue, option) is not False


@_lint(
    "number-mismatch",
    "the stem asks for one thing ('a', 'each', 'one' ...) and an option is plural",
    "make every option agree in number with the stem, or end the stem before the determiner",
    english_only=True,
)
def _number_mismatch(view: _Item) -> Iterator[tuple[str, str | None]]:
    if view.choice:
        cue = _stem_tail(view.item.stem)
        misfits = [option for option in view.options if _number_fits(cue, option) is False]
        if misfits:
            yield (
                f"the stem ends with {_quote(cue)} (one thing), but {_names(misfits)} {'is' if len(misfits) == 1 else 'are'} plural",
                "options",
            )
    yield from _bank_cue(view, _number_fits, "asks for one thing")


@_lint(
    "pronoun-kind",
    "a pronoun in the stem fits the key's kind of actor but not a distractor's (his vs its)",
    "rephrase the stem without the pronoun, or choose distractors of the key's kind",
    english_only=True,
)
def _pronoun_kind(view: _Item) -> Iterator[tuple[str, str | None]]:
    if not view.keys or not view.actor_options:
        return
    pronouns = {word.lower() for word in _words(_unquoted(view.item.stem))}
    key_kinds = {view.actor_kind(key) for key in view.keys}
    for found, agrees, kind_name in (
        (pronouns & _PERSONAL, lambda kind: kind == "person", "a person"),
        (pronouns & _NEUTER, lambda kind: kind in _ORGANISATION_KINDS, "a state, agency or outlet"),
    ):
        if found and all(agrees(kind) for kind in key_kinds):
            misfits = [option for option in view.distractors if not agrees(view.actor_kind(option))]
            if misfits:
                yield (
                    (
                        f"{_names(sorted(found))} in the stem points to {kind_name}, which the key is and "
                        f"{_names(misfits)} {'is' if len(misfits) == 1 else 'are'} not"
                    ),
                    "stem",
                )


@_lint(
    "mixed-kinds",
    "the options are actors of different kinds: a person among states, agencies or groups",
    "draw all the options from actors of one kind (all people, or all states and organisations)",
)
def _mixed_kinds(view: _Item) -> Iterator[tuple[str, str | None]]:
    if not view.actor_options:
        return
    people = [option for option in view.options if view.actor_kind(option) == "person"]
    others = [option for option in view.options if view.actor_kind(option) != "person"]
    # A lone option of another kind is the one students single out; two against two is no such cue.
    for odd, rest in ((people, others), (others, people)):
        if len(odd) == 1 and len(rest) >= 2:
            kind = "not people" if rest is others else "people"
            yield f"{_quote(odd[0])} stands out: the other options are {kind}", "options"


_ALL_NONE = re.compile(r"^(all|none|both|neither) of (the )?(above|these|the above|them)\b", re.IGNORECASE)


@_lint(
    "all-none-of-above",
    "an option is 'all of the above', 'none of these', 'both of the above' ...",
    "write a real option: students can answer 'all/none of the above' by elimination, and options are shuffled",
)
def _all_none(view: _Item) -> Iterator[tuple[str, str | None]]:
    found = [option for option in view.options if _ALL_NONE.match(option)]
    if found:
        yield f"{_names(found)}: 'all/none of the above' options", "options"


_LABEL = r"\(?(?:[A-E]|[1-9])\)?"
_OPTION_REFERENCE = re.compile(
    rf"^(?i:both |only |options? )?{_LABEL}(?:\s*,\s*{_LABEL})*\s*,?\s*(?i:and|or|&)\s*{_LABEL}(?i: only)?$"
)


@_lint(
    "option-references",
    "an option names other options by letter or number ('A and C', '1 and 2 only')",
    "options are shuffled for each student, so letters change: write each option as a statement of its own",
)
def _option_references(view: _Item) -> Iterator[tuple[str, str | None]]:
    found = [option for option in view.options if _OPTION_REFERENCE.match(option.strip().rstrip("."))]
    if found:
        yield f"{_names(found)} refer{'s' if len(found) == 1 else ''} to other options by their label", "options"


_TRUE_FALSE_WORDS = frozenset({"true", "false", "yes", "no", "correct", "incorrect", "right", "wrong"})


@_lint(
    "true-false-options",
    "a choice question whose options are only true/false or yes/no",
    "use a true_false question instead",
)
def _true_false_options(view: _Item) -> Iterator[tuple[str, str | None]]:
    if view.options and all(normalize_answer(option) in _TRUE_FALSE_WORDS for option in view.options):
        yield f"the options {_names(view.options)} make this a true/false question", "options"


_ABSOLUTES = frozenset(
    {
        "always",
        "never",
        "all",
        "none",
        "every",
        "everything",
        "everyone",
        "everybody",
        "nothing",
        "nobody",
        "nowhere",
        "completely",
        "totally",
        "absolutely",
        "entirely",
        "certainly",
        "definitely",
        "undoubtedly",
        "impossible",
        "guaranteed",
    }
)


@lru_cache(maxsize=4096)
def _absolutes(option: str) -> tuple[str, ...]:
    words = _words(option)
    found = tuple(word for word in words if word.lower() in _ABSOLUTES)
    # "only" restricts absolutely when it leads the option ("Only ships at sea"), not in "reported only by".
    if words and words[0].lower() == "only":
        found = (words[0], *found)
    return found


@_lint(
    "absolute-distractor",
    "absolute words (always, never, all, only ...) appear in distractors and not in the key",
    "remove the absolute word from the distractors (or qualify the key the same way): test-wise students rule such options out",
    english_only=True,
)
def _absolute_distractor(view: _Item) -> Iterator[tuple[str, str | None]]:
    if not view.keys or any(_absolutes(key) for key in view.keys):
        return
    found = [(option, _absolutes(option)) for option in view.distractors if not _ALL_NONE.match(option)]
    found = [(option, words) for option, words in found if words]
    if found:
        evidence = "; ".join(f"{_quote(words[0])} in {_quote(option)}" for option, words in found)
        yield f"only distractors use absolute words: {evidence}", "options"


_NEGATIVE = re.compile(r"\b(not|except|never|least|cannot|\w+n't)\b", re.IGNORECASE)
_EMPHASISED = re.compile(r"\*\*[^*]+\*\*|\b(NOT|EXCEPT|NEVER|LEAST|CANNOT|[A-Z]+N'T)\b")


@_lint(
    "negative-unemphasised",
    "a choice stem says not/except/never/least in lower case",
    "write the negative in capitals (NOT, EXCEPT) or **bold**, or better, ask the question positively",
    english_only=True,
)
def _negative_unemphasised(view: _Item) -> Iterator[tuple[str, str | None]]:
    if not view.choice:
        return
    found = _unemphasised_negative(view.item.stem)
    if found:
        yield f"the negative {_quote(found)} in the stem is easy to miss", "stem"


@lru_cache(maxsize=4096)
def _unemphasised_negative(stem: str) -> str | None:
    stem = _unquoted(stem).translate(_APOSTROPHES)
    found = _NEGATIVE.search(stem)
    return found.group(0) if found and not _EMPHASISED.search(stem) else None


_NUMBER = r"(\d+(?:[.,]\d+)*)"
# An interval: low end, whether it is open, high end, whether it is open.
_Interval = tuple[float, bool, float, bool]
# Each pattern's groups (None where an alternative did not match) build its interval.
_RANGES: list[tuple[re.Pattern[str], Callable[..., _Interval]]] = [
    (re.compile(rf"^(?:between |from )?{_NUMBER}\s*(?:-|to|and)\s*{_NUMBER}$"), lambda a, b: (a, False, b, False)),
    (re.compile(rf"^(?:more than|over|above) {_NUMBER}$"), lambda a: (a, True, float("inf"), True)),
    (
        re.compile(rf"^(?:at least {_NUMBER}|{_NUMBER} or more)$"),
        lambda a=None, b=None: ((a if a is not None else b), False, float("inf"), True),
    ),
    (re.compile(rf"^(?:less than|fewer than|under|below) {_NUMBER}$"), lambda a: (float("-inf"), True, a, True)),
    (re.compile(rf"^(?:at most|up to) {_NUMBER}$"), lambda a: (float("-inf"), True, a, False)),
    (re.compile(rf"^{_NUMBER}$"), lambda a: (a, False, a, False)),
]


@lru_cache(maxsize=4096)
def _interval(option: str) -> _Interval | None:
    text = normalize_answer(option).replace("\u2013", "-")
    for pattern, build in _RANGES:
        match = pattern.match(text)
        if match:
            numbers = [float(group.replace(",", "")) if group else None for group in match.groups()]
            return build(*numbers)
    return None


def _overlap(first: _Interval, second: _Interval) -> bool:
    low1, open_low1, high1, open_high1 = first
    low2, open_low2, high2, open_high2 = second
    if high1 < low2 or high2 < low1:
        return False
    if high1 == low2:
        return not (open_high1 or open_low2)
    if high2 == low1:
        return not (open_high2 or open_low1)
    return True


@lru_cache(maxsize=4096)
def _lower_words(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _words(text))


def _contains_phrase(longer: str, shorter: str) -> bool:
    long_words, short_words = _lower_words(longer), _lower_words(shorter)
    size = len(short_words)
    # Phrases only: a word recurring inside a whole sentence is not one option including another.
    return 0 < size < len(long_words) <= 6 and any(
        long_words[i : i + size] == short_words for i in range(len(long_words) - size + 1)
    )


@_lint(
    "overlapping-options",
    "one option includes another (a range inside a range, 'Russia' inside 'Russia and Iran')",
    "make the options exclusive, so exactly one can be right",
)
def _overlapping(view: _Item) -> Iterator[tuple[str, str | None]]:
    options = view.options
    for i, first in enumerate(options):
        for second in options[i + 1 :]:
            if normalize_answer(first) == normalize_answer(second):
                continue
            one, other = _interval(first), _interval(second)
            if one and other and (one[0] != one[2] or other[0] != other[2]) and _overlap(one, other):
                yield f"the ranges {_quote(first)} and {_quote(second)} overlap", "options"
            elif _content(second) and _contains_phrase(first, second):
                yield f"{_quote(second)} is part of {_quote(first)}", "options"
            elif _content(first) and _contains_phrase(second, first):
                yield f"{_quote(first)} is part of {_quote(second)}", "options"


@_lint(
    "duplicate-options", "two options are the same, ignoring case, accents and spacing", "make every option different"
)
def _duplicates(view: _Item) -> Iterator[tuple[str, str | None]]:
    seen: dict[str, str] = {}
    for option in view.options:
        form = normalize_answer(option)
        if form in seen:
            yield f"{_quote(option)} repeats {_quote(seen[form])}", "options"
        else:
            seen[form] = option


@_lint(
    "convergence",
    "the key shares words with more distractors than any distractor does: it is where the options converge",
    "vary the distractors so they do not each borrow a part of the key (e.g. 'land only', 'sea only' beside 'land and sea')",
    english_only=True,
)
def _convergence(view: _Item) -> Iterator[tuple[str, str | None]]:
    if not view.single or len(view.keys) != 1 or len(view.options) < 4 or view.actor_options:
        return
    # Short options only: in long sentences, shared words are chance, not a pattern students see.
    if any(len(_words(option)) > 6 for option in view.options):
        return
    words = {option: _content(option) for option in view.options}
    everywhere = frozenset.intersection(*words.values())
    words = {option: lemmas - everywhere for option, lemmas in words.items()}

    def partners(option: str) -> list[str]:
        return [other for other in view.options if other != option and words[option] & words[other]]

    key = view.keys[0]
    key_partners = partners(key)
    if len(key_partners) >= 2 and all(len(partners(d)) < len(key_partners) for d in view.distractors):
        yield f"the key {_quote(key)} shares words with {_names(key_partners)}; no distractor shares as many", "options"


@_lint(
    "matching-no-spare",
    "a matching question with as many right-hand choices as left-hand entries",
    "add extra_rights (at least one choice that matches nothing), so the last pair is not found by elimination",
)
def _matching_no_spare(view: _Item) -> Iterator[tuple[str, str | None]]:
    item = view.item
    if not _has_pairs(item) or item.extra_rights:
        return
    rights = list(dict.fromkeys(pair.right for pair in item.pairs))
    if len({normalize_answer(right) for right in rights}) == len(item.pairs):
        yield (
            (
                f"{len(item.pairs)} left-hand entries and as many right-hand choices ({_names(rights)}), none spare: "
                "the last pair is found by elimination"
            ),
            "extra_rights",
        )


@_lint(
    "category-signal-words",
    "a right-hand choice repeats a word of its own left-hand entry, and of no other",
    "reword the entry or the choice so the pair is found by meaning, not by a repeated word",
    english_only=True,
)
def _category_signal_words(view: _Item) -> Iterator[tuple[str, str | None]]:
    item = view.item
    if not _has_pairs(item):
        return
    rights = [pair.right for pair in item.pairs] + list(item.extra_rights)
    for pair in item.pairs:
        others = frozenset().union(
            *(_content(right) for right in rights if normalize_answer(right) != normalize_answer(pair.right))
        )
        shared = sorted((_content(pair.left) & _content(pair.right)) - others)
        if shared:
            yield (
                f"{_quote(pair.right)} repeats {_names(_surface(pair.right, shared))} from {_quote(pair.left)}",
                "pairs",
            )


@_lint(
    "acronym-options",
    "the first letters of the items to order spell an acronym students know (S-I-F-T)",
    "reword the items so their first letters do not spell the answer, e.g. drop the step names",
)
def _acronym_options(view: _Item) -> Iterator[tuple[str, str | None]]:
    item = view.item
    if not hasattr(item, "items") or not isinstance(item.items, list):
        return
    initials = "".join(words[0][0].upper() for words in (_words(text) for text in item.items) if words)
    if len(initials) < 3 or len(initials) != len(item.items):
        return
    known = view.facts.acronyms | {word for word in _words(item.stem) if word.isupper() and word.isalpha()}
    if initials in known:
        yield f"the items' first letters, in order, spell {_quote(initials)}", "items"
