"""What every generation rule shares: notes to authors, seeded choice, wording helpers."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..model import Actor, GeneratorSettings, Lesson, Skill
from ..text import normalize_answer, normalize_quote

MAX_DISTRACTORS = 3


@dataclass(frozen=True)
class GeneratorNote:
    """Why a rule made fewer items than it could (shown to authors as a warning and by ``quizgen stats``)."""

    rule: str
    message: str


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
    """Up to ``limit`` distinct texts from ``pool``, none equal to ``key``, in a seeded random order."""
    unique = unique_texts(pool, exclude=[key])
    rng.shuffle(unique)
    return unique[:limit]


def quote(text: str) -> str:
    """Text in typographic double quotes."""
    return f"\u201c{text}\u201d"


def mid_sentence(name: str) -> str:
    """A name as written inside a sentence: "The Finnish coast guard" becomes "the Finnish coast guard"."""
    first, _, rest = name.partition(" ")
    if first in ("The", "A", "An") and rest:
        return f"{first.lower()} {rest}"
    return name


def common_fields(settings: GeneratorSettings, default_topic: str, default_skill: Skill | None = None) -> dict:
    """Topic, skill, objective and points of a rule's items, with the lesson's overrides applied."""
    return {"topic": settings.topic or default_topic, "skill": settings.skill or default_skill,
            "objective": settings.objective, "points": settings.points}


def chunks(items: list, size: int) -> list[list]:
    """Split into groups of ``size``; a short tail joins the previous group when it would be too small."""
    groups = [items[i : i + size] for i in range(0, len(items), size)]
    if len(groups) > 1 and len(groups[-1]) < 2:
        groups[-2].extend(groups.pop())
    return groups


def related(lesson: Lesson, actor: Actor, other: Actor) -> bool:
    """Whether two actors stand for each other (one is part of the other), so neither is a wrong answer for the other."""
    return other.id == actor.id or other.part_of == actor.id or actor.part_of == other.id or (
        actor.part_of is not None and actor.part_of == other.part_of)


def is_writer(lesson: Lesson, actor: Actor) -> bool:
    """Whether the actor is the outlet that wrote the article."""
    outlet = normalize_answer(lesson.source.outlet)
    return any(normalize_answer(name) == outlet or normalize_answer(name).startswith(outlet + " (")
               for name in actor.names)


def display_name(lesson: Lesson, actor: Actor, say) -> str:
    """How an actor is offered as an option: the writing outlet always with its role."""
    if is_writer(lesson, actor):
        return say("claim_source.writer", outlet=lesson.source.outlet)
    return actor.name


def _word_pattern(name: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(normalize_quote(name)) + r"(?!\w)", re.IGNORECASE)


def find_name(text: str, names: list[str]) -> str | None:
    """The first of ``names`` that ``text`` mentions as a whole word (case-insensitive), as the text writes it."""
    plain = normalize_quote(text)
    for name in sorted(names, key=len, reverse=True):
        match = _word_pattern(name).search(plain)
        if match:
            return match.group(0)
    return None


_PRONOUNS = re.compile(r"\b(he|him|his|she|her|hers|its|their|theirs|they|them|himself|herself|itself|themselves)\b",
                       re.IGNORECASE)


def has_pronoun(text: str) -> bool:
    """Whether a phrase uses a third-person pronoun (which would hint at the kind of actor it is about)."""
    return bool(_PRONOUNS.search(text))


def sentence_with(passage: str, quote_text: str) -> str:
    """The sentence of ``passage`` that holds ``quote_text`` (the whole passage when it cannot tell)."""
    plain, target = normalize_quote(passage), normalize_quote(quote_text)
    start = plain.find(target)
    if start < 0:
        return plain
    left = max(plain.rfind(". ", 0, start), plain.rfind("? ", 0, start), plain.rfind("! ", 0, start))
    end_candidates = [i for i in (plain.find(". ", start + len(target)), plain.find("? ", start + len(target)),
                                  plain.find("! ", start + len(target))) if i >= 0]
    end = min(end_candidates) + 1 if end_candidates else len(plain)
    return plain[left + 2 if left >= 0 else 0 : end].strip()


_STOPWORDS = frozenset("""
a an the and or but if of in on at to for from by with without about into over under after before between through
during as is are was were be been being has have had do does did will would can could may might must should shall
this that these those it its they them their there here which who whom whose what when where why how not no nor so
than then too very also just only more most less least such same other another each every any some all both either
neither own his her he she him we us our you your i me my one two three new said says say according
""".split())


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning (lower case, in order, a plural's final s dropped), stopwords left out."""
    return [_stem(word.casefold()) for word in _tokens(text) if _content(word)]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", normalize_quote(text))


def _content(word: str) -> bool:
    return word.casefold() not in _STOPWORDS and len(word) > 2


def topic_phrase(text: str, words: set[str]) -> str | None:
    """The short noun phrase of ``text`` around a word in ``words`` (stems): "attack drones" for {"drone"}.

    A lower-case word is preferred, with one lower-case modifier before it and up to two lower-case nouns
    after it (not past-tense verbs); failing that, the whole capitalised name the word belongs to.
    """
    tokens = _tokens(text)
    shared = [i for i, token in enumerate(tokens) if _content(token) and _stem(token.casefold()) in words]
    lower = [i for i in shared if tokens[i].islower()]
    if lower:
        index = lower[0]
        start = index - 1 if index > 0 and _content(tokens[index - 1]) and tokens[index - 1].islower() else index
        if start > 0 and tokens[start - 1] == "the":
            start -= 1
        end = index + 1
        while (end < len(tokens) and end - index <= 2 and _content(tokens[end]) and tokens[end].islower()
               and not tokens[end].endswith("ed")):
            end += 1
        return " ".join(tokens[start:end])
    if shared:
        start = end = shared[0]
        while start > 0 and tokens[start - 1][:1].isupper():
            start -= 1
        while end + 1 < len(tokens) and tokens[end + 1][:1].isupper():
            end += 1
        if end + 1 < len(tokens) and _content(tokens[end + 1]) and tokens[end + 1].islower() and not tokens[end + 1].endswith("ed"):
            end += 1  # "North Korean troops": a proper adjective takes its noun
        return " ".join(tokens[start : end + 1])
    return None


def _stem(word: str) -> str:
    word = re.sub(r"'s$", "", word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
