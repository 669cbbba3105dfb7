"""Settings: every deployment choice read from the environment and validated, with messages naming the variable."""

from __future__ import annotations

import importlib.util
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.settings import PACKAGE_DIR, Settings, SettingsError


def test_defaults_are_folders_in_the_current_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_environment({})
    assert settings.lessons_dir == tmp_path / "lessons"
    assert settings.instance_path == tmp_path / "instance"
    assert settings.database_url == f"sqlite:///{tmp_path / 'instance' / 'quizgen.sqlite3'}"
    assert settings.pdf_cache_dir == tmp_path / "instance" / "pdf-cache"
    assert settings.pdf_cache_max_bytes == 200 * 1024 * 1024
    assert settings.secret_key is None and settings.secure_cookies is False and settings.base_url is None
    assert settings.timezone == "UTC" and settings.ratelimit_storage == "memory://" and settings.trusted_proxies == 0


def test_every_variable_is_read(tmp_path):
    settings = Settings.from_environment(
        {
            "QUIZGEN_LESSONS_DIR": str(tmp_path / "lessons"),
            "QUIZGEN_INSTANCE_PATH": str(tmp_path / "var"),
            "DATABASE_URL": "postgresql+psycopg://db/quizgen",
            "SECRET_KEY": "s" * 40,
            "QUIZGEN_SECURE_COOKIES": "1",
            "QUIZGEN_BASE_URL": "https://quiz.example.org/",
            "QUIZGEN_TIMEZONE": "Europe/Berlin",
            "QUIZGEN_RATELIMIT_STORAGE": "redis://localhost:6379",
            "QUIZGEN_TRUSTED_PROXIES": "2",
            "QUIZGEN_PDF_CACHE": str(tmp_path / "pdfs"),
            "QUIZGEN_PDF_CACHE_MAX_MB": "0",
        }
    )
    assert settings.lessons_dir == tmp_path / "lessons" and settings.instance_path == tmp_path / "var"
    assert settings.database_url == "postgresql+psycopg://db/quizgen"
    assert settings.secret_key.get_secret_value() == "s" * 40 and "s" * 40 not in repr(settings)
    assert settings.secure_cookies is True and settings.base_url == "https://quiz.example.org"
    assert settings.timezone == "Europe/Berlin" and settings.ratelimit_storage == "redis://localhost:6379"
    assert settings.trusted_proxies == 2
    assert settings.pdf_cache_dir == tmp_path / "pdfs" and settings.pdf_cache_max_bytes == 0


def test_blank_variables_count_as_unset():
    settings = Settings.from_environment({"QUIZGEN_TIMEZONE": "  ", "DATABASE_URL": "", "QUIZGEN_TRUSTED_PROXIES": ""})
    assert settings.timezone == "UTC" and settings.database_url.startswith("sqlite:///")
    assert settings.trusted_proxies == 0


def test_relative_paths_are_fixed_when_the_settings_are_built(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_environment({"QUIZGEN_LESSONS_DIR": "course/lessons", "QUIZGEN_INSTANCE_PATH": "var"})
    monkeypatch.chdir("/")
    assert settings.lessons_dir == tmp_path / "course" / "lessons"
    assert settings.database_url == f"sqlite:///{tmp_path / 'var' / 'quizgen.sqlite3'}"


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("QUIZGEN_TIMEZONE", "Mars/Olympus", "not a time zone"),
        ("QUIZGEN_TIMEZONE", "../../etc/passwd", "not a time zone"),
        ("DATABASE_URL", "quizgen.sqlite3", "not a database URL"),
        ("DATABASE_URL", "postgre://db/quizgen", "not a database URL"),
        ("QUIZGEN_BASE_URL", "quiz.example.org", "public address"),
        ("QUIZGEN_BASE_URL", "ftp://quiz.example.org", "public address"),
        ("QUIZGEN_RATELIMIT_STORAGE", "redis", "not a throttling storage"),
        ("QUIZGEN_RATELIMIT_STORAGE", "postgres://db", "not a throttling storage"),
        ("QUIZGEN_TRUSTED_PROXIES", "-1", "greater than or equal to 0"),
        ("QUIZGEN_TRUSTED_PROXIES", "one", "valid integer"),
        ("QUIZGEN_SECURE_COOKIES", "maybe", "valid boolean"),
        ("QUIZGEN_PDF_CACHE_MAX_MB", "lots", "valid integer"),
    ],
)
def test_a_bad_value_is_named_with_the_variable_and_a_hint(name, value, reason):
    with pytest.raises(SettingsError) as caught:
        Settings.from_environment({name: value})
    message = str(caught.value)
    assert message.startswith(f"{name}={value!r} is not valid: ") and reason in message
    assert "\n" not in message


def test_redis_throttling_without_the_redis_package_is_refused_at_start_up(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *args: None if name == "redis" else real_find_spec(name, *args)
    )
    with pytest.raises(SettingsError, match=r"QUIZGEN_RATELIMIT_STORAGE=.* needs the redis package"):
        Settings.from_environment({"QUIZGEN_RATELIMIT_STORAGE": "redis://localhost:6379"})


def test_a_short_secret_key_is_refused_without_showing_it():
    with pytest.raises(
        SettingsError, match=r"SECRET_KEY=\(hidden\) is not valid: must be at least 32 characters"
    ) as caught:
        Settings.from_environment({"SECRET_KEY": "hunter2"})
    assert "hunter2" not in str(caught.value)


def test_the_instance_folder_is_never_inside_the_package():
    with pytest.raises(SettingsError, match=r"QUIZGEN_INSTANCE_PATH=.* outside the installed quizgen package"):
        Settings.from_environment({"QUIZGEN_INSTANCE_PATH": str(PACKAGE_DIR / "instance")})


def test_the_instance_folder_that_cannot_be_made_is_named(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings = Settings.from_environment({"QUIZGEN_INSTANCE_PATH": str(blocker / "instance")})
    with pytest.raises(SettingsError, match="QUIZGEN_INSTANCE_PATH: cannot create the instance folder"):
        settings.make_instance_path()


def test_an_unknown_override_is_refused():
    with pytest.raises(SettingsError, match="timezon is not a quizgen setting"):
        Settings.from_environment({}, {"timezon": "UTC"})


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_trusted_proxies_accepts_exactly_the_whole_numbers_from_zero(count):
    environ = {"QUIZGEN_TRUSTED_PROXIES": str(count)}
    if count >= 0:
        assert Settings.from_environment(environ).trusted_proxies == count
    else:
        with pytest.raises(SettingsError, match="QUIZGEN_TRUSTED_PROXIES"):
            Settings.from_environment(environ)


@given(st.sampled_from(["1", "true", "yes", "on", "TRUE", "0", "false", "no", "off", "False"]))
def test_booleans_take_the_usual_spellings(word):
    assert Settings.from_environment({"QUIZGEN_SECURE_COOKIES": word}).secure_cookies is (
        word.lower() in ("1", "true", "yes", "on")
    )


def test_the_process_environment_is_the_default_source(monkeypatch):
    monkeypatch.setitem(os.environ, "QUIZGEN_TIMEZONE", "Asia/Seoul")
    assert Settings.from_environment().timezone == "Asia/Seoul"
