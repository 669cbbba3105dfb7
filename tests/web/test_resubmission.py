"""Sending a form again never creates a second attempt nor changes a stored score."""

from __future__ import annotations

from sqlalchemy import func, select

from quizgen.storage import Attempt, Response

from .conftest import _START_TOKEN, BOTH_DATABASES, LESSON_ID, csrf_token, hidden_value
from .html import visible_text


def counts(app) -> tuple[int, int]:
    with app.extensions["quizgen.database"].session() as session:
        return (
            session.scalar(select(func.count()).select_from(Attempt)),
            session.scalar(select(func.count()).select_from(Response)),
        )


@BOTH_DATABASES
def test_refresh_or_double_click_after_submitting_keeps_the_first_score(app, student):
    quiz = student.open_quiz()
    data = quiz.form("right")
    assert student.submit(quiz, data).status_code == 303
    for resent in (data, quiz.form("wrong")):  # the browser re-posts, or the student changed answers
        response = student.submit(quiz, resent)
        assert response.status_code == 409
        html = response.get_data(as_text=True)
        assert "already submitted" in html and f'href="{quiz.url}/result"' in html
    assert student.attempt(quiz.public_id).score == 27
    assert counts(app) == (1, 28)


@BOTH_DATABASES
def test_the_same_quiz_open_in_two_tabs_is_stored_once(app, student):
    first_tab = student.open_quiz()
    second_tab = student.open_quiz(first_tab.url)
    assert student.submit(first_tab, first_tab.form("wrong")).status_code == 303
    response = student.submit(second_tab, second_tab.form("right"))
    assert response.status_code == 409 and "already submitted" in response.get_data(as_text=True)
    assert student.attempt(first_tab.public_id).score == 0
    assert counts(app) == (1, 28)


def test_a_form_with_an_old_sequence_number_is_refused_as_out_of_date(app, student):
    quiz = student.open_quiz()
    response = student.submit(quiz, quiz.form("right", seq="5"))
    assert response.status_code == 409
    assert "out of date" in visible_text(response.get_data(as_text=True))
    assert not student.attempt(quiz.public_id).is_submitted and counts(app) == (1, 0)


@BOTH_DATABASES
def test_double_clicking_start_opens_one_attempt(app, student):
    page = student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "start_token": hidden_value(_START_TOKEN, page), "student_name": "Ana"}
    first = student.client.post(f"/lessons/{LESSON_ID}/start", data=data)
    second = student.client.post(f"/lessons/{LESSON_ID}/start", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert counts(app) == (1, 0)


def test_a_start_form_reused_from_another_browser_is_refused(app, student):
    page = student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    token = hidden_value(_START_TOKEN, page)
    student.client.post(
        f"/lessons/{LESSON_ID}/start",
        data={"csrf_token": csrf_token(page), "start_token": token, "student_name": "Ana"},
    )
    other = app.test_client()
    other_page = other.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    response = other.post(
        f"/lessons/{LESSON_ID}/start",
        data={"csrf_token": csrf_token(other_page), "start_token": token, "student_name": "Bo"},
    )
    assert response.status_code == 409 and "already used" in response.get_data(as_text=True)
    assert counts(app) == (1, 0)


def test_reloading_the_lesson_page_gives_a_new_start_form(student):
    first = hidden_value(_START_TOKEN, student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True))
    second = hidden_value(_START_TOKEN, student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True))
    assert first != second


def test_a_database_failure_while_submitting_stores_nothing_and_says_so(app, student, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from quizgen.web import students

    def locked(*args, **kwargs):
        raise OperationalError("UPDATE attempt ...", {}, Exception("database is locked"))

    quiz = student.open_quiz()
    monkeypatch.setattr(students, "record_submission", locked)
    response = student.submit(quiz, quiz.form("right"))
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert not student.attempt(quiz.public_id).is_submitted and counts(app) == (1, 0)
