"""Reading a raw article: bytes in, headline, dateline and paragraphs (verbatim) out.

Plain text and Markdown are split on blank lines, or on line breaks when the
article has no blank lines (as text copied from a web page often has);
a saved HTML page is reduced to its article with readability-lxml first.
Paragraph text is kept exactly as written, except for the list marker
("- ", "* ") of a bulleted line and the "#" of a Markdown heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A lesson holds at most 200 paragraphs; an article is a few dozen kilobytes of text (a saved page, with its
# markup, a few hundred).
MAX_ARTICLE_BYTES = 4 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
MAX_PARAGRAPHS = 200


class DraftError(ValueError):
    """The input cannot be drafted into a lesson; the message says why and what to do."""


@dataclass
class Paragraph:
    """One paragraph of the article, verbatim, with the section heading above it (if any)."""

    text: str
    heading: str | None = None


@dataclass
class Article:
    """What the reader found: paragraphs and what the page or first lines say about the source."""

    paragraphs: list[Paragraph]
    headline: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def decode(raw: bytes) -> str:
    """The article's text, or a :class:`DraftError` for binary data and files too large to be an article."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise DraftError(
            f"the file is {len(raw) // 1024} KB; a news article is a few dozen KB "
            f"(at most {MAX_ARTICLE_BYTES // (1024 * 1024)} MB): split it, or check that this is the right file"
        )
    if b"\x00" in raw[:8192]:
        raise DraftError("the file is binary, not text: save the article as .txt, .md or .html")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Pages saved by older tools are often Windows-1252; that decoding cannot fail on text, only on binary.
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise DraftError("the file is neither UTF-8 nor Windows-1252 text: save the article as UTF-8") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise DraftError("the file is binary, not text: save the article as .txt, .md or .html")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DraftError("the article is empty: paste the article's text into the file")
    return text


def looks_like_html(text: str, name: str) -> bool:
    """Whether the input is a saved web page (by its name, or by its first tag)."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in text[:5000].lower())


_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*$")


def _is_heading(line: str) -> bool:
    """A short line without a sentence's closing punctuation, or one that ends in a colon."""
    words = line.split()
    if not words or len(words) > 12 or len(line) > 100:
        return False
    if line.endswith(":") and len(words) <= 8:
        return True
    return not _SENTENCE_END.search(line) and not line.endswith((",", ";", "\u2014", "-")) and line[0].isupper()


def parse_text(text: str, markdown: bool = False) -> Article:
    """Paragraphs and headings of a plain-text or Markdown article."""
    blocks = [block for block in re.split(r"\n\s*\n", text) if block.strip()]
    if len(blocks) == 1 or all("\n" not in block.strip() for block in blocks):
        lines = [line for line in text.split("\n") if line.strip()]
    else:
        lines = []
        for block in blocks:
            # A block of list items is one paragraph per item; other blocks are one paragraph of wrapped lines.
            block_lines = [line for line in block.split("\n") if line.strip()]
            if all(_BULLET.match(line) for line in block_lines):
                lines += block_lines
            else:
                lines.append(" ".join(line.strip() for line in block_lines))
    headline: str | None = None
    heading: str | None = None
    paragraphs: list[Paragraph] = []
    for position, raw_line in enumerate(lines):
        line = raw_line.strip()
        md_heading = _MD_HEADING.match(line) if markdown else None
        line = md_heading.group(1) if md_heading else _BULLET.sub("", line, count=1).strip()
        if not line:
            continue
        if md_heading or _is_heading(line):
            title = line.rstrip(":").strip()
            if position == 0 and headline is None and not paragraphs:
                headline = title
            else:
                heading = title
            continue
        paragraphs.append(Paragraph(line, heading))
        heading = None
    return Article(paragraphs, headline=headline)


_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")


def parse_html(text: str) -> Article:
    """The article of a saved web page: readability-lxml finds it, its headings and paragraphs are kept."""
    import lxml.html
    from readability import Document  # only HTML input pays for this import

    try:
        page = lxml.html.document_fromstring(text)
    except Exception:  # lxml raises several unrelated types for bad markup; the message is ours
        raise DraftError(
            "the HTML page cannot be read: save the page again, or paste its text into a .txt file"
        ) from None
    meta = _page_meta(page)
    try:
        document = Document(text)
        summary = lxml.html.fragment_fromstring(document.summary(html_partial=True))
        title = document.short_title() or None
    except Exception:  # readability gives up on pages without an article in several ways; fall back to the page
        summary, title = page, None
    paragraphs: list[Paragraph] = []
    heading: str | None = None
    for element in summary.iter(*_BLOCK_TAGS):
        if any(ancestor.tag in _BLOCK_TAGS for ancestor in element.iterancestors()):
            continue
        line = " ".join(element.text_content().split())
        if not line:
            continue
        if element.tag.startswith("h"):
            if title is None and element.tag == "h1":
                title = line
            elif line != title:
                heading = line
            continue
        paragraphs.append(Paragraph(line, heading))
        heading = None
    return Article(
        paragraphs,
        headline=meta.get("og:title") or title,
        outlet=meta.get("og:site_name"),
        date=(meta.get("article:published_time") or meta.get("date") or "")[:10] or None,
        url=meta.get("og:url"),
        meta=meta,
    )


def _page_meta(page) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in page.iter("meta"):
        key = element.get("property") or element.get("name")
        value = element.get("content")
        if key and value and value.strip():
            meta.setdefault(key.strip().lower(), " ".join(value.split()))
    return meta


def read_article(raw: bytes, name: str) -> Article:
    """Read an article given as bytes (``name`` tells the format by its ending: .txt, .md, .html)."""
    text = decode(raw)
    if looks_like_html(text, name):
        article = parse_html(text)
    else:
        article = parse_text(text, markdown=name.lower().endswith((".md", ".markdown")))
    if not article.paragraphs:
        raise DraftError("no paragraphs found: the article needs at least one line of running text")
    length = sum(len(p.text) for p in article.paragraphs)
    if length > MAX_TEXT_CHARS:
        raise DraftError(
            f"the article's text is {length:,} characters; one lesson is one news article (a few thousand): "
            "split it into several lessons, or check that this is the right file"
        )
    if len(article.paragraphs) > MAX_PARAGRAPHS:
        raise DraftError(
            f"the article has {len(article.paragraphs)} paragraphs; a lesson holds at most {MAX_PARAGRAPHS}: "
            "split it into several lessons"
        )
    return article
