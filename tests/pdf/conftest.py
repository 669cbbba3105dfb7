"""Shared PDFs and helpers for the PDF tests.

Rendering is the slow part, so each document is rendered once per test
session (module-scoped fixtures) and read back by several tests.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from quizgen.loader import load_lesson
from quizgen.quiz import build_quiz

from ..helpers.pdf import words

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
KOREAN = HERE / "fixtures" / "ko-mini.yaml"
CODE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b")
FOOTER_CODE = re.compile(r"Variant\s+(" + CODE.pattern + ")")
PREVIEWS = ROOT / "test-output" / "pdf-previews"


def in_order(needle: str, haystack_words: list[str], window: int = 60) -> bool:
    """Whether the words of ``needle`` appear in order within ``window`` words of each other.

    Two-column layouts (matching items) interleave the columns' lines in
    extracted text, so a wrapped cell is not one contiguous string; quotes
    and punctuation stuck to a word do not count.
    """

    def token(word: str) -> str:
        return word.strip("\u201c\u201d\"'.,;:()\u00b6")

    wanted = [token(w) for w in words(needle)]
    haystack_words = [token(w) for w in haystack_words]
    for start, word in enumerate(haystack_words):
        if word != wanted[0]:
            continue
        position, found = start, 1
        for target in wanted[1:]:
            try:
                position = haystack_words.index(target, position + 1, position + 1 + window)
            except ValueError:
                break
            found += 1
        if found == len(wanted):
            return True
    return False


def render_png(data: bytes, tmp_path: Path, name: str, page: int = 1, dpi: int = 30):
    """Page ``page`` as a Pillow image (pdftoppm), also kept under test-output/pdf-previews/."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: scripts/bootstrap --test installs poppler-utils")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    stem = tmp_path / name
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page), str(source), str(stem)],
        check=True,
        timeout=60,
    )
    png = stem.with_suffix(".png")
    PREVIEWS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, PREVIEWS / f"test-{name}-p{page}.png")
    return Image.open(png).convert("L")


@pytest.fixture(scope="session")
def mini():
    """The small complete lesson."""
    return load_lesson(MINI)


@pytest.fixture(scope="session")
def mini_quiz(mini):
    """One variant of it."""
    return build_quiz(mini, 3)


@pytest.fixture(scope="session")
def worksheet_pdf(mini, mini_quiz):
    """The student worksheet of ``mini_quiz``."""
    from quizgen.pdf import render_worksheet

    return render_worksheet(mini, mini_quiz)


@pytest.fixture(scope="session")
def key_pdf(mini, mini_quiz):
    """The answer key of ``mini_quiz``."""
    from quizgen.pdf import render_answer_key

    return render_answer_key(mini, mini_quiz)
