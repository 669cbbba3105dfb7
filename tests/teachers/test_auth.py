"""Teacher accounts: create-teacher, sign-in, throttling, sessions that sign-out really ends."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from quizgen.storage import Teacher
from quizgen.web.limits import ACCOUNT_LOCKED, ADDRESS_LOCKED, SIGN_IN_FAILURES_PER_ADDRESS, reset_throttling

from ..web.html import visible_text
from .conftest import PASSWORD, TeacherClient, csrf_token, make_teacher, stored


def test_sign_in_opens_the_dashboard_and_renews_the_session(app):
    make_teacher(app, "teacher@example.org")
    teacher = TeacherClient(app, "teacher@example.org")
    assert teacher.get("/teacher/").headers["Location"].startswith("/teacher/sign-in")
    with teacher.client.session_transaction() as session:
        session["attempts"] = ["someone-elses-attempt"]
        session["planted"] = "fixed by an attacker"
    response = teacher.sign_in()
    assert response.status_code == 303 and response.headers["Location"] == "/teacher/"
    with teacher.client.session_transaction() as session:
        assert "planted" not in session and "attempts" not in session  # a fresh session, not the old one
        assert session["_user_id"] == stored(app, Teacher, email="teacher@example.org").session_token
    page = teacher.get("/teacher/")
    assert page.status_code == 200 and "Your classes" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("teacher@example.org", "wrong password!"),
        ("nobody@example.org", PASSWORD),
        ("TEACHER@example.org ", "wrong password!"),
    ],
)
def test_wrong_e_mail_or_password_is_refused_with_one_message(app, email, password):
    make_teacher(app, "teacher@example.org")
    teacher = TeacherClient(app, email)
    response = teacher.sign_in(password=password)
    assert response.status_code == 422
    assert "That e-mail address and password do not match an account." in visible_text(response.get_data(as_text=True))
    assert teacher.get("/teacher/").status_code == 303


def test_e_mail_is_not_case_sensitive(app):
    make_teacher(app, "teacher@example.org")
    assert TeacherClient(app, " Teacher@Example.ORG ").sign_in().status_code == 303


def test_sign_out_ends_the_session_even_for_a_copied_cookie(app, teacher):
    copied = teacher.client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/teacher/").status_code == 200  # the copy works while the teacher is signed in

    response = teacher.post("/teacher/sign-out", {})
    assert response.status_code == 303 and response.headers["Location"] == "/teacher/sign-in"
    assert teacher.get("/teacher/").status_code == 303
    replayed = thief.get("/teacher/")
    assert replayed.status_code == 303 and replayed.headers["Location"].startswith("/teacher/sign-in")
    # Signing in again makes a session that works; the old copy still does not.
    assert teacher.sign_in().status_code == 303
    assert teacher.get("/teacher/").status_code == 200
    assert thief.get("/teacher/").status_code == 303


def test_sign_out_needs_the_csrf_token(teacher):
    response = teacher.client.post("/teacher/sign-out")
    assert response.status_code == 400 and "security token" in response.get_data(as_text=True)
    assert teacher.get("/teacher/").status_code == 200


def test_failed_sign_ins_are_throttled_per_account_with_a_clear_message(app):
    make_teacher(app, "teacher@example.org")
    make_teacher(app, "colleague@example.org")
    teacher = TeacherClient(app, "teacher@example.org")
    for _ in range(5):
        assert teacher.sign_in(password="guess guess guess").status_code == 422
    locked = teacher.sign_in()  # even the right password waits
    assert locked.status_code == 429
    text = visible_text(locked.get_data(as_text=True))
    assert ACCOUNT_LOCKED in text and "Error 429" in text
    assert int(locked.headers["Retry-After"]) > 0
    assert teacher.get("/teacher/").status_code == 303
    # Another account from the same address is not locked by someone else's failures.
    assert TeacherClient(app, "colleague@example.org").sign_in().status_code == 303
    with app.app_context():
        reset_throttling()
    assert teacher.sign_in().status_code == 303


def test_failed_sign_ins_are_throttled_per_address(app):
    make_teacher(app, "teacher@example.org")
    for attempt in range(SIGN_IN_FAILURES_PER_ADDRESS.limit):
        response = TeacherClient(app, f"guess{attempt}@example.org").sign_in(password="guess guess guess")
        assert response.status_code == 422
    response = TeacherClient(app, "teacher@example.org").sign_in()
    assert response.status_code == 429 and ADDRESS_LOCKED in visible_text(response.get_data(as_text=True))
    other_address = app.test_client()
    page = other_address.get("/teacher/sign-in", environ_base={"REMOTE_ADDR": "10.0.0.7"}).get_data(as_text=True)
    response = other_address.post(
        "/teacher/sign-in",
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
        data={"csrf_token": csrf_token(page), "email": "teacher@example.org", "password": PASSWORD},
    )
    assert response.status_code == 303


def test_successful_sign_ins_and_page_views_are_not_counted(app):
    make_teacher(app, "teacher@example.org")
    teacher = TeacherClient(app, "teacher@example.org")
    for _ in range(8):
        assert teacher.get("/teacher/sign-in").status_code == 200
        assert teacher.sign_in().status_code == 303
        assert teacher.post("/teacher/sign-out", {}).status_code == 303


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/teacher/classes/abc", "/teacher/classes/abc"),
        ("https://evil.example/teacher/", "/teacher/"),
        ("//evil.example/teacher/", "/teacher/"),
        ("/\\evil.example", "/teacher/"),
        ("/attempts/x", "/teacher/"),
    ],
)
def test_sign_in_returns_only_to_a_teacher_page_of_this_site(app, target, expected):
    make_teacher(app, "teacher@example.org")
    client = app.test_client()
    page = client.get("/teacher/sign-in", query_string={"next": target}).get_data(as_text=True)
    response = client.post(
        "/teacher/sign-in",
        query_string={"next": target},
        data={"csrf_token": csrf_token(page), "email": "teacher@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == expected


def test_an_anonymous_visit_returns_to_the_page_after_sign_in(app):
    make_teacher(app, "teacher@example.org")
    teacher = TeacherClient(app, "teacher@example.org")
    redirect = teacher.get("/teacher/classes/some-class")
    assert redirect.status_code == 303
    login_url = redirect.headers["Location"]
    page = teacher.get(login_url).get_data(as_text=True)
    response = teacher.client.post(
        login_url, data={"csrf_token": csrf_token(page), "email": teacher.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/teacher/classes/some-class"


def test_there_is_no_self_registration(app):
    teacher_rules = [rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("teachers.")]
    assert not [rule for rule in teacher_rules if any(word in rule for word in ("register", "sign-up", "signup"))]
    assert "Accounts are made by the site's administrator" in app.test_client().get("/teacher/sign-in").get_data(
        as_text=True
    )


def test_create_teacher_asks_for_the_password_twice_and_hashes_it_with_scrypt(app, runner):
    result = runner.invoke(
        args=["create-teacher", "New.Teacher@Example.org"], input="a long password\na long password\n"
    )
    assert result.exit_code == 0, result.output
    assert "Teacher new.teacher@example.org created" in result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert "a long password" not in result.output  # typed without echo
    teacher = stored(app, Teacher, email="new.teacher@example.org")
    assert teacher.password_hash.startswith("scrypt:") and check_password_hash(teacher.password_hash, "a long password")
    assert TeacherClient(app, "new.teacher@example.org").sign_in(password="a long password").status_code == 303


def test_create_teacher_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["create-teacher", "script@example.org", "--password-stdin"], input="from a script 123\n"
    )
    assert result.exit_code == 0, result.output
    assert check_password_hash(stored(app, Teacher, email="script@example.org").password_hash, "from a script 123")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["create-teacher", "not-an-address"], "", "is not an e-mail address"),
        (["create-teacher", "a@example.org", "--password-stdin"], "short\n", "use at least 10 characters"),
        (["create-teacher", "a@example.org"], "one long password\nanother long one\n", "do not match"),
        (["create-teacher", "a@example.org", "--reset", "--password-stdin"], "a long password\n", "no teacher"),
    ],
)
def test_create_teacher_refuses_bad_input(app, runner, args, stdin, message):
    result = runner.invoke(args=args, input=stdin)
    assert message in result.output
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)  # an error message, no traceback
    with app.extensions["quizgen.database"].session() as session:
        assert session.scalar(select(func.count()).select_from(Teacher)) == 0


def test_create_teacher_refuses_a_duplicate_and_reset_signs_out_everywhere(app, runner, teacher):
    result = runner.invoke(args=["create-teacher", teacher.email, "--password-stdin"], input="a long password\n")
    assert result.exit_code != 0 and "exists already" in result.output
    result = runner.invoke(
        args=["create-teacher", teacher.email, "--reset", "--password-stdin"], input="a brand new password\n"
    )
    assert result.exit_code == 0 and "sessions have ended" in result.output
    assert teacher.get("/teacher/").status_code == 303
    assert teacher.sign_in(password=PASSWORD).status_code == 422
    assert teacher.sign_in(password="a brand new password").status_code == 303
