"""Help for an evidence quote that is not where the lesson says: where it is, or what it nearly matches.

An author who types "4:12" for the article's "04:12", or cites p2 for words
that are in p6, should be told exactly that, not only that the quote is
missing.  The passage is searched verbatim first (in the sense of
:func:`quizgen.text.normalize_quote`), then approximately with rapidfuzz; the
difference is shown word by word, which is how an author compares text.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from .text import normalize_quote, quote_in

# Below this partial-ratio score the "closest" text is a different sentence, not a near miss.
NEAR_MISS_SCORE = 75.0
_CLIP = 120
_EDGE_PUNCTUATION = ".,;:!?\"'()[]"


@dataclass(frozen=True)
class NearMiss:
    """The passage text closest to a quote, where it is, and how it differs."""

    paragraph: str
    text: str
    difference: str


def paragraphs_with(quote: str, passages: Mapping[str, str]) -> list[str]:
    """Ids of the paragraphs (text or heading) that contain ``quote`` verbatim."""
    return [paragraph_id for paragraph_id, passage in passages.items() if quote_in(quote, passage)]


def closest_text(quote: str, passages: Mapping[str, str], prefer: str | None = None) -> NearMiss | None:
    """The stretch of passage most like ``quote``, if it is close enough to be a typing slip.

    ``prefer`` (the cited paragraph) wins a tie, so a slip is shown where the author looked.
    """
    # Only a quote that is not in the passage gets here: a valid lesson's load does not pay for importing rapidfuzz.
    from rapidfuzz import fuzz

    wanted = normalize_quote(quote)
    if len(wanted) < 4:
        return None
    best: tuple[float, str, str] | None = None
    for paragraph_id, passage in passages.items():
        plain = normalize_quote(passage)
        alignment = fuzz.partial_ratio_alignment(wanted, plain, score_cutoff=NEAR_MISS_SCORE)
        if alignment is None:
            continue
        text = _whole_words(plain, alignment.dest_start, alignment.dest_end)
        score = alignment.score + (0.5 if paragraph_id == prefer else 0.0)
        if best is None or score > best[0]:
            best = (score, paragraph_id, text)
    if best is None:
        return None
    _, paragraph_id, text = best
    return NearMiss(paragraph_id, _clip(text), word_difference(wanted, text))


def word_difference(quote: str, passage_text: str) -> str:
    """Say word by word how the passage differs from the quote, e.g. 'it has "04:12" where the quote has "4:12"'."""
    ours, theirs = quote.split(), passage_text.split()
    # Punctuation around a word (the full stop a quote leaves off) is not what the author got wrong.
    matcher = difflib.SequenceMatcher(a=[_bare(w) for w in ours], b=[_bare(w) for w in theirs], autojunk=False)
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        quoted, found = " ".join(ours[i1:i2]), " ".join(theirs[j1:j2])
        if tag == "replace":
            parts.append(f'"{found}" where the quote has "{quoted}"')
        elif tag == "insert":
            parts.append(f'"{found}", which the quote leaves out')
        elif tag == "delete":
            parts.append(f'no "{quoted}"')
    if not parts:
        return "the same words, with different spacing or punctuation inside a word"
    return "the passage has " + "; ".join(parts[:3]) + ("; ..." if len(parts) > 3 else "")


def _bare(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION) or word


def _whole_words(text: str, start: int, end: int) -> str:
    """Widen ``text[start:end]`` to whole words, so a near miss is never shown cut mid-word."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip().rstrip(_EDGE_PUNCTUATION)


def _clip(text: str) -> str:
    return text if len(text) <= _CLIP else text[: _CLIP - 1] + "\u2026"
