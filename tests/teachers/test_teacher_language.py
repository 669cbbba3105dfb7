"""Teacher pages speak the language the teacher chose in the layout's menu (English until then)."""

from __future__ import annotations

from ..web.conftest import LESSON_ID


def test_the_teachers_language_choice_switches_the_teacher_pages(teacher):
    assert "Your classes" in teacher.client.get("/teacher/").get_data(as_text=True)
    response = teacher.client.post("/language", data={"csrf_token": teacher.token(), "language": "ko",
                                                      "next": "/teacher/"})
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
    moved = teacher.client.post("/language", data={"csrf_token": teacher.token(), "language": "ko",
                                                   "next": "https://evil.example/teacher/"})
    assert moved.status_code == 303 and moved.headers["Location"].startswith("/teacher/")
