"""Lesson Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

Raw HTML in lesson text is not rendered (``html=False``) and the result is
sanitised anyway, so a lesson cannot inject scripts, styles, frames or
remote images into the web page or the PDF.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from .fields import SAFE_URL_SCHEMES

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "ul", "ol", "li", "blockquote", "br", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Render block Markdown (paragraphs, lists, emphasis, links) to sanitised HTML."""
    html = _md.render(text)
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
    html = _md.renderInline(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
