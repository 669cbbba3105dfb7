"""The app factory: validated settings from the environment, the generated secret key, init-db, app.py."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from quizgen.settings import SettingsError
from quizgen.web import create_app

from ..conftest import ROOT
from .conftest import LESSON_ID

ENV_NAMES = (
    "QUIZGEN_LESSONS_DIR",
    "QUIZGEN_INSTANCE_PATH",
    "DATABASE_URL",
    "SECRET_KEY",
    "QUIZGEN_SECURE_COOKIES",
    "QUIZGEN_BASE_URL",
    "QUIZGEN_TIMEZONE",
    "QUIZGEN_RATELIMIT_STORAGE",
    "QUIZGEN_TRUSTED_PROXIES",
    "QUIZGEN_PDF_CACHE",
    "QUIZGEN_PDF_CACHE_MAX_MB",
)


@pytest.fixture
def clean_environment(monkeypatch):
    """No quizgen setting in the environment."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def test_settings_from_the_environment_reach_the_app(monkeypatch, clean_environment, tmp_path, lessons_dir):
    monkeypatch.setenv("QUIZGEN_LESSONS_DIR", str(lessons_dir))
    monkeypatch.setenv("QUIZGEN_INSTANCE_PATH", str(tmp_path / "var" / "quizgen"))
    monkeypatch.setenv("QUIZGEN_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("QUIZGEN_BASE_URL", "https://quiz.example.org/")
    monkeypatch.setenv("QUIZGEN_SECURE_COOKIES", "yes")
    app = create_app()
    assert app.instance_path == str(tmp_path / "var" / "quizgen")
    assert (tmp_path / "var" / "quizgen" / "secret_key").exists()
    assert app.config["TIMEZONE"] == "Europe/Berlin" and app.config["BASE_URL"] == "https://quiz.example.org"
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["LESSONS_DIR"] == str(lessons_dir)
    assert app.extensions["quizgen.database"].engine.url.database == str(
        tmp_path / "var" / "quizgen" / "quizgen.sqlite3"
    )
    app.extensions["quizgen.database"].engine.dispose()


def test_a_bad_setting_stops_the_app_at_start_up_naming_it(monkeypatch, clean_environment, tmp_path, lessons_dir):
    monkeypatch.setenv("QUIZGEN_TIMEZONE", "Mars/Olympus")
    with pytest.raises(SettingsError, match=r"^QUIZGEN_TIMEZONE='Mars/Olympus' is not valid: not a time zone"):
        create_app({"INSTANCE_PATH": tmp_path / "instance", "LESSONS_DIR": str(lessons_dir)})
    assert not (tmp_path / "instance").exists()  # nothing was set up with the bad value


def test_a_missing_lessons_folder_is_named_at_start_up(clean_environment, tmp_path):
    with pytest.raises(SettingsError, match=r"QUIZGEN_LESSONS_DIR: there is no folder at .*nowhere"):
        create_app({"INSTANCE_PATH": tmp_path / "instance", "LESSONS_DIR": str(tmp_path / "nowhere")})


def test_a_bad_override_is_refused_like_a_bad_variable(clean_environment, tmp_path, lessons_dir):
    with pytest.raises(SettingsError, match="trusted_proxies='-1' is not valid"):
        create_app({"INSTANCE_PATH": tmp_path, "LESSONS_DIR": str(lessons_dir), "TRUSTED_PROXIES": "-1"})


def test_app_module_prints_one_line_for_a_bad_setting_and_stops_gunicorn(tmp_path, lessons_dir):
    env = {
        **os.environ,
        "QUIZGEN_LESSONS_DIR": str(lessons_dir),
        "QUIZGEN_INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "cli-test-key-" + "x" * 32,
        "QUIZGEN_TIMEZONE": "Mars/Olympus",
    }
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run(
        [str(flask), "--app", "app", "init-db"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 4  # what gunicorn takes as "the app failed to load": it stops, not restarts
    assert result.stderr.strip() == (
        "quizgen: QUIZGEN_TIMEZONE='Mars/Olympus' is not valid: not a time zone; "
        "use an IANA name such as Europe/Berlin, America/New_York or UTC"
    )


def test_first_run_creates_the_sqlite_schema_and_a_private_secret_key(clean_environment, tmp_path, lessons_dir):
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": instance, "LESSONS_DIR": str(lessons_dir)})
    key_file = instance / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert app.config["SECRET_KEY"] == key_file.read_text().strip() and len(app.config["SECRET_KEY"]) >= 32
    engine = app.extensions["quizgen.database"].engine
    assert engine.url.database == str(instance / "quizgen.sqlite3")
    assert {"attempt", "response"} <= set(inspect(engine).get_table_names())
    engine.dispose()
    again = create_app({"INSTANCE_PATH": instance, "LESSONS_DIR": str(lessons_dir)})
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]
    again.extensions["quizgen.database"].engine.dispose()
    other = create_app({"INSTANCE_PATH": tmp_path / "other", "LESSONS_DIR": str(lessons_dir)})
    assert other.config["SECRET_KEY"] != app.config["SECRET_KEY"]
    other.extensions["quizgen.database"].engine.dispose()


def test_a_postgresql_url_without_its_driver_says_which_extra_to_install(monkeypatch, tmp_path, lessons_dir):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what an install without the postgres extra looks like
    with pytest.raises(RuntimeError, match=r"driver psycopg, which is not installed: install the postgres extra"):
        create_app(
            {
                "INSTANCE_PATH": tmp_path / "instance",
                "LESSONS_DIR": str(lessons_dir),
                "DATABASE_URL": "postgresql://quizgen@127.0.0.1:1/quizgen",
            }
        )


def test_init_db_command(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0 and "Database ready" in result.output


def test_app_module_runs_init_db_through_the_flask_command(tmp_path, lessons_dir):
    database = tmp_path / "cli.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "cli-test-key-" + "x" * 32,
        "QUIZGEN_LESSONS_DIR": str(lessons_dir),
        "QUIZGEN_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run(
        [str(flask), "--app", "app", "init-db"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Database ready" in result.stdout and database.exists()


def test_trusted_proxies_make_forwarded_addresses_count(tmp_path, lessons_dir):
    def remote_address(app) -> str:
        app.add_url_rule("/_address", "address", lambda: __import__("flask").request.remote_addr)
        return (
            app.test_client()
            .get("/_address", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
            .get_data(as_text=True)
        )

    base = {
        "INSTANCE_PATH": tmp_path,
        "LESSONS_DIR": str(lessons_dir),
        "SECRET_KEY": "k" * 32,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    assert remote_address(create_app(base)) == "10.0.0.1"  # by default a forwarded header is not trusted
    assert remote_address(create_app({**base, "TRUSTED_PROXIES": 1})) == "203.0.113.9"


def test_the_app_keeps_rendered_pdfs_in_its_instance_folder_within_the_bound(app, client):
    from quizgen.quiz import variant_code
    from quizgen.web.printing import pdf_cache

    response = client.get(f"/lessons/{LESSON_ID}/worksheet.pdf?variant={variant_code(3)}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    with app.app_context():
        cache = pdf_cache()
    assert cache.directory == Path(app.instance_path) / "pdf-cache" and cache.max_disk_bytes == 200 * 1024 * 1024
    assert [path.read_bytes() for path in cache.directory.iterdir()] == [response.data]


def test_a_zero_pdf_cache_bound_writes_no_pdf_to_disk(clean_environment, tmp_path, lessons_dir):
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path / "instance",
            "LESSONS_DIR": str(lessons_dir),
            "SECRET_KEY": "k" * 32,
            "PDF_CACHE_MAX_MB": 0,
        }
    )
    response = app.test_client().get(f"/lessons/{LESSON_ID}/worksheet.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert not (tmp_path / "instance" / "pdf-cache").exists()
    app.extensions["quizgen.database"].engine.dispose()
