"""What every generation rule shares: notes to authors, seeded choice, wording helpers."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Actor, GeneratorSettings, Lesson, Skill
from ..text import contains_whole, normalize_answer, normalize_quote

MAX_DISTRACTORS = 3


@dataclass(frozen=True)
class GeneratorNote:
    """Why a rule made fewer items than it could (shown to authors as a warning and by ``quizgen stats``)."""

    rule: str
    message: str
    flaws: tuple = ()
    """For an item the item-writing-flaw checker left out: its flaws (``quizgen.critic.Flaw``)."""
    item_id: str | None = None
    """For an item the item-writing-flaw checker left out: its id."""


def seeded(*parts: str) -> random.Random:
    """A random stream seeded by the fact, not the quiz: the bank is the same for every variant."""
    return random.Random(":".join(parts))


def unique_texts(texts, exclude=()) -> list[str]:
    """``texts`` without repeats (up to case and spacing) and without anything in ``exclude``."""
    seen = {normalize_answer(text) for text in exclude}
    kept = []
    for text in texts:
        norm = normalize_answer(text)
        if norm and norm not in seen:
            seen.add(norm)
            kept.append(text)
    return kept


def pick(key: str, pool: list[str], rng: random.Random, limit: int = MAX_DISTRACTORS) -> list[str]:
    """Up to ``limit`` distinct texts from ``pool`` in a seeded random order.

    None equals ``key`` or overlaps it or another pick ("Thailand" beside "Thailand's army"), which would let a
    student rule options in or out by their words alone.
    """
    unique = unique_texts(pool, exclude=[key])
    rng.shuffle(unique)
    chosen: list[str] = []
    for text in unique:
        if len(chosen) == limit:
            break
        if not any(overlapping(text, other) for other in [key, *chosen] if other):
            chosen.append(text)
    return chosen


def overlapping(first: str, second: str) -> bool:
    """Whether one text contains the other as whole words (up to case and spacing)."""
    a, b = normalize_answer(first), normalize_answer(second)
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and contains_whole(longer, shorter)


def quote(text: str) -> str:
    """Text in typographic double quotes."""
    return f"\u201c{text}\u201d"


def capitalised(text: str) -> str:
    """``text`` with a capital first letter, as it starts a sentence or a list entry."""
    return text[:1].upper() + text[1:]


def common_fields(settings: GeneratorSettings, default_topic: str, default_skill: Skill | None = None) -> dict:
    """Topic, skill, objective and points of a rule's items, with the lesson's overrides applied."""
    return {
        "topic": settings.topic or default_topic,
        "skill": settings.skill or default_skill,
        "objective": settings.objective,
        "points": settings.points,
    }


def chunks(items: list, size: int) -> list[list]:
    """Split into groups of ``size``; a short tail joins the previous group when it would be too small."""
    groups = [items[i : i + size] for i in range(0, len(items), size)]
    if len(groups) > 1 and len(groups[-1]) < 2:
        groups[-2].extend(groups.pop())
    return groups


def related(lesson: Lesson, actor: Actor, other: Actor) -> bool:
    """Whether two actors stand for each other (one is part of the other), so neither is a wrong answer for the other."""
    return (
        other.id == actor.id
        or other.part_of == actor.id
        or actor.part_of == other.id
        or (actor.part_of is not None and actor.part_of == other.part_of)
    )


def pick_actors(
    key: Actor, candidates: list[Actor], rng: random.Random, lesson: Lesson, limit: int = MAX_DISTRACTORS
) -> list[Actor]:
    """Up to ``limit`` of ``candidates`` in a seeded random order, no two standing for the same side
    ("Denmark" and "the Danish military"), none with a name that overlaps the key's or another pick's."""
    shuffled = list(candidates)
    rng.shuffle(shuffled)
    chosen: list[Actor] = []
    for other in shuffled:
        if len(chosen) == limit:
            break
        if any(related(lesson, other, taken) or overlapping(other.name, taken.name) for taken in [key, *chosen]):
            continue
        chosen.append(other)
    return chosen


def is_writer(lesson: Lesson, actor: Actor) -> bool:
    """Whether the actor is the outlet that wrote the article (or the writer an article without an outlet has)."""
    if actor.writer:
        return True
    if lesson.source.outlet is None:
        return False
    outlet = normalize_answer(lesson.source.outlet)
    return any(
        normalize_answer(name) == outlet or normalize_answer(name).startswith(outlet + " (") for name in actor.names
    )


def display_name(lesson: Lesson, actor: Actor, say) -> str:
    """How an actor is offered as an option: the writing outlet always with its role."""
    if is_writer(lesson, actor):
        # An article without a named outlet has a writer actor whose name already says what it is.
        return say("claim_source.writer", outlet=lesson.source.outlet) if lesson.source.outlet else actor.name
    return actor.name


def proper_names(actor: Actor) -> list[str]:
    """The actor's names that identify it: its name and capitalised aliases, not descriptions like "state media".

    An actor whose own name is a description ("A blogger") is identified by its descriptions.
    """
    words = actor.name.split()
    if words and words[0] in ("A", "An", "The", "Some", "One"):
        words = words[1:]
    if not any(word[:1].isupper() for word in words):
        return actor.names
    return [actor.name, *(alias for alias in actor.aliases if alias[:1].isupper() or not alias[:1].isalpha())]


# Only Latin letters and digits glue words together: Korean particles follow a name directly ("국영 매체가").
_GLUE = re.compile(r"[A-Za-z0-9\u00c0-\u024f]", re.IGNORECASE)


def _whole_name_in(text: str, name: str) -> str | None:
    """``name`` as ``text`` writes it, where no glue character touches it (case-insensitive), or ``None``.

    The same as searching ``(?<![glue])name(?![glue])``, but only the name is compiled: a class of Latin ranges
    costs a quarter of a millisecond to compile, and there was one pattern per name.
    """
    literal = re.compile(re.escape(name), re.IGNORECASE)
    match = literal.search(text)
    while match:
        start, end = match.span()
        if not (start and _GLUE.match(text, start - 1)) and not _GLUE.match(text, end):
            return match.group(0)
        if start == len(text):
            break  # search clamps a start past the end to the end: an empty name would be found there forever
        match = literal.search(text, start + 1)
    return None


def find_name(text: str, names: list[str]) -> str | None:
    """The first of ``names`` that ``text`` mentions as a whole word (case-insensitive), as the text writes it."""
    plain = normalize_quote(text)
    for name in sorted(names, key=len, reverse=True):
        found = _whole_name_in(plain, normalize_quote(name))
        if found is not None:
            return found
    return None


_PRONOUNS = re.compile(
    r"\b(he|him|his|she|her|hers|it|its|their|theirs|they|them|himself|herself|itself|themselves)\b", re.IGNORECASE
)


def has_pronoun(text: str) -> bool:
    """Whether a phrase uses a third-person pronoun (which would hint at the kind of actor it is about)."""
    return bool(_PRONOUNS.search(text))


@lru_cache(maxsize=4096)
def sentence_with(passage: str, quote_text: str) -> str:
    """The sentence of ``passage`` that holds ``quote_text`` (the whole passage when it cannot tell)."""
    plain, target = normalize_quote(passage), normalize_quote(quote_text)
    start = plain.find(target)
    if start < 0:
        return plain
    left = max(plain.rfind(". ", 0, start), plain.rfind("? ", 0, start), plain.rfind("! ", 0, start))
    end_candidates = [
        i
        for i in (
            plain.find(". ", start + len(target)),
            plain.find("? ", start + len(target)),
            plain.find("! ", start + len(target)),
        )
        if i >= 0
    ]
    end = min(end_candidates) + 1 if end_candidates else len(plain)
    return plain[left + 2 if left >= 0 else 0 : end].strip()


_STOPWORDS = frozenset(
    """
a an the and or but if of in on at to for from by with without about into over under after before between through
during as is are was were be been being has have had do does did will would can could may might must should shall
this that these those it its they them their there here which who whom whose what when where why how not no nor so
than then too very also just only more most less least such same other another each every any some all both either
neither own his her he she him we us our you your i me my one two three new said says say according
near against along across within around toward towards upon onto off up down out via per despite among beyond till
since while until because although though whether unless amid amidst behind beside besides beneath below above
inside outside throughout ago yet
""".split()
)
# Past tenses that do not end in -ed: never the head of a topic phrase ("found near").
_IRREGULAR_PAST = frozenset(
    """
found said told made took gave began came went saw held kept left led met put ran sent set built brought bought caught
fought thought won hit shot struck stood spoke wrote broke chose drove flew grew knew threw rose fell became paid laid
lost meant sold fled sought spent felt dealt fed bled bent bound hid hung lent lit rode rang sank shook slid sprang
stole stuck swore swept swung taught tore understood undertook withdrew withheld upheld overthrew drew ate wore
woke froze forgot forgave foresaw oversaw overtook sped
""".split()
)


@lru_cache(maxsize=16384)
def content_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that carry meaning (lower case, in order, a plural's final s dropped), stopwords left out."""
    return tuple(_stem(word.casefold()) for word in _tokens(text) if _content(word))


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", normalize_quote(text))


def _content(word: str) -> bool:
    return word.casefold() not in _STOPWORDS and len(word) > 2


def topic_phrases(text: str, words: set[str]) -> list[str]:
    """Short noun phrases of ``text`` around each of its words in ``words`` (stems), first mention first.

    Around a lower-case word: one modifier before it where a noun phrase starts, up to two lower-case words after
    it, and "the" before a singular noun; around a capitalised word: the whole name, and the noun after a proper
    adjective ("North Korean troops").  Verbs are never the head of a phrase.
    """
    tokens = _tokens(text)
    phrases: list[str] = []
    used: set[int] = set()
    for index, token in enumerate(tokens):
        stem = _stem(token.casefold())
        if index in used or not _content(token) or stem not in words or _verb_like(token) or _counts_or_dates(token):
            continue
        if token.islower():
            start = index
            # One modifier before the word, only where a noun phrase starts ("a drone operation command"), and
            # never a number word, which would lose its own "half a" ("the million people").
            if (
                index > 0
                and _content(tokens[index - 1])
                and tokens[index - 1].islower()
                and not _counts_or_dates(tokens[index - 1])
                and (index == 1 or _phrase_starts_after(tokens[index - 2]))
            ):
                start = index - 1
            end = index + 1
            while (
                end < len(tokens)
                and end - index <= 2
                and _content(tokens[end])
                and tokens[end].islower()
                and not _verb_like(tokens[end])
            ):
                end += 1
            phrase = " ".join(tokens[start:end])
            # A singular common noun needs its article ("the drone operation command"), and "the" stays.
            if not tokens[end - 1].endswith("s") or (start > 0 and tokens[start - 1].casefold() == "the"):
                phrase = "the " + phrase
        else:
            start, end = index, index + 1
            while start > 0 and tokens[start - 1][:1].isupper():
                start -= 1
            while end < len(tokens) and tokens[end][:1].isupper():
                end += 1
            while (
                end < len(tokens)
                and end - index <= 3
                and _content(tokens[end])
                and tokens[end].islower()
                and not _verb_like(tokens[end])
            ):
                end += 1  # "North Korean troops", "Sweden's exclusive economic zone": a name takes its noun
            run = tokens[start:end]
            if run[0] in ("The", "A", "An"):  # capitalised only because the claim starts with it
                run = [run[0].lower(), *run[1:]]
            phrase = " ".join(run)
        used.update(range(start, end))
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


# Words that count or date something name no topic of their own ("the article's account of June").
_COUNTS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions trillion trillions dozen dozens half
    """.split()
)
# Capitalised only: "a march on the capital" is a topic, "in March" is not.
_DATES = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)


def _counts_or_dates(token: str) -> bool:
    lower = token.casefold()
    return lower in _COUNTS or (token[:1].isupper() and lower in _DATES)


def _phrase_starts_after(token: str) -> bool:
    """Whether a noun phrase can start after ``token``: a determiner, a function word or a verb, but not "to"."""
    lower = token.casefold()
    return lower != "to" and (lower in _STOPWORDS or _verb_like(token))


def _verb_like(token: str) -> bool:
    lower = token.casefold()
    return lower.endswith(("ed", "ing", "ly")) or lower in _IRREGULAR_PAST


def _stem(word: str) -> str:
    word = re.sub(r"'s$", "", word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
