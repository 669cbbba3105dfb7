"""Worksheets and answer keys carry their labels in the lesson's language."""

from __future__ import annotations

from pathlib import Path

from quizgen.loader import load_lesson
from quizgen.quiz import build_quiz

from ..helpers.pdf import page_texts, pdf_text

ROOT = Path(__file__).resolve().parents[2]
KOREAN = Path(__file__).resolve().parent / "fixtures" / "ko-mini.yaml"


def unspaced(text: str) -> str:
    # Extraction may split a Korean line anywhere: compare without whitespace.
    return "".join(text.split())


def test_a_korean_worksheet_has_korean_instructions_and_page_numbers():
    from quizgen.pdf import render_worksheet

    lesson = load_lesson(KOREAN)
    data = render_worksheet(lesson, build_quiz(lesson, 1))
    text = unspaced(pdf_text(data))
    for label in ("학습지", "이름", "기사읽기", "글자하나에동그라미하세요.", "짧게답을쓰세요."):
        assert label in text
    for english in ("Worksheet", "Circle one letter", "Read the article", "Page 1 of"):
        assert unspaced(english) not in text
    pages = page_texts(data)
    assert unspaced(f"1 / {len(pages)}쪽") in unspaced(pages[0])


def test_a_korean_answer_key_and_the_true_false_answers_are_korean():
    from quizgen.pdf import render_answer_key, render_worksheet

    lesson = load_lesson(ROOT / "lessons" / "nk-drones-ko.yaml")
    quiz = build_quiz(lesson, 1)
    key = unspaced(pdf_text(render_answer_key(lesson, quiz)))
    assert "교사용" in key and "정답지" in key and "Answer key" not in key
    assert any(entry.item.type == "true_false" for entry in quiz.items)  # the sample lesson's seed-1 variant has one
    sheet = unspaced(pdf_text(render_worksheet(lesson, quiz)))
    assert "참또는거짓에동그라미하세요." in sheet and "CircleTrueorFalse" not in sheet


def test_an_english_worksheet_keeps_english_labels():
    from quizgen.pdf import render_worksheet

    lesson = load_lesson(ROOT / "tests" / "fixtures" / "mini.yaml")
    text = pdf_text(render_worksheet(lesson, build_quiz(lesson, 1)))
    assert "WORKSHEET" in text.upper() and "Page 1 of" in text and "학습지" not in text
