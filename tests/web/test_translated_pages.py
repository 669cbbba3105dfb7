"""Student pages speak the lesson's language; teacher pages the teacher's choice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import LESSON_ID, csrf_token
from .html import visible_text

KOREAN_LESSON = Path(__file__).resolve().parents[1] / "pdf" / "fixtures" / "ko-mini.yaml"
KOREAN_ID = "ko-mini"
# A true/false question, so the quiz page shows the two answers a Korean student reads.
TRUE_FALSE = """
  - id: three-days
    type: true_false
    stem: 올해 축제는 사흘 동안 열린다.
    answer: true
    paragraph: p1
    evidence: 사흘 동안 열린다고 발표했다
    topic: comprehension
"""


@pytest.fixture
def lessons_dir(lessons_dir):
    """The English test lesson and a Korean one with a true/false question."""
    shutil.copy(KOREAN_LESSON, lessons_dir / "ko-mini.yaml")
    with (lessons_dir / "ko-mini.yaml").open("a", encoding="utf-8") as handle:
        handle.write(TRUE_FALSE)
    return lessons_dir


def test_a_korean_lesson_gets_korean_buttons_instructions_and_answers(student):
    lesson_page = student.client.get(f"/lessons/{KOREAN_ID}").get_data(as_text=True)
    assert '<html lang="ko">' in lesson_page
    assert "퀴즈 시작" in lesson_page and "Start the quiz" not in lesson_page
    assert "학습지 내려받기(PDF)" in lesson_page

    response = student.start(lesson_id=KOREAN_ID)
    assert response.status_code == 303
    quiz = student.open_quiz(response.headers["Location"])
    page = visible_text(quiz.html)
    for korean in ("답 제출하기", "이 문장은 참인가요, 거짓인가요?", "참", "거짓", "답을 하나 고르세요."):
        assert korean in page
    for english in ("Submit answers", "True", "False", "Choose one answer."):
        assert english not in page

    result = student.client.get(student.submit(quiz, quiz.form("right")).headers["Location"])
    result_page = visible_text(result.get_data(as_text=True))
    assert "내 결과" in result_page and "문항별 결과" in result_page
    assert "Your result" not in result_page


def test_an_english_lesson_stays_english(student):
    quiz = student.open_quiz()
    page = visible_text(quiz.html)
    assert "Submit answers" in page and "답 제출하기" not in page
    assert '<html lang="en">' in quiz.html
    assert "Start the quiz" in student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)


def test_a_korean_students_form_errors_are_korean(student):
    page = student.client.get(f"/lessons/{KOREAN_ID}").get_data(as_text=True)
    response = student.client.post(
        f"/lessons/{KOREAN_ID}/start",
        data={"csrf_token": csrf_token(page), "start_token": "x" * 20, "student_name": ""},
    )
    assert response.status_code == 422
    assert "이름이나 별명을 입력하세요." in response.get_data(as_text=True)


def test_a_tampered_korean_quiz_submission_is_refused_in_korean(student):
    quiz = student.open_quiz(student.start(lesson_id=KOREAN_ID).headers["Location"])
    true_false = next(entry.number for entry in quiz.quiz.items if entry.item.type == "true_false")

    extra = student.submit(quiz, quiz.form("right", q99="A"))
    assert extra.status_code == 400
    text = visible_text(extra.get_data(as_text=True))
    assert "이 퀴즈에 없는 입력란이 양식에 있습니다(q99)" in text and "fields this quiz does not have" not in text

    outside = student.submit(quiz, quiz.form("right", **{f"q{true_false}": "maybe"}))
    assert outside.status_code == 400
    text = visible_text(outside.get_data(as_text=True))
    assert f"{true_false}번 문항의 답이 퀴즈에 있는 선택지가 아닙니다." in text
    assert "not one of the choices" not in text
