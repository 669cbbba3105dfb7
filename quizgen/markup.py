"""Lesson Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

Raw HTML in lesson text is not rendered (``html=False``) and the result is
sanitised anyway, so a lesson cannot inject scripts, styles, frames or
remote images into the web page or the PDF.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import nh3

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


def is_plain(text: str) -> bool:
    """Whether ``text`` is one line of plain words: nothing Markdown or HTML reads, so it renders as itself.

    Such a text has only printable characters, single-line and no other whitespace than inner spaces (Markdown
    trims and breaks lines, sanitising spells non-breaking spaces as entities), none of the characters of inline
    Markdown, raw HTML or entities, and no block marker at its start.
    """
    if not text or text[0] == " " or text[-1] == " " or _BLOCK_START.match(text):
        return False
    return all(c == " " or (c.isprintable() and not c.isspace() and c not in _INLINE_MARKUP) for c in text)


def _clean(html: str) -> str:
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
    # Plain text is most of a lesson's text, and its HTML is known without importing the parser (tested equal).
    if is_plain(text):
        return f"<p>{text}</p>\n"
    return _render_with_library(text)


@lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """Render one line of Markdown (emphasis, code, links) without a wrapping paragraph."""
    if is_plain(text):
        return text
    return _render_inline_with_library(text)
