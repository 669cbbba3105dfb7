"""What the pages look like, roughly: page size, ink, a dark QR code where it belongs.

Not pixel-exact: page 1 of each kind is rasterised at 30 dpi with pdftoppm
and measured.  Copies of the images land in test-output/pdf-previews/.
"""

from __future__ import annotations

from PIL import ImageStat

from quizgen.loader import load_lesson
from quizgen.quiz import build_quiz

from .conftest import KOREAN, render_png

A4_AT_30_DPI = (248, 351)  # 210 x 297 mm


def _is_a4(image) -> bool:
    return all(abs(a - b) <= 1 for a, b in zip(image.size, A4_AT_30_DPI, strict=False))  # pdftoppm rounds up


def _ink(image, box=None, level: int = 128) -> float:
    """Share of pixels darker than ``level`` in the image or in ``box`` (fractions of the page)."""
    if box:
        width, height = image.size
        image = image.crop((int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height)))
    dark = sum(count for value, count in enumerate(image.histogram()) if value < level)
    return dark / (image.size[0] * image.size[1])


QR_BOX = (0.80, 0.03, 0.95, 0.13)  # top right, where the header puts the code
TITLE_BOX = (0.05, 0.03, 0.70, 0.10)
FOOTER_BOX = (0.05, 0.95, 0.95, 0.99)


def test_worksheet_page_one(worksheet_pdf, tmp_path):
    page = render_png(worksheet_pdf, tmp_path, "worksheet")
    assert _is_a4(page)
    assert 0.01 < _ink(page) < 0.25  # text, not blank, not a black box
    assert _ink(page, QR_BOX) > 0.25  # the QR code is there and dark
    assert _ink(page, TITLE_BOX) > 0.01
    assert _ink(page, FOOTER_BOX, level=230) > 0.002  # small grey footer text
    assert ImageStat.Stat(page).mean[0] > 200  # mostly white paper


def test_answer_key_page_one_and_grid(key_pdf, tmp_path):
    import io

    import pypdf

    first = render_png(key_pdf, tmp_path, "answer-key")
    assert _is_a4(first)
    assert 0.01 < _ink(first) < 0.25
    assert _ink(first, QR_BOX) < 0.05  # no QR code on teacher pages
    last = len(pypdf.PdfReader(io.BytesIO(key_pdf)).pages)
    grid = render_png(key_pdf, tmp_path, "answer-grid", page=last)
    assert _ink(grid, (0.05, 0.15, 0.95, 0.5), level=200) > 0.02  # the table of keys


def test_class_set_pages_each_start_with_a_header(mini, tmp_path):
    from quizgen.pdf import render_class_set

    data = render_class_set(mini, 5, 2, names=["Ana Lima", "Ben Okafor"], odd_page_starts=True, keys="none")
    first = render_png(data, tmp_path, "class-set")
    assert _ink(first, QR_BOX) > 0.25
    assert _ink(first, (0.05, 0.09, 0.45, 0.13)) > 0.005  # the printed name on the name line


def test_korean_worksheet_has_glyphs_not_boxes(tmp_path):
    from quizgen.pdf import render_worksheet

    lesson = load_lesson(KOREAN)
    page = render_png(render_worksheet(lesson, build_quiz(lesson, 1)), tmp_path, "korean", dpi=40)
    # Missing glyphs would be drawn as hollow boxes: lots of ink in a regular pattern.  Real
    # Hangul at this size keeps the page mostly white with modest ink.
    assert 0.01 < _ink(page) < 0.2
    assert _ink(page, TITLE_BOX) > 0.01
