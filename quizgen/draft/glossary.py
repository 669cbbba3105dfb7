"""Glossary candidates: the article's multi-word terms, then its rare words and hyphenated terms, rarest first.

A word is rare when wordfreq's small English list puts it below a Zipf frequency of 3.5 (fewer than
about three uses per million words of English); names (capitalised words)
and numbers are left out.  A multi-word term is two lower-case words the
article uses at least twice, neither a function word and one of them
uncommon ("attack drones", "drone warfare").  Definitions are the author's to write.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

RARE_ZIPF = 3.5
MAX_TERMS = 8
_WORD = re.compile(r"(?<![\w\u2019'-])([a-z][a-z]+(?:-[a-z]+)*)(?![\w-])")
# Every pair of adjacent lower-case words (overlapping: the lookahead consumes nothing).
_PAIR = re.compile(r"(?<![\w\u2019'-])(?=([a-z][a-z-]{3,}) ([a-z][a-z-]{3,})(?![\w-]))")
MAX_PAIRS = 3
FUNCTION_ZIPF = 6.0  # "that", "these", "have": words this common are never part of a term
UNCOMMON_ZIPF = 4.5  # at least one word of a term is this rare


@dataclass
class TermCandidate:
    """A rare term, its first use (a span of a few words around it) and its rarity."""

    term: str
    paragraph: int
    start: int
    end: int
    zipf: float


def _window(text: str, start: int, end: int, words: int = 3) -> tuple[int, int]:
    """The span of the term with up to ``words`` words either side, within its clause."""
    left = start
    for _ in range(words):
        previous = text.rfind(" ", 0, left - 1)
        if previous == -1 or re.search(r"[,;:.!?\u201c\u201d\"]", text[previous:left]):
            break
        left = previous + 1
    right = end
    for _ in range(words):
        following = text.find(" ", right + 1)
        piece = text[right : following if following != -1 else len(text)]
        if re.search(r"[,;:.!?\u201c\u201d\"]", piece):
            break
        if following == -1:
            right = len(text)
            break
        right = following
    return left, right


def find_terms(paragraphs: list[str]) -> list[TermCandidate]:
    """Up to :data:`MAX_TERMS` terms, each at its first use: repeated multi-word terms first, then rare words."""
    from wordfreq import zipf_frequency  # loads its English word list on first use

    pairs = _multi_word_terms(paragraphs, zipf_frequency)
    words = _rare_words(paragraphs, zipf_frequency, {word for pair in pairs for word in pair.term.split()})
    return [*pairs, *words][:MAX_TERMS]


def _multi_word_terms(paragraphs: list[str], zipf_frequency) -> list[TermCandidate]:
    counts: Counter[str] = Counter()
    first: dict[str, TermCandidate] = {}
    for index, paragraph in enumerate(paragraphs):
        for match in _PAIR.finditer(paragraph):
            left, right = match.group(1), match.group(2)
            rarity = [zipf_frequency(word, "en", wordlist="small") for word in (left, right)]
            if max(rarity) >= FUNCTION_ZIPF or min(rarity) >= UNCOMMON_ZIPF or 0 in rarity:
                continue
            term = f"{left} {right}"
            counts[term] += 1
            if term not in first:
                start, end = _window(paragraph, match.start(1), match.start(1) + len(term))
                first[term] = TermCandidate(term, index, start, end, min(rarity))
    repeated = [first[term] for term, count in counts.items() if count >= 2]
    return sorted(repeated, key=lambda t: (t.zipf, t.paragraph, t.start))[:MAX_PAIRS]


def _rare_words(paragraphs: list[str], zipf_frequency, taken: set[str]) -> list[TermCandidate]:
    found: dict[str, TermCandidate] = {}
    for index, paragraph in enumerate(paragraphs):
        for match in _WORD.finditer(paragraph):
            term = match.group(1)
            if term in found or term in taken or len(term) < 5:
                continue
            zipf = zipf_frequency(term, "en", wordlist="small")  # 0 below the small list's floor (Zipf 3)
            if zipf >= RARE_ZIPF:
                continue  # common, or not a word wordfreq knows (a typo or a coined name)
            start, end = _window(paragraph, match.start(1), match.end(1))
            found[term] = TermCandidate(term, index, start, end, zipf)
    return sorted(found.values(), key=lambda t: (t.zipf, t.paragraph, t.start))[:MAX_TERMS]
