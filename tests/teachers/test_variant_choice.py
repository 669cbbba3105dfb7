"""Inside an assignment the server alone picks variants, and a retake never repeats one the student has seen."""

from __future__ import annotations

import re

import pytest

from quizgen.quiz import variant_code
from quizgen.storage import Assignment, student_key

from .conftest import Student, csrf_token, stored, take_quiz

_START_TOKEN = re.compile(r'name="start_token" type="hidden" value="([^"]+)"')


def _retake(student: Student, quiz_url: str) -> str:
    result = student.client.get(quiz_url + "/result").get_data(as_text=True)
    token = _START_TOKEN.search(result).group(1)
    response = student.client.post(quiz_url + "/another", data={"csrf_token": csrf_token(result), "start_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def test_a_student_cannot_retake_the_variant_whose_key_the_result_page_showed(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=3)
    student, quiz = take_quiz(app, school_class.code, "Ana")
    seen = variant_code(quiz.attempt.seed)
    again = Student(app, student.client).start(name="Ana", class_code=school_class.code, variant_code=seen)
    assert again.status_code == 303
    assert student.attempt(again.headers["Location"].rsplit("/", 1)[-1]).seed != quiz.attempt.seed


@pytest.mark.parametrize("mode", ["shared", "per-student"])
def test_every_retake_gets_a_variant_the_student_has_not_had(app, teacher, mode):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, attempts_allowed=4, variant_mode=mode)
    student, quiz = take_quiz(app, school_class.code, "Ana")
    seeds = [quiz.attempt.seed]
    url = quiz.url
    for _ in range(3):
        url = _retake(student, url)
        opened = student.open_quiz(url)
        assert student.submit(opened, opened.form("wrong")).status_code == 303
        seeds.append(opened.attempt.seed)
    assert len(set(seeds)) == 4
    if mode == "shared":
        assert seeds[0] == stored(app, Assignment, public_id=assignment_url.rsplit("/", 1)[-1]).class_seed


def test_names_differing_only_by_invisible_or_lookalike_characters_are_one_student(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=1)
    take_quiz(app, school_class.code, "Ana Lee")
    for disguised in ("An\u200ba Lee", "\u202eAna Lee", "Ana\u00a0Lee", "\uff21na Lee", "Ana\u2066 Lee\u2069"):
        again = Student(app, app.test_client()).start(name=disguised, class_code=school_class.code)
        assert again.status_code == 422, disguised
        assert "has already handed in the one attempt" in again.get_data(as_text=True)
    assert student_key("An\u200bA\u00a0\u00a0LEE") == student_key("Ana Lee") == "ana lee"


def test_a_name_of_only_invisible_characters_is_refused(app):
    response = Student(app, app.test_client()).start(name="\u200b\u200d\u202e")
    assert response.status_code == 422
    assert "Enter your name or a nickname." in response.get_data(as_text=True)


def test_the_stored_name_is_the_visible_one(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class)
    student = Student(app, app.test_client())
    response = student.start(name="  Ana\u200b  \u202eLee ", class_code=school_class.code)
    assert student.attempt(response.headers["Location"].rsplit("/", 1)[-1]).student_name == "Ana Lee"
