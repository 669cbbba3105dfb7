"""Fill-in-the-blank items from the sentences the author marked with ``[[blanks]]``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..critic import fits_after, words_before_blanks
from ..model import Cloze, GeneratorSettings, Lesson, Question, Trace
from ..phrases import Phrases
from ..text import cloze_blanks, cloze_plain, cloze_segments, normalize_answer
from .common import GeneratorNote, common_fields, quote, seeded
from .signals import signal_families

_DATE = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|week|month|year)s?\b|"
    r"\b(1[89]|20)\d\d\b",
    re.IGNORECASE,
)
_JOINED = re.compile(r"^\s*(,?\s*(and|or|und|et|y|과|와|및)|,|/)?\s*$", re.IGNORECASE)


def answer_kind(answer: str) -> str:
    """What kind of word fills a blank: ``date``, ``number``, ``name`` (capitalised), ``plural`` or ``word``."""
    if _DATE.search(answer):
        return "date"
    if any(ch.isdigit() for ch in answer):
        return "number"
    if answer[:1].isupper():
        return "name"
    last = answer.split()[-1] if answer.split() else answer
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        return "plural"
    return "word"


def _kind_in(lesson: Lesson, answer: str) -> str:
    """An answer's kind, with names told apart by what the lesson says they are (a country is no company)."""
    kind = answer_kind(answer)
    if kind == "name":
        actor = next((a for a in lesson.actors if normalize_answer(answer) in map(normalize_answer, a.names)), None)
        return f"name:{actor.kind}" if actor else "name:other"
    return kind


def _form(lesson: Lesson, answer: str) -> str:
    """An answer's kind, with a past form ("geolocated") or an adverb told apart from other words."""
    kind = _kind_in(lesson, answer)
    last = answer.split()[-1].casefold() if answer.split() else ""
    if kind == "word" and last.endswith("ed"):
        return "word:past"
    if kind == "word" and last.endswith("ly"):
        return "word:adverb"
    return kind


def _extras(lesson: Lesson, sentence: str, answers: list[str], others: list[str], rng) -> list[str]:
    """Two words of the lesson's other blanks for the word bank, each fitting one blank in its place: of that blank's
    form, after the word before it ("a" rules out "investigation"), and not a word that says the same about a
    source as an answer ("refuted" for "untrue").  Fewer than two when the blanks have no such rivals."""
    families = set().union(*(signal_families(answer) for answer in answers))
    blanks = list(zip(answers, words_before_blanks(sentence), strict=True))
    rng.shuffle(blanks)
    chosen: list[str] = []
    for answer, word_before in blanks:
        form = _form(lesson, answer)
        rivals = [
            other
            for other in others
            if other not in answers
            and other not in chosen
            and _form(lesson, other) == form
            and fits_after(word_before, other)
            and not signal_families(other) & families
        ]
        if rivals:
            chosen.append(rng.choice(sorted(set(rivals))))
        if len(chosen) == 2:
            break
    return chosen


def coordinated_blanks(sentence: str) -> bool:
    """Whether two blanks stand side by side ("both [[x]] and [[y]]", "[[x]] [[y]]"): either order, or one pair
    copied together, would fill them."""
    return any(_JOINED.match(between) for between in cloze_segments(sentence)[1:-1])


def cloze(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Fill the blanks of the marked sentences; a word bank only for two or more blanks, with two extras of their kinds."""
    say = Phrases(lesson.language)
    all_answers = [answers[0] for blank in lesson.blanks for answers in cloze_blanks(blank.sentence)]
    for blank in lesson.blanks:
        if coordinated_blanks(blank.sentence):
            yield GeneratorNote(
                "cloze",
                f"blank '{blank.id}': two blanks are joined by 'and'/'or', so either order "
                "reads right; blank only one of them",
            )
            continue
        answers = [answers[0] for answers in cloze_blanks(blank.sentence)]
        extra = _extras(lesson, blank.sentence, answers, all_answers, seeded("cloze", blank.id))
        # A bank holding only the answers, or extras that cannot fit any blank, gives them away, and with one blank
        # the article before it ("a", "an") often rules the extras out: then students type.
        bank = [*answers, *extra] if len(extra) == 2 and len(answers) >= 2 else []
        yield Cloze(
            id=f"cloze-{blank.id}",
            type="cloze",
            stem=say("cloze.stem"),
            text=blank.sentence,
            word_bank=bank,
            paragraph=blank.paragraph,
            evidence=cloze_plain(blank.sentence),
            explanation=say("cloze.explanation", answers=", ".join(quote(a) for a in answers)),
            trace=Trace(rule="cloze", facts=[f"blanks.{blank.id}"]),
            **common_fields(settings, "comprehension"),
        )
