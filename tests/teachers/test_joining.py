"""Students join a class with its code on the lesson page; the assignment's settings rule their attempts."""

from __future__ import annotations

import re
from datetime import timedelta

from quizgen.quiz import seed_from_code, variant_code
from quizgen.storage import (
    JOIN_CODE_ALPHABET,
    Assignment,
    AssignmentAttempt,
    Attempt,
    find_attempt,
    utc_now,
)

from ..web.html import visible_text
from .conftest import LESSON_ID, Student, csrf_token, stored, take_quiz


def link_of(app, public_id: str) -> AssignmentAttempt | None:
    with app.extensions["quizgen.database"].session() as session:
        attempt = find_attempt(session, public_id)
        link = attempt.link
        if link is not None:
            link.assignment  # load while the session is open
        return link


def set_close_date(app, assignment_url: str, when) -> None:
    with app.extensions["quizgen.database"].session() as session:
        assignment = session.query(Assignment).filter_by(public_id=assignment_url.rsplit("/", 1)[-1]).one()
        assignment.closes_at = when
        session.commit()


def test_a_new_class_gets_an_unambiguous_join_code(teacher):
    school_class = teacher.new_class()
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", school_class.code)
    assert set(school_class.code.replace("-", "")) <= set(JOIN_CODE_ALPHABET)
    assert not set("01ILOU") & set(school_class.code)
    codes = {teacher.new_class(f"Class {n}").code for n in range(5)}
    assert len(codes) == 5


def test_joining_with_the_code_files_the_attempt_under_the_assignment_with_its_settings(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, count=5)
    typed = school_class.code.lower().replace("-", " - ")  # case, spaces and hyphen do not matter
    _student, quiz = take_quiz(app, typed, "Ana")
    assert len(quiz.quiz.items) == 5
    link = link_of(app, quiz.public_id)
    assert link.assignment.public_id == assignment_url.rsplit("/", 1)[-1] and link.number == 1
    assert quiz.attempt.class_code == school_class.code.replace("-", "")
    results = visible_text(teacher.get(assignment_url).get_data(as_text=True))
    assert "Ana" in results and "Submitted 1" in results


def test_an_unknown_code_is_reported_next_to_the_field_and_nothing_is_stored(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class)
    student = Student(app, app.test_client())
    response = student.start(name="Ana", class_code="ZZZ-ZZZ")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="field-error" id="class_code-error">.*No class with the code', html)
    assert 'href="#class_code"' in html and 'aria-invalid="true"' in html
    with app.extensions["quizgen.database"].session() as session:
        assert session.query(Attempt).count() == 0


def test_a_class_without_this_lesson_gets_the_same_answer_as_a_code_of_no_class(app, teacher, lessons_dir):
    school_class = teacher.new_class()  # nothing assigned
    real = Student(app, app.test_client()).start(name="Ana", class_code=school_class.code)
    guessed = Student(app, app.test_client()).start(name="Ana", class_code="ZZZ-ZZZ")
    assert real.status_code == guessed.status_code == 422

    def error_of(response) -> str:
        html = response.get_data(as_text=True)
        return visible_text(re.search(r'id="class_code-error">(.*?)</p>', html, re.S).group(1))

    assert error_of(real).replace(school_class.code, "CODE") == error_of(guessed).replace("ZZZ-ZZZ", "CODE")
    assert "has been given this lesson" in error_of(real)


def test_attempts_allowed_are_enforced_by_name(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=1)
    student, quiz = take_quiz(app, school_class.code, "Ana Lee")
    result = student.client.get(quiz.url + "/result").get_data(as_text=True)
    assert "Try another variant" not in result  # no attempt left, so no button
    again = Student(app, app.test_client()).start(name="  ana   LEE ", class_code=school_class.code)
    assert again.status_code == 422
    assert "has already handed in the one attempt this class allows" in visible_text(again.get_data(as_text=True))
    page = student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    token = re.search(r'name="start_token" type="hidden" value="([^"]+)"', page).group(1)
    response = student.client.post(quiz.url + "/another", data={"csrf_token": csrf_token(page), "start_token": token})
    assert response.status_code == 409 and "No attempts left" in response.get_data(as_text=True)
    # Someone else in the class still can.
    take_quiz(app, school_class.code, "Ben")


def test_a_second_attempt_when_allowed_is_numbered(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, attempts_allowed=2)
    student, quiz = take_quiz(app, school_class.code, "Ana")
    result = student.client.get(quiz.url + "/result").get_data(as_text=True)
    assert "Try another variant" in result
    token = re.search(r'name="start_token" type="hidden" value="([^"]+)"', result).group(1)
    response = student.client.post(quiz.url + "/another", data={"csrf_token": csrf_token(result), "start_token": token})
    assert response.status_code == 303
    second = response.headers["Location"].rsplit("/", 1)[-1]
    assert link_of(app, second).number == 2
    assert "(attempt 2)" in teacher.get(assignment_url).get_data(as_text=True)


def test_starting_again_in_the_same_browser_continues_the_open_attempt(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=1)
    student = Student(app, app.test_client())
    first = student.start(name="Ana", class_code=school_class.code).headers["Location"]
    again = student.start(name="Ana", class_code=school_class.code)
    assert again.status_code == 303 and again.headers["Location"] == first


def test_a_quiz_left_open_elsewhere_locks_nobody_out_and_only_handed_in_attempts_count(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, attempts_allowed=1)
    # Started on a phone that is then lost: the same name starts afresh in another browser.
    phone = Student(app, app.test_client())
    lost = phone.open_quiz(phone.start(name="Ana", class_code=school_class.code).headers["Location"])
    laptop = Student(app, app.test_client())
    started = laptop.start(name="Ana", class_code=school_class.code)
    assert started.status_code == 303
    quiz = laptop.open_quiz(started.headers["Location"])
    assert quiz.public_id != lost.public_id
    assert laptop.submit(quiz, quiz.form("right")).status_code == 303

    # The phone turns up again: its quiz cannot be handed in too, and its answers are kept, not lost.
    refused = phone.submit(lost, lost.form("right"))
    text = visible_text(refused.get_data(as_text=True))
    assert refused.status_code == 409 and "already handed in the one attempt" in text
    assert "Your answers are saved in it" in text
    reopened = phone.client.get(lost.url).get_data(as_text=True)
    assert "checked" in reopened  # the refused answers came back as a draft
    results = visible_text(teacher.get(assignment_url).get_data(as_text=True))
    assert "Submitted 1" in results

    # One more attempt from the teacher, and the kept quiz can be handed in after all.
    link = link_of(app, lost.public_id)
    assert teacher.post(f"{assignment_url}/students/{link.student_key}/another-attempt", {}).status_code == 303
    again = phone.open_quiz(lost.url)
    assert phone.submit(again, again.form("right")).status_code == 303
    assert link_of(app, lost.public_id).submitted_number == 2


def test_a_double_clicked_start_is_one_attempt_even_at_the_limit(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=1)
    student = Student(app, app.test_client())
    page = student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    token = re.search(r'name="start_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {
        "csrf_token": csrf_token(page),
        "start_token": token,
        "student_name": "Ana",
        "class_code": school_class.code,
    }
    first = student.client.post(f"/lessons/{LESSON_ID}/start", data=data)
    second = student.client.post(f"/lessons/{LESSON_ID}/start", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]


def test_one_shared_variant_for_the_whole_class(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, variant_mode="shared")
    seeds = {take_quiz(app, school_class.code, name)[1].attempt.seed for name in ("Ana", "Ben", "Cy")}
    assignment = stored(app, Assignment, public_id=assignment_url.rsplit("/", 1)[-1])
    assert seeds == {assignment.class_seed}


def test_variants_differ_per_student_by_default(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class)
    seeds = {take_quiz(app, school_class.code, name)[1].attempt.seed for name in ("Ana", "Ben", "Cy")}
    assert len(seeds) == 3


def test_a_closed_assignment_takes_no_new_attempts(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class)
    set_close_date(app, assignment_url, utc_now() - timedelta(minutes=1))
    response = Student(app, app.test_client()).start(name="Ana", class_code=school_class.code)
    assert response.status_code == 422 and "This assignment closed on" in response.get_data(as_text=True)


def test_results_wait_for_the_close_date_when_the_teacher_says_so(app, teacher):
    school_class = teacher.new_class()
    closes = (utc_now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assignment_url = teacher.assign(school_class, feedback="after-close", closes_at=closes)
    student, quiz = take_quiz(app, school_class.code, "Ana")
    page = student.client.get(quiz.url + "/result")
    text = visible_text(page.get_data(as_text=True))
    assert page.status_code == 200
    assert f"Submitted; your teacher will release results after {closes.replace('T', ' ')} UTC." in text
    first = quiz.quiz.items[0].item
    assert "of 29 points" not in text and "Question by question" not in text and first.explanation not in text
    assert "Results held until" in teacher.get(assignment_url).get_data(as_text=True)
    set_close_date(app, assignment_url, utc_now() - timedelta(seconds=1))
    released = visible_text(student.client.get(quiz.url + "/result").get_data(as_text=True))
    assert "Question by question" in released and "of 27 marked points" in released


def test_release_after_close_needs_a_close_date_in_the_future(app, teacher):
    school_class = teacher.new_class()
    url = f"{school_class.url}/assign/{LESSON_ID}"
    base = {"count": "", "variant_mode": "per-student", "attempts_allowed": "1", "feedback": "after-close"}
    response = teacher.post(url, {**base, "closes_at": ""})
    assert response.status_code == 422 and "Give a close date" in response.get_data(as_text=True)
    response = teacher.post(url, {**base, "closes_at": "2001-01-01T10:00"})
    assert response.status_code == 422 and "Choose a close date in the future" in response.get_data(as_text=True)


def test_assignment_settings_are_checked_against_the_lesson(app, teacher):
    school_class = teacher.new_class()
    url = f"{school_class.url}/assign/{LESSON_ID}"
    page = teacher.get(url).get_data(as_text=True)
    topics = dict(re.findall(r'<label class="field-label" for="(topic_\d+)">([A-Za-z ]+)</label>', page))
    assert set(topics.values()) == {"Chronology", "Comprehension", "Source evaluation", "Vocabulary"}
    base = {"variant_mode": "per-student", "attempts_allowed": "1", "feedback": "immediate", "closes_at": ""}
    for data, message in [
        ({"count": "99"}, "Choose between 1 and 28 questions."),
        ({"count": "0"}, "Choose between 1 and 28 questions."),
        ({"count": "", "attempts_allowed": "0"}, "Allow between 1 and 20 attempts."),
        (
            {"count": "2", **{name: "2" for name, topic in topics.items() if topic in ("Vocabulary", "Chronology")}},
            "These numbers do not fit the lesson",
        ),
    ]:
        response = teacher.post(url, {**base, **data})
        assert response.status_code == 422 and message in response.get_data(as_text=True), message
    topic_of = {topic: name for name, topic in topics.items()}
    assignment_url = teacher.assign(school_class, **{topic_of["Vocabulary"]: 3, topic_of["Chronology"]: 2})
    _, quiz = take_quiz(app, school_class.code, "Ana")
    assert sorted(entry.item.topic for entry in quiz.quiz.items) == ["chronology"] * 2 + ["vocabulary"] * 3
    assert "5 per student" in visible_text(teacher.get(assignment_url).get_data(as_text=True))


def test_the_newest_assignment_of_a_lesson_is_the_one_joined(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, count=3)
    newest = teacher.assign(school_class, count=4)
    _, quiz = take_quiz(app, school_class.code, "Ana")
    assert len(quiz.quiz.items) == 4
    assert link_of(app, quiz.public_id).assignment.public_id == newest.rsplit("/", 1)[-1]


def test_a_typed_variant_code_is_ignored_in_an_assignment_of_either_kind(app, teacher):
    code = variant_code(12345)
    school_class = teacher.new_class()
    teacher.assign(school_class)
    student = Student(app, app.test_client())
    response = student.start(name="Ana", class_code=school_class.code, variant_code=code)
    assert student.attempt(response.headers["Location"].rsplit("/", 1)[-1]).seed != seed_from_code(code)
    shared_class = teacher.new_class("Shared")
    shared_url = teacher.assign(shared_class, variant_mode="shared")
    response = Student(app, app.test_client()).start(name="Ben", class_code=shared_class.code, variant_code=code)
    attempt = student.attempt(response.headers["Location"].rsplit("/", 1)[-1])
    assert attempt.seed == stored(app, Assignment, public_id=shared_url.rsplit("/", 1)[-1]).class_seed
