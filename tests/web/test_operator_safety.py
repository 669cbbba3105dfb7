"""What a careful operator expects: old unsubmitted attempts purged, private files, a QR address no header can forge."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest

from quizgen.settings import Settings, SettingsError
from quizgen.storage import Attempt, utc_now
from quizgen.web import create_app

from ..helpers.pdf import flat, pdf_text
from .conftest import LESSON_ID, TEST_SECRET


def _app(tmp_path, lessons_dir, database_url, **config):
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": database_url,
            "SECRET_KEY": TEST_SECRET,
            **config,
        }
    )


def _age_attempts(app, hours: float) -> None:
    with app.extensions["quizgen.database"].session() as session:
        for attempt in session.query(Attempt):
            attempt.started_at = utc_now() - timedelta(hours=hours)
        session.commit()


def _attempts(app) -> list[tuple[str, bool]]:
    with app.extensions["quizgen.database"].session() as session:
        return sorted((a.student_name, a.is_submitted) for a in session.query(Attempt))


def test_purge_attempts_deletes_old_unsubmitted_attempts_and_keeps_submitted_ones(app, student, runner):
    quiz = student.open_quiz()
    assert student.submit(quiz, quiz.form()).status_code == 303
    student.start(name="Ben")
    student.start(name="Cy")
    _age_attempts(app, 169)
    student.start(name="Dee")  # new: kept
    result = runner.invoke(args=["purge-attempts"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 unsubmitted attempts older than 168 hours." in result.output
    assert _attempts(app) == [("Ana", True), ("Dee", False)]


def test_the_app_purges_when_it_starts_with_the_configured_age(tmp_path, lessons_dir, database_url, app, student):
    student.start(name="Ben")
    _age_attempts(app, 3)
    restarted = _app(tmp_path, lessons_dir, database_url, PURGE_UNSUBMITTED_HOURS=2)
    try:
        assert _attempts(restarted) == []
    finally:
        restarted.extensions["quizgen.database"].engine.dispose()


@pytest.mark.parametrize("value", ["0", "-3", "soon", "9000"])
def test_a_bad_purge_age_stops_the_start_with_a_message(value):
    with pytest.raises(SettingsError, match="QUIZGEN_PURGE_UNSUBMITTED_HOURS"):
        Settings.from_environment({"QUIZGEN_PURGE_UNSUBMITTED_HOURS": value})


def test_the_database_and_instance_folder_are_private_to_the_server(app, tmp_path, client):
    client.get(f"/lessons/{LESSON_ID}")
    folder = tmp_path / "instance"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    database = tmp_path / "test.sqlite3"
    for path in [database, *database.parent.glob("test.sqlite3-*")]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_a_forged_host_header_does_not_set_the_worksheet_qr_address(client):
    response = client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", headers={"Host": "evil.example"})
    assert response.status_code == 200
    text = flat(pdf_text(response.data))
    assert "evil.example" not in text
    assert "http://127.0.0.1:5000/lessons/" in text


def test_with_trusted_hosts_other_hosts_are_refused_and_a_trusted_one_is_printed(tmp_path, lessons_dir, database_url):
    app = _app(tmp_path, lessons_dir, database_url, TRUSTED_HOSTS="quiz.school.example")
    try:
        client = app.test_client()
        assert client.get(f"/lessons/{LESSON_ID}", headers={"Host": "evil.example"}).status_code == 400
        response = client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", headers={"Host": "quiz.school.example"})
        assert response.status_code == 200
        assert "http://quiz.school.example/lessons/" in flat(pdf_text(response.data))
    finally:
        app.extensions["quizgen.database"].engine.dispose()
