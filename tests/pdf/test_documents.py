"""Worksheets, answer keys and class sets, read back with pypdf."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from quizgen.feedback import key_lines
from quizgen.loader import load_lesson
from quizgen.quiz import build_quiz
from quizgen.text import normalize_quote

from ..helpers.answers import hidden_key_texts, student_texts
from ..helpers.pdf import flat, page_texts, pdf_text, words
from .conftest import CODE, FOOTER_CODE, KOREAN, ROOT, in_order
from .conftest import MINI as MINI_PATH


def _plain(markdown: str) -> str:
    """Lesson text as it reads once printed: Markdown markers and spacing do not count."""
    return flat(normalize_quote(markdown))


def test_worksheet_holds_every_stem_and_option(mini, mini_quiz, worksheet_pdf):
    text = _plain(pdf_text(worksheet_pdf))
    haystack = words(text)
    for entry in mini_quiz.items:
        assert _plain(entry.item.stem) in text, entry.item.id
        for option in entry.choices + entry.rights:
            # Matching items are two columns, whose wrapped lines interleave when extracted.
            if entry.item.type == "matching":
                assert in_order(_plain(option), haystack), (entry.item.id, option)
            else:
                assert _plain(option) in text, (entry.item.id, option)
    for paragraph in mini.paragraphs:
        assert in_order(_plain(paragraph.text), haystack), paragraph.id


def test_worksheet_shows_no_key_or_explanation(mini, mini_quiz, worksheet_pdf):
    text = _plain(pdf_text(worksheet_pdf))
    # A choice item's key is one of its options, evidence is quoted from the printed article: those may show.
    secrets = hidden_key_texts(mini_quiz, student_texts(mini_quiz, mini), _plain)
    assert len(secrets) >= 10  # explanations, rubric levels, accepted answers, keys in words
    assert [secret for secret in secrets if _plain(secret) in text] == []
    for label in ("Answer key", "Teacher copy", "Sample answer", "\u201cThe town council announced\u201d \u00b6"):
        assert label.casefold() not in text.casefold()


def test_key_holds_every_key_id_points_and_evidence(mini, mini_quiz, key_pdf):
    text = _plain(pdf_text(key_pdf))
    haystack = words(text)
    assert mini_quiz.variant_code in text
    for entry in mini_quiz.items:
        item = entry.item
        assert item.id in text
        # Open responses print their rubric as a table (points | description).
        lines = [level.description for level in item.rubric] if item.type == "open_response" else key_lines(item)
        for line in lines:
            assert in_order(_plain(line), haystack), (item.id, line)
        assert in_order(_plain(item.evidence), haystack), item.id
        if item.explanation:
            assert in_order(_plain(item.explanation), haystack), item.id
    # Choice keys are printed with the variant's own letters, e.g. "C — Three days".
    days = next(e for e in mini_quiz.items if e.item.id == "q-days")
    letter = "ABCDEFGH"[days.choices.index("Three days")]
    assert _plain(f"{letter} \u2014 Three days") in text


def test_key_ends_with_a_one_page_answer_grid(mini_quiz, key_pdf):
    pages = page_texts(key_pdf)
    grid = flat(pages[-1])
    assert "ANSWER GRID" in grid
    assert mini_quiz.variant_code in grid
    packed = "".join(grid.split())  # long item ids may wrap after a hyphen
    assert all(entry.item.id in packed for entry in mini_quiz.items)
    assert sum("ANSWER GRID" in page for page in pages) == 1  # one page per variant


def test_page_x_of_y_matches_page_count(worksheet_pdf):
    pages = page_texts(worksheet_pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in flat(page)


def test_class_set_has_distinct_variants_in_order(mini):
    from quizgen.pdf import class_set_quizzes, render_class_set

    quizzes = class_set_quizzes(mini, 42, 5)
    data = render_class_set(mini, 42, 5, names=["Ana", "Ben", "Chloé", "Dara", "Eli"], keys="grids")
    pages = page_texts(data)
    starts = [i for i, page in enumerate(pages) if "WORKSHEET" in page and "Page 1 of" in flat(page)]
    assert len(starts) == 5
    codes = [CODE.search(pages[i]).group(0) for i in starts]
    assert codes == [quiz.variant_code for quiz in quizzes]
    assert len(set(codes)) == 5
    assert [n for i in starts for n in ("Ana", "Ben", "Chloé", "Dara", "Eli") if n in pages[i]] == [
        "Ana",
        "Ben",
        "Chloé",
        "Dara",
        "Eli",
    ]
    # Teacher pages: a roster, one grid per variant in the same order, then the item reference.
    grids = [FOOTER_CODE.search(page).group(1) for page in pages if "ANSWER GRID" in page]
    assert grids == codes
    assert any("Item reference" in page for page in pages)
    # Each worksheet's footer counts its own pages.
    totals = [int(re.search(r"Page 1 of (\d+)", flat(pages[i])).group(1)) for i in starts]
    assert starts == [sum(totals[:k]) for k in range(5)]


def test_odd_page_option_starts_each_worksheet_on_an_odd_page(mini):
    from quizgen.pdf import render_class_set

    data = render_class_set(mini, 7, 3, odd_page_starts=True, keys="none")
    pages = page_texts(data)
    starts = [i for i, page in enumerate(pages) if "Page 1 of" in flat(page)]
    assert len(starts) == 3
    assert all(index % 2 == 0 for index in starts)  # 0-based: pages 1, 3, 5...
    totals = [int(re.search(r"Page 1 of (\d+)", flat(pages[i])).group(1)) for i in starts]
    for k in range(2):  # an odd-length worksheet is followed by one blank back page
        assert starts[k + 1] - starts[k] == totals[k] + totals[k] % 2
        assert all(not pages[i].strip() for i in range(starts[k] + totals[k], starts[k + 1]))


def test_letter_page_size(mini, mini_quiz):
    from quizgen.pdf import PrintOptions, render_worksheet

    data = render_worksheet(mini, mini_quiz, options=PrintOptions(page_size="Letter"))
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize("path", [KOREAN, ROOT / "lessons" / "nk-drones-ko.yaml"], ids=["fixture", "sample-lesson"])
def test_korean_text_extracts_as_korean(path):
    from quizgen.pdf import render_worksheet

    lesson = load_lesson(path)
    quiz = build_quiz(lesson, 1)
    text = pdf_text(render_worksheet(lesson, quiz))
    assert len(re.findall(r"[\uac00-\ud7a3]", text)) > 50
    assert lesson.title in text
    # Hangul may wrap inside a word (WeasyPrint 70 has no word-break: keep-all), which extraction
    # turns into a space: compare without whitespace.
    unspaced = "".join(text.split())
    for entry in quiz.items:
        assert "".join(entry.item.stem.split()) in unspaced


def test_korean_glyphs_come_from_a_cjk_font():
    from quizgen.pdf import render_worksheet

    lesson = load_lesson(KOREAN)
    page = pypdf.PdfReader(io.BytesIO(render_worksheet(lesson, build_quiz(lesson, 1)))).pages[0]
    fonts = [font.get_object()["/BaseFont"] for font in page["/Resources"]["/Font"].values()]
    assert any("CJK" in name for name in fonts), fonts


def test_qr_code_encodes_the_web_quiz_address(mini, mini_quiz):
    from quizgen.pdf import PrintOptions, make_sheet

    sheet = make_sheet(mini, mini_quiz, options=PrintOptions(base_url="https://quiz.example.org/"))
    assert sheet.quiz_url == f"https://quiz.example.org/lessons/{mini.id}?variant={mini_quiz.variant_code}"
    assert sheet.qr.startswith("data:image/png;base64,")


def test_pdf_command_prints_the_address_from_quizgen_base_url(tmp_path, mini):
    from click.testing import CliRunner

    from quizgen.cli import main

    target = tmp_path / "sheet.pdf"
    result = CliRunner().invoke(
        main,
        ["pdf", str(MINI_PATH), "--seed", "3", "-o", str(target)],
        env={"QUIZGEN_BASE_URL": "https://school.example/quiz/"},
    )
    assert result.exit_code == 0, result.output
    assert f"https://school.example/quiz/lessons/{mini.id}?variant=" in pdf_text(target.read_bytes()).replace(" ", "")
    result = CliRunner().invoke(
        main, ["pdf", str(MINI_PATH), "--seed", "3", "-o", str(target)], env={"QUIZGEN_BASE_URL": None}
    )
    assert "http://127.0.0.1:5000/lessons/" in pdf_text(target.read_bytes()).replace(" ", "")


def test_pdf_command_names_a_bad_setting_and_writes_nothing(tmp_path):
    from click.testing import CliRunner

    from quizgen.cli import main

    target = tmp_path / "sheet.pdf"
    result = CliRunner().invoke(
        main, ["pdf", str(MINI_PATH), "--seed", "3", "-o", str(target)], env={"QUIZGEN_BASE_URL": "school.example"}
    )
    assert result.exit_code == 1
    assert "Error: QUIZGEN_BASE_URL='school.example' is not valid: must be the site's public address" in result.output
    assert not target.exists()


def test_cli_writes_a_worksheet(tmp_path):
    from click.testing import CliRunner

    from quizgen.cli import main

    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(
        main, ["pdf", str(ROOT / "tests" / "fixtures" / "mini.yaml"), "--seed", "3", "--key", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "Answer key" in pdf_text(target.read_bytes())
