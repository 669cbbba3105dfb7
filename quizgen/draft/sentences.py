"""Sentences of a paragraph as character spans, so every quote taken from them is verbatim."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, trailing spaces excluded; together they cover the text."""
    spans: list[tuple[int, int]] = []
    for span in _segmenter().segment(text):
        start, end = span.start, span.end
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            spans.append((start, end))
    return spans or [(0, len(text))]


_EDGE = " \t,;:\u2014\u2013-\"'\u201c\u201d\u2018\u2019"
_LEADING_WORD = re.compile(r"(?:and|but|while|as|so|or|then|also|that)\s+", re.IGNORECASE)


def trim(text: str, start: int, end: int, *, leading_words: bool = False) -> tuple[int, int]:
    """Narrow ``text[start:end]`` past spaces, commas and quote marks at either end (and "and", "but" ... first).

    A closing full stop goes too, unless it ends an abbreviation the quote needs ("Mo.").
    """
    while True:
        before = (start, end)
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        if end > start and text[end - 1] in ".!?" and not re.search(r"\b[A-Z][a-z]?\.$", text[start:end]):
            end -= 1
        if leading_words:
            match = _LEADING_WORD.match(text, start, end)
            if match and match.end() < end:
                start = match.end()
        if (start, end) == before:
            return start, end
