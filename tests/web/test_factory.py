"""The app factory: configuration from the environment, the generated secret key, init-db, app.py."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from quizgen.web import create_app
from quizgen.web.config import PROJECT_ROOT, settings_from_environment

ENV_NAMES = ("QUIZGEN_LESSONS_DIR", "DATABASE_URL", "SECRET_KEY", "QUIZGEN_SECURE_COOKIES", "QUIZGEN_BASE_URL",
             "QUIZGEN_TIMEZONE", "QUIZGEN_RATELIMIT_STORAGE", "QUIZGEN_TRUSTED_PROXIES")


def test_defaults_without_environment(tmp_path):
    settings = settings_from_environment(tmp_path, environ={})
    assert settings["LESSONS_DIR"] == str(PROJECT_ROOT / "lessons")
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'quizgen.sqlite3'}"
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["BASE_URL"] is None and settings["TIMEZONE"] == "UTC"
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://" and settings["TRUSTED_PROXIES"] == 0
    assert "SECRET_KEY" not in settings


def test_environment_variables_are_read(tmp_path):
    settings = settings_from_environment(tmp_path, environ={
        "QUIZGEN_LESSONS_DIR": "/srv/lessons", "DATABASE_URL": "postgresql+psycopg://db/quizgen",
        "SECRET_KEY": "from-env", "QUIZGEN_SECURE_COOKIES": "1", "QUIZGEN_BASE_URL": "https://quiz.example.org/",
        "QUIZGEN_TIMEZONE": "Europe/Berlin", "QUIZGEN_RATELIMIT_STORAGE": "redis://localhost:6379",
        "QUIZGEN_TRUSTED_PROXIES": "1"})
    assert settings == {"LESSONS_DIR": "/srv/lessons", "DATABASE_URL": "postgresql+psycopg://db/quizgen",
                        "SECRET_KEY": "from-env", "SESSION_COOKIE_SECURE": True, "BASE_URL": "https://quiz.example.org",
                        "TIMEZONE": "Europe/Berlin", "RATELIMIT_STORAGE_URI": "redis://localhost:6379",
                        "TRUSTED_PROXIES": 1}


def test_first_run_creates_the_sqlite_schema_and_a_private_secret_key(monkeypatch, tmp_path, lessons_dir):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
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
        create_app({"INSTANCE_PATH": tmp_path / "instance", "LESSONS_DIR": str(lessons_dir),
                    "DATABASE_URL": "postgresql://quizgen@127.0.0.1:1/quizgen"})

def test_init_db_command(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0 and "Database ready" in result.output


def test_app_module_runs_init_db_through_the_flask_command(tmp_path, lessons_dir):
    database = tmp_path / "cli.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "cli-test-key-" + "x" * 32,
           "QUIZGEN_LESSONS_DIR": str(lessons_dir)}
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run([str(flask), "--app", "app", "init-db"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Database ready" in result.stdout and database.exists()


def test_trusted_proxies_make_forwarded_addresses_count(tmp_path, lessons_dir):
    def remote_address(app) -> str:
        app.add_url_rule("/_address", "address", lambda: __import__("flask").request.remote_addr)
        return app.test_client().get("/_address", headers={"X-Forwarded-For": "203.0.113.9"},
                                     environ_base={"REMOTE_ADDR": "10.0.0.1"}).get_data(as_text=True)

    base = {"INSTANCE_PATH": tmp_path, "LESSONS_DIR": str(lessons_dir), "SECRET_KEY": "k" * 32,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert remote_address(create_app(base)) == "10.0.0.1"  # by default a forwarded header is not trusted
    assert remote_address(create_app({**base, "TRUSTED_PROXIES": 1})) == "203.0.113.9"
