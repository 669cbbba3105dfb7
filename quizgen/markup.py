"""Lesson Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

Raw HTML in lesson text is not rendered (``html=False``) and the result is
sanitised anyway, so a lesson cannot inject scripts, styles, frames or
remote images into the web page or the PDF.
"""

from __future__ import annotations

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


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Render block Markdown (paragraphs, lists, emphasis, links) to sanitised HTML."""
    html = _markdown().render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """Render one line of Markdown (emphasis, code, links) without a wrapping paragraph."""
    html = _markdown().renderInline(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
