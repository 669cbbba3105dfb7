"""Lesson Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

Raw HTML in lesson text is not rendered (``html=False``) and the result is
sanitised anyway, so a lesson cannot inject scripts, styles, frames or
remote images into the web page or the PDF.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .fields import SAFE_URL_SCHEMES

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def _markdown() -> MarkdownIt:
    # markdown-it takes longer to import than a whole GIFT export takes to write: only the first render pays for it,
    # so paths that never render (the spreadsheets, `quizgen validate`) never do.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "ul", "ol", "li", "blockquote", "br", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


# Characters that mean something to Markdown or HTML inside a line: escapes, code, emphasis, links and images,
# raw HTML and autolinks, entities.
_INLINE_MARKUP = frozenset("\\`*_[]<>&")
# What only means something at the start of a block: headings, quotes, lists, breaks, fences, raw HTML, and an
# ordered list's number (conservatively any leading digits then "." or ")").
_BLOCK_START = re.compile(r"[#>+\-=~|:]|[0-9]+[.)]")
# How a strong span may end: a letter or digit, or punctuation that closes a phrase (the "**Label:** text" lead-in).
_STRONG_END = frozenset(".,:;!?)\"'\u201d\u2019")


def _plain_characters(text: str) -> bool:
    return all(c == " " or (c.isprintable() and not c.isspace() and c not in _INLINE_MARKUP) for c in text)


def _simple_inline_html(text: str) -> str | None:
    """The HTML of one line of plain words with ``**strong**`` spans, or None when the line is anything more.

    Plain words have only printable characters, no other whitespace than inner spaces (Markdown trims and breaks
    lines, sanitising spells non-breaking spaces as entities), none of the characters of inline Markdown, raw HTML or
    entities, and no block marker at the line's start. A span opens after the line's start or a space, before a letter
    or digit, and closes before a space or the line's end, so each ``**`` can only open or only close and CommonMark
    pairs them in order.
    """
    if not text or text[0] == " " or text[-1] == " " or _BLOCK_START.match(text):
        return None
    parts = text.split("**")
    if len(parts) % 2 == 0 or not all(_plain_characters(part) for part in parts):
        return None
    html = []
    for index, part in enumerate(parts):
        if index % 2:
            if not (part[:1].isalnum() and (part[-1].isalnum() or part[-1] in _STRONG_END)):
                return None
            html.append(f"<strong>{part}</strong>")
            continue
        after_span, before_span = index > 0, index < len(parts) - 1
        if after_span and before_span and not part:
            return None  # two spans touching: a run of four asterisks
        if (after_span and part[:1] not in ("", " ")) or (before_span and part[-1:] not in ("", " ")):
            return None
        html.append(part)
    return "".join(html)


def _clean(html: str) -> str:
    import nh3  # with the parser: plain text needs neither

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )


def _render_with_library(text: str) -> str:
    return _clean(_markdown().render(text))


def _render_inline_with_library(text: str) -> str:
    return _clean(_markdown().renderInline(text))


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Render block Markdown (paragraphs, lists, emphasis, links) to sanitised HTML."""
    # Plain text, at most with strong spans, is most of a lesson's text, and its HTML is known without importing the
    # parser (tested equal to the parser's).
    simple = _simple_inline_html(text)
    if simple is not None:
        return f"<p>{simple}</p>\n"
    return _render_with_library(text)


@lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """Render one line of Markdown (emphasis, code, links) without a wrapping paragraph."""
    simple = _simple_inline_html(text)
    if simple is not None:
        return simple
    return _render_inline_with_library(text)
