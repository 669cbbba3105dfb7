"""Sign-in, quiz-start and class-code throttling: counted in the database, so every worker and server share it.

An attacker cannot lock a teacher out cheaply: throttled tries do not count
against the address, and a browser the teacher signed in with before keeps
working whatever others try.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizgen.web import create_app, limits
from quizgen.web.limits import ACCOUNT_LOCKED, TOO_MANY_CODE_GUESSES, TOO_MANY_STARTS, Rule

from ..web.html import visible_text
from .conftest import PASSWORD, TEST_SECRET, Student, TeacherClient, csrf_token, make_teacher

WRONG = "guess guess guess"


def _sign_in_from(app, email: str, password: str, address: str, browser=None):
    browser = browser or app.test_client()
    page = browser.get("/teacher/sign-in", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
    return browser.post(
        "/teacher/sign-in",
        environ_base={"REMOTE_ADDR": address},
        data={"csrf_token": csrf_token(page), "email": email, "password": password},
    )


@pytest.fixture
def second_server(app, tmp_path, lessons_dir, database_url):
    """Another app (another worker or server) on the same database."""
    other = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance-2",
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": database_url,
            "SECRET_KEY": TEST_SECRET,
        }
    )
    yield other
    other.extensions["quizgen.database"].engine.dispose()


def test_sign_in_tries_are_counted_across_workers_and_servers(app, second_server):
    make_teacher(app, "teacher@example.org")
    for server in (app, second_server, app, second_server, app):
        assert _sign_in_from(server, "teacher@example.org", WRONG, "10.1.1.1").status_code == 422
    for server in (second_server, app):
        refused = _sign_in_from(server, "teacher@example.org", PASSWORD, "10.1.1.1")
        assert refused.status_code == 429
        assert ACCOUNT_LOCKED in visible_text(refused.get_data(as_text=True))
        assert int(refused.headers["Retry-After"]) > 0


def test_hammering_a_locked_account_does_not_lock_other_accounts_from_that_address(app):
    make_teacher(app, "teacher@example.org")
    make_teacher(app, "colleague@example.org")
    for _ in range(60):
        _sign_in_from(app, "teacher@example.org", WRONG, "10.2.2.2")
    assert _sign_in_from(app, "colleague@example.org", PASSWORD, "10.2.2.2").status_code == 303


def test_wrong_tries_by_others_never_lock_the_teacher_out_of_their_usual_browser(app, monkeypatch):
    monkeypatch.setattr(limits, "SIGN_IN_FAILURES_PER_ACCOUNT", Rule("sign-in-account", 20, timedelta(minutes=15)))
    make_teacher(app, "teacher@example.org")
    own_browser = TeacherClient(app, "teacher@example.org")
    assert own_browser.sign_in().status_code == 303
    assert own_browser.post("/teacher/sign-out", {}).status_code == 303
    # Someone on the same school network, then many addresses, try to guess the password.
    for _ in range(12):
        _sign_in_from(app, "teacher@example.org", WRONG, "127.0.0.1")
    for number in range(limits.SIGN_IN_FAILURES_PER_ACCOUNT.limit):
        _sign_in_from(app, "teacher@example.org", WRONG, f"10.9.{number // 250}.{number % 250}")
    assert _sign_in_from(app, "teacher@example.org", PASSWORD, "10.8.8.8").status_code == 429  # a new browser
    assert own_browser.sign_in().status_code == 303  # the teacher's own browser, same address as the first guesser


def test_a_known_browser_has_its_own_limit_too(app):
    make_teacher(app, "teacher@example.org")
    own_browser = TeacherClient(app, "teacher@example.org")
    assert own_browser.sign_in().status_code == 303
    assert own_browser.post("/teacher/sign-out", {}).status_code == 303
    for _ in range(limits.SIGN_IN_TRIES_PER_KNOWN_BROWSER.limit):
        assert own_browser.sign_in(password=WRONG).status_code == 422
    assert own_browser.sign_in().status_code == 429


def test_quiz_starts_are_throttled_per_address_across_servers(app, second_server, monkeypatch):
    monkeypatch.setattr(limits, "QUIZ_STARTS_PER_ADDRESS", Rule("quiz-start", 3, timedelta(minutes=5)))
    for server in (app, second_server, app):
        assert Student(server, server.test_client()).start(name="Ana").status_code == 303
    refused = Student(second_server, second_server.test_client()).start(name="Ana")
    assert refused.status_code == 429 and TOO_MANY_STARTS in visible_text(refused.get_data(as_text=True))
    assert int(refused.headers["Retry-After"]) > 0
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.3.3.3"
    assert Student(app, elsewhere).start(name="Ben").status_code == 303


def test_class_code_guesses_are_throttled_and_then_even_the_right_code_waits(app, teacher, monkeypatch):
    monkeypatch.setattr(limits, "CLASS_CODE_FAILURES_PER_ADDRESS", Rule("class-code", 3, timedelta(minutes=10)))
    school_class = teacher.new_class()
    teacher.assign(school_class)
    for guess in ("AAA-AAA", "BBB-BBB", "CCC-CCC"):
        assert Student(app, app.test_client()).start(name="Eve", class_code=guess).status_code == 422
    refused = Student(app, app.test_client()).start(name="Eve", class_code=school_class.code)
    assert refused.status_code == 429 and TOO_MANY_CODE_GUESSES in visible_text(refused.get_data(as_text=True))
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.4.4.4"
    assert Student(app, elsewhere).start(name="Ana", class_code=school_class.code).status_code == 303


def test_an_operator_can_clear_every_count(app, runner):
    make_teacher(app, "teacher@example.org")
    for _ in range(6):
        _sign_in_from(app, "teacher@example.org", WRONG, "10.5.5.5")
    assert _sign_in_from(app, "teacher@example.org", PASSWORD, "10.5.5.5").status_code == 429
    result = runner.invoke(args=["reset-throttling"])
    assert result.exit_code == 0 and "Throttling counts cleared." in result.output
    assert _sign_in_from(app, "teacher@example.org", PASSWORD, "10.5.5.5").status_code == 303


def test_purging_never_deletes_a_count_whose_window_is_still_running():
    from quizgen.web.database import COUNTS_KEPT

    assert COUNTS_KEPT >= limits.LONGEST_WINDOW
