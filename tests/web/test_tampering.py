"""Forms no browser would send get a 400 page and write nothing; so do requests without a valid CSRF token."""

from __future__ import annotations

import pytest

from quizgen.web.forms import OPEN_RESPONSE_MAX, SHORT_ANSWER_MAX

from .conftest import LESSON_ID, csrf_token
from .html import visible_text


def first(quiz, item_type: str) -> int:
    return next(e.number for e in quiz.quiz.items if e.item.type == item_type)


TAMPERINGS = {
    "missing select": (lambda q: {f"q{first(q, 'matching')}_1": None}, "is missing"),
    "missing text box": (lambda q: {f"q{first(q, 'short_answer')}": None}, "is missing"),
    "missing textarea": (lambda q: {f"q{first(q, 'open_response')}": None}, "is missing"),
    "missing sequence number": (lambda q: {"seq": None}, "is missing"),
    "extra field": (lambda q: {"q99": "A"}, "fields this quiz does not have"),
    "chosen seed": (lambda q: {"seed": "1"}, "fields this quiz does not have"),
    "chosen variant": (lambda q: {"variant": "0000-0011"}, "fields this quiz does not have"),
    "radio out of range": (lambda q: {f"q{first(q, 'single_choice')}": "Z"}, "not one of the choices"),
    "option text instead of code": (
        lambda q: {f"q{first(q, 'single_choice')}": q.quiz.items[0].item.stem},
        "not one of the choices",
    ),
    "true/false out of range": (lambda q: {f"q{first(q, 'true_false')}": "maybe"}, "not one of the choices"),
    "select out of range": (lambda q: {f"q{first(q, 'matching')}_1": "Q"}, "not one of the choices"),
    "position out of range": (lambda q: {f"q{first(q, 'ordering')}_1": "9"}, "not one of the choices"),
    "checkbox out of range": (lambda q: {f"q{first(q, 'multiple_select')}": ["A", "Y"]}, "not one of the choices"),
    "checkbox repeated": (lambda q: {f"q{first(q, 'multiple_select')}": ["A", "A"]}, "more than once"),
    "radio sent twice": (lambda q: {f"q{first(q, 'single_choice')}": ["A", "B"]}, "more than once"),
    "oversized short answer": (lambda q: {f"q{first(q, 'short_answer')}": "9" * (SHORT_ANSWER_MAX + 1)}, "longer than"),
    "oversized open response": (
        lambda q: {f"q{first(q, 'open_response')}": "w" * (OPEN_RESPONSE_MAX + 1)},
        "longer than",
    ),
    "oversized blank": (lambda q: {f"q{first(q, 'cloze')}_1": "b" * 101}, "longer than"),
    "NUL byte": (lambda q: {f"q{first(q, 'short_answer')}": "10\x00000"}, "cannot be stored"),
    "sequence number not a number": (lambda q: {"seq": "zero"}, "changed or damaged"),
    "negative sequence number": (lambda q: {"seq": "-1"}, "changed or damaged"),
}


@pytest.mark.parametrize("case", TAMPERINGS, ids=list(TAMPERINGS))
def test_tampered_quiz_form_gets_400_and_writes_nothing(student, case):
    change, message = TAMPERINGS[case]
    quiz = student.open_quiz()
    response = student.submit(quiz, quiz.form("right", **change(quiz)))
    assert response.status_code == 400
    text = visible_text(response.get_data(as_text=True))
    assert "Error 400" in text and message in text
    attempt = student.attempt(quiz.public_id)
    assert not attempt.is_submitted and attempt.seq == 0 and attempt.responses == []
    assert student.submit(quiz, quiz.form("right")).status_code == 303  # the real form still works


def test_oversized_request_body_is_refused_cleanly(student):
    quiz = student.open_quiz()
    response = student.submit(quiz, quiz.form("right", q99="x" * 600_000))
    assert response.status_code == 413 and "too large" in response.get_data(as_text=True)
    assert not student.attempt(quiz.public_id).is_submitted


def test_tampered_start_token_gets_400(student):
    response = student.start(start_token="short")
    assert response.status_code == 400 and "Reload the lesson page" in response.get_data(as_text=True)


@pytest.mark.parametrize("token", [None, "not-a-token", "from another session"])
def test_quiz_submission_without_a_valid_csrf_token_is_refused(app, student, token):
    quiz = student.open_quiz()
    if token == "from another session":
        stranger = app.test_client()
        token = csrf_token(stranger.get(f"/lessons/{LESSON_ID}").get_data(as_text=True))
    response = student.submit(quiz, quiz.form("right", csrf_token=token))
    assert response.status_code == 400 and "security token" in response.get_data(as_text=True)
    assert not student.attempt(quiz.public_id).is_submitted


@pytest.mark.parametrize("path", [f"/lessons/{LESSON_ID}/start", "/attempts/any/another"])
def test_every_post_needs_a_csrf_token(client, path):
    response = client.post(path, data={"student_name": "Ana", "start_token": "t" * 22})
    assert response.status_code == 400 and "security token" in response.get_data(as_text=True)


def test_a_json_body_is_not_a_way_around_the_form(student):
    quiz = student.open_quiz()
    response = student.client.post(quiz.url, json=quiz.form("right"))
    assert response.status_code == 400
    assert not student.attempt(quiz.public_id).is_submitted
