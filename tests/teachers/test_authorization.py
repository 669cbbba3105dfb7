"""Every teacher URL, for everyone who is not its owner: refused.

The cases are built from ``app.url_map``: a route added to the teacher
blueprint later is tested here without anyone listing it, and a route with
an id this file does not know how to fill fails the test.
"""

from __future__ import annotations

import re
import secrets

import pytest

from quizgen.storage import Assignment, Attempt, SchoolClass, add_roster_students

from .conftest import LESSON_ID, Student, csrf_token, take_quiz

OPEN_TO_EVERYONE = {"teachers.sign_in"}
# Pages that show only the signed-in teacher's own things (no id in the URL): another teacher may use them.
OWN_THINGS_ONLY = {"teachers.dashboard", "teachers.new_class", "teachers.sign_out"}
# A lesson's teaching module (guide and printouts) is the same for every signed-in teacher: nobody owns it.
EVERY_TEACHER = {"teachers.lesson_module", "teachers.lesson_print", "teachers.lesson_class_set"}


def teacher_routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) of every teacher route but sign-in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("teachers.", "roster.")) or rule.endpoint in OPEN_TO_EVERYONE:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, rule.rule))
    return routes


def fill(rule: str, ids: dict[str, str]) -> str:
    url = rule
    for name, value in ids.items():
        url = url.replace(f"<{name}>", value)
    assert "<" not in url, f"{rule}: this test does not know how to fill its ids; add them to the ids dict"
    return url


@pytest.fixture
def owned(app, teacher):
    """The first teacher's class and assignment, with one submitted attempt (ids for the URLs)."""
    school_class = teacher.new_class("Owner's class")
    assignment_url = teacher.assign(school_class)
    _, quiz = take_quiz(app, school_class.code, "Ana")
    with app.extensions["quizgen.database"].session() as session:
        class_id = session.query(SchoolClass).filter_by(public_id=school_class.public_id).one().id
        (student,) = add_roster_students(session, class_id, ["Ana"])
    printed = teacher.post(assignment_url + "/class-set", {"names": "Ana", "keys": "grids", "page_size": "A4"})
    assert printed.status_code == 303, printed.get_data(as_text=True)[:500]
    return {
        "student_id": student.public_id,
        "job_id": printed.headers["Location"].rsplit("/", 1)[-1],
        "class_id": school_class.public_id,
        "assignment_id": assignment_url.rsplit("/", 1)[-1],
        "lesson_id": LESSON_ID,
        "kind": "guide",
        "path:student": "ana",
        "attempt_id": quiz.public_id,
        "action": "delete",
    }


def request(client, method: str, url: str, token: str | None):
    data = (
        {
            "csrf_token": token,
            "name": "Intruder",
            "variant": "0000-001D",
            "copies": "1",
            "names": "Intruder",
            "count": "",
            "variant_mode": "shared",
            "attempts_allowed": "9",
            "feedback": "immediate",
            "closes_at": "",
        }
        if method == "POST"
        else None
    )
    return client.open(
        url, method=method, data=data, query_string={"variant": "0000-001D"} if method == "GET" else None
    )


def assert_nothing_changed(app, before: tuple):
    assert counts(app) == before


def counts(app) -> tuple:
    """Classes, assignments, attempts, and every assignment's settings: what a refused request must leave alone."""
    with app.extensions["quizgen.database"].session() as session:
        return (
            session.query(SchoolClass).count(),
            session.query(Assignment).count(),
            session.query(Attempt).filter(Attempt.submitted_at.is_not(None)).count(),
            sorted(
                (a.attempts_allowed, a.closes_at, a.archived_at, a.feedback) for a in session.query(Assignment).all()
            ),
        )


def test_the_table_covers_every_teacher_route(app):
    endpoints = {endpoint for endpoint, _, _ in teacher_routes(app)}
    assert {
        "teachers.dashboard",
        "teachers.class_page",
        "teachers.assign",
        "teachers.assignment_page",
        "teachers.marking",
        "teachers.results_export",
        "teachers.answer_key",
        "teachers.class_set",
        "teachers.print_job",
        "teachers.print_job_download",
        "teachers.new_class",
        "teachers.sign_out",
        "roster.roster_page",
        "roster.paste_names",
        "roster.change_student",
        "roster.roster_slips",
        "roster.show_to_class",
    } <= endpoints
    assert len(teacher_routes(app)) >= 12


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(app, owned):
    before = counts(app)
    client = app.test_client()
    token = csrf_token(client.get("/teacher/sign-in").get_data(as_text=True))
    for endpoint, method, rule in teacher_routes(app):
        response = request(client, method, fill(rule, owned), token)
        assert response.status_code == 303, (endpoint, method, response.status_code)
        assert response.headers["Location"].startswith("/teacher/sign-in"), endpoint
        assert response.mimetype != "application/pdf" and response.mimetype != "text/csv"
    assert_nothing_changed(app, before)


def test_a_student_session_is_refused_everywhere(app, owned):
    before = counts(app)
    student = Student(app, app.test_client())
    response = student.start(name="Curious student", class_code="")
    assert response.status_code == 303  # the browser now holds a student session with an attempt
    token = csrf_token(student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True))
    for endpoint, method, rule in teacher_routes(app):
        response = request(student.client, method, fill(rule, owned), token)
        assert response.status_code == 303 and "/teacher/sign-in" in response.headers["Location"], (endpoint, method)
    assert_nothing_changed(app, before)


def test_another_teacher_gets_404_for_every_page_of_someone_elses_class(app, owned, other_teacher):
    before = counts(app)
    token = other_teacher.token()
    checked = 0
    for endpoint, method, rule in teacher_routes(app):
        if endpoint in OWN_THINGS_ONLY | EVERY_TEACHER:
            continue
        response = request(other_teacher.client, method, fill(rule, owned), token)
        assert response.status_code == 404, (endpoint, method, response.status_code)
        assert "Error 404" in response.get_data(as_text=True)
        checked += 1
    assert checked >= 9
    assert_nothing_changed(app, before)
    # The dashboard shows only the other teacher's own (no) classes.
    assert "Owner&#39;s class" not in other_teacher.get("/teacher/").get_data(as_text=True)


def test_guessed_ids_give_404_even_to_a_signed_in_teacher(app, owned, teacher):
    token = teacher.token()
    guesses = {
        "job_id": secrets.token_urlsafe(16),
        "class_id": secrets.token_urlsafe(16),
        "assignment_id": secrets.token_urlsafe(16),
        "lesson_id": LESSON_ID,
        "kind": "guide",
        "path:student": "ana",
        "attempt_id": secrets.token_urlsafe(16),
        "action": "exclude",
        "student_id": secrets.token_urlsafe(16),
    }
    for endpoint, method, rule in teacher_routes(app):
        if endpoint in OWN_THINGS_ONLY | EVERY_TEACHER:
            continue
        assert request(teacher.client, method, fill(rule, guesses), token).status_code == 404, endpoint
    # Sequential integers are not ids here either.
    for number in ("1", "2"):
        assert teacher.get(f"/teacher/classes/{number}").status_code == 404
        assert teacher.get(f"/teacher/assignments/{number}").status_code == 404


def test_ids_in_urls_are_random_tokens(app, owned):
    assert len(owned["class_id"]) >= 22 and len(owned["assignment_id"]) >= 22
    assert not owned["class_id"].isdigit() and not owned["assignment_id"].isdigit()


def test_the_owner_can_open_every_page(app, owned, teacher):
    for endpoint, method, rule in teacher_routes(app):
        if method != "GET":
            continue
        response = teacher.get(fill(rule, owned), query_string={"variant": "0000-001D"})
        assert response.status_code == 200, (endpoint, response.status_code)
        assert "no-store" in response.headers["Cache-Control"]
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            inline_script = re.search(r"<script(?![^>]*\bsrc=)", html)  # external scripts only (the CSP's rule)
            assert not inline_script and "<style" not in html and " style=" not in html, endpoint


def test_every_teacher_post_needs_a_csrf_token(app, owned, teacher):
    for endpoint, method, rule in teacher_routes(app):
        if method != "POST":
            continue
        response = request(teacher.client, method, fill(rule, owned), token=None)
        assert response.status_code == 400 and "security token" in response.get_data(as_text=True), endpoint


def test_a_guessed_student_or_attempt_of_an_own_assignment_gives_404(app, owned, teacher):
    token = teacher.token()
    base = f"/teacher/assignments/{owned['assignment_id']}"
    assert teacher.get(f"{base}/students/nobody").status_code == 404
    assert teacher.client.post(f"{base}/students/nobody/another-attempt", data={"csrf_token": token}).status_code == 404
    guessed = secrets.token_urlsafe(16)
    assert teacher.client.post(f"{base}/attempts/{guessed}/delete", data={"csrf_token": token}).status_code == 404
    assert (
        teacher.client.post(f"{base}/attempts/{owned['attempt_id']}/explode", data={"csrf_token": token}).status_code
        == 404
    )
    before = counts(app)
    # Without the form's token nothing happens either.
    assert teacher.client.post(f"{base}/attempts/{owned['attempt_id']}/delete").status_code == 400
    assert_nothing_changed(app, before)
