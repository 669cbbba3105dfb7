"""PDF text as a reader gets it (pypdf), whitespace tamed, for the PDF and the teacher tests."""

from __future__ import annotations

import io

import pypdf


def words(text: str) -> list[str]:
    """Whitespace-separated words (any Unicode space, including the figure and en spaces we print)."""
    return text.split()


def flat(text: str) -> str:
    """Text with every whitespace run collapsed to one space."""
    return " ".join(words(text))


def page_texts(data: bytes) -> list[str]:
    """Extracted text of each page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages]


def pdf_text(data: bytes) -> str:
    """All text of a PDF, whitespace collapsed."""
    return flat("\n".join(page_texts(data)))
