"""Teacher pages speak the language the teacher chose in the layout's menu (English until then)."""

from __future__ import annotations

from ..web.conftest import LESSON_ID
from ..web.html import visible_text
from .test_results import item_row, tiny_class_of_ten  # noqa: F401 - the fixture: the tiny lesson taken by a class


def test_the_teachers_language_choice_switches_the_teacher_pages(teacher):
    assert "Your classes" in teacher.client.get("/teacher/").get_data(as_text=True)
    response = teacher.client.post(
        "/language", data={"csrf_token": teacher.token(), "language": "ko", "next": "/teacher/"}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/teacher/"
    page = teacher.client.get("/teacher/").get_data(as_text=True)
    assert "내 학급" in page and "Your classes" not in page
    assert '<html lang="ko">' in page
    # Students' pages keep the lesson's language whatever the teacher chose.
    assert "Start the quiz" in teacher.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)

    teacher.client.post("/language", data={"csrf_token": teacher.token(), "language": "en", "next": "/teacher/"})
    assert "Your classes" in teacher.client.get("/teacher/").get_data(as_text=True)


def test_an_unknown_language_or_foreign_return_address_is_refused_plainly(teacher):
    refused = teacher.client.post("/language", data={"csrf_token": teacher.token(), "language": "xx"})
    assert refused.status_code == 400 and "Choose one of the languages" in refused.get_data(as_text=True)
    moved = teacher.client.post(
        "/language", data={"csrf_token": teacher.token(), "language": "ko", "next": "https://evil.example/teacher/"}
    )
    assert moved.status_code == 303 and moved.headers["Location"].startswith("/teacher/")


def test_a_korean_teacher_sees_the_settings_summary_charts_and_item_flags_in_korean(teacher, tiny_class_of_ten):
    teacher.client.post("/language", data={"csrf_token": teacher.token(), "language": "ko", "next": "/teacher/"})
    html = teacher.get(tiny_class_of_ten).get_data(as_text=True)
    text = visible_text(html)
    for korean in ("학생당 4문항 (레슨 기본값)", "허용된 응시 횟수", "학생마다 하나씩", "제출 직후", "마감 없음"):
        assert korean in text, korean
    for english in ("per student", "Attempts allowed", "right after submitting", "never"):
        assert english not in text, english
    assert "점수 분포 (점수 구간별 학생 수)" in html and "문항 정답률" in html
    assert "Score distribution" not in html and "Item facility" not in html
    assert "오답 선택지가 정답보다 더 많이 선택됨: “Iran”" in visible_text(item_row(html, "hard"))
    tricky = visible_text(item_row(html, "tricky"))
    assert "음의 변별도" in tricky and "negative discrimination" not in tricky
    assert "Who is behind it?" not in text  # skill names too


def test_a_teacher_who_keeps_english_sees_the_summary_and_flags_in_english(teacher, tiny_class_of_ten):
    text = visible_text(teacher.get(tiny_class_of_ten).get_data(as_text=True))
    assert "4 per student (the lesson's default)" in text and "right after submitting" in text
    assert "negative discrimination" in text and "음의 변별도" not in text
