"""The annotation key: the passage with each claim's quote marked, coloured by how sure the claim is and labelled
in text too (so a greyscale print still reads), with its signal words picked out, and a legend."""

from __future__ import annotations

from dataclasses import dataclass

from ..generate.signals import signal_words
from ..model import Lesson, Support
from ..phrases import Phrases
from ..text import normalize_quote

SUPPORT_ORDER = tuple(Support)


@dataclass(frozen=True)
class Segment:
    """A run of passage text: plain, or part of claim ``number``'s quote (``signal`` for its signal words)."""

    text: str
    number: int | None = None
    support: str | None = None
    signal: bool = False


@dataclass(frozen=True)
class MarkedClaim:
    """A claim as the key's legend lists it: number, who says it, how sure, its signal words."""

    number: int
    id: str
    actor: str
    actor_kind: str
    support: str
    support_label: str
    signal: str | None
    quote: str
    paragraph_number: int


@dataclass(frozen=True)
class MarkedParagraph:
    """One paragraph of the key, split into segments."""

    number: int
    heading: str | None
    segments: tuple[Segment, ...]


def _find(haystack: str, needle: str, start: int = 0) -> int:
    return haystack.find(needle, start) if needle else -1


def annotation_key(lesson: Lesson) -> tuple[list[MarkedClaim], list[MarkedParagraph]]:
    """The legend's claims and the passage split into marked segments.

    Paragraph text is shown without Markdown emphasis (the quotes are matched the same way the loader checks
    them); a quote that overlaps an earlier one is listed in the legend but not marked twice.
    """
    say = Phrases(lesson.language)
    claims = []
    for number, claim in enumerate(lesson.claims, start=1):
        actor = lesson.actor(claim.asserted_by)
        claims.append(
            MarkedClaim(
                number,
                claim.id,
                actor.name,
                actor.kind,
                claim.support.value,
                say.kind(claim.support),
                signal_words(lesson, claim),
                claim.evidence,
                lesson.paragraph_number(claim.paragraph),
            )
        )
    paragraphs = []
    for index, paragraph in enumerate(lesson.paragraphs, start=1):
        text = normalize_quote(paragraph.text)
        spans: list[tuple[int, int, MarkedClaim]] = []
        for marked in claims:
            if marked.paragraph_number != index:
                continue
            start = _find(text, normalize_quote(marked.quote))
            if start < 0:
                continue
            end = start + len(normalize_quote(marked.quote))
            if any(start < other_end and other_start < end for other_start, other_end, _ in spans):
                continue
            spans.append((start, end, marked))
        spans.sort(key=lambda span: span[0])
        segments: list[Segment] = []
        cursor = 0
        for start, end, marked in spans:
            if start > cursor:
                segments.append(Segment(text[cursor:start]))
            segments += _with_signal(text[start:end], marked)
            cursor = end
        if cursor < len(text):
            segments.append(Segment(text[cursor:]))
        paragraphs.append(MarkedParagraph(index, paragraph.heading, tuple(segments)))
    return claims, paragraphs


def _with_signal(quote: str, marked: MarkedClaim) -> list[Segment]:
    signal = normalize_quote(marked.signal) if marked.signal else ""
    at = _find(quote, signal)
    if at < 0:
        return [Segment(quote, marked.number, marked.support)]
    pieces = [
        Segment(quote[:at], marked.number, marked.support),
        Segment(quote[at : at + len(signal)], marked.number, marked.support, signal=True),
        Segment(quote[at + len(signal) :], marked.number, marked.support),
    ]
    return [piece for piece in pieces if piece.text]
