"""Fixtures for the web app: an app per test with its own instance folder, lessons and database.

CSRF protection stays on; :class:`Student` fetches each page and posts its
real token, as a browser would.  Tests marked with ``BOTH_DATABASES`` run
once on SQLite and once on PostgreSQL (``QUIZGEN_TEST_POSTGRES_URL``, set by
scripts/test); each xdist worker gets its own PostgreSQL schema.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from quizgen.quiz import Quiz, build_quiz
from quizgen.storage import Attempt, Base, find_attempt, normalize_database_url
from quizgen.web import create_app
from quizgen.web.attempts import options_of

from ..helpers.answers import form_data

POSTGRES_ENV = "QUIZGEN_TEST_POSTGRES_URL"
LESSON_ID = "harbour-festival"
TEST_SECRET = "test-secret-key-" + "k" * 32

BOTH_DATABASES = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def postgres_url() -> str:
    """The test PostgreSQL server's URL, which scripts/test sets; running without it is an error."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.fail(
            f"{POSTGRES_ENV} is not set: run the suite with scripts/test, which starts a PostgreSQL "
            "server for the run, or deselect these tests with -m 'not postgres'"
        )
    return normalize_database_url(url)


@pytest.fixture(scope="session")
def postgres_schema_url(worker_id: str):
    """A URL whose connections use a schema private to this xdist worker and this run."""
    base_url = postgres_url()
    schema = f"quizgen_{worker_id}_{secrets.token_hex(4)}"
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base_url else "?"
    yield f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def database_url(request, tmp_path):
    """An empty database's URL: SQLite (default) or, when parametrised so, PostgreSQL; the app creates the tables."""
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url = request.getfixturevalue("postgres_schema_url")
    engine = create_engine(url)
    drop_every_table(engine)
    engine.dispose()
    return url


def drop_every_table(engine) -> None:
    """Leave the database empty: quizgen's tables and the migrations' version table."""
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def app(tmp_path, lessons_dir, database_url):
    """The app with a temporary instance folder, a copy of the small test lesson and its own database."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": database_url,
            "SECRET_KEY": TEST_SECRET,
            # Class sets are made inside the request: these tests are about the pages (tests/teachers/test_print_jobs.py
            # runs a real print worker).
            "JOBS_QUEUE": "immediate",
        }
    )
    yield app
    app.extensions["quizgen.database"].engine.dispose()


@pytest.fixture
def client(app):
    """A browser-like test client (keeps cookies)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's CLI commands."""
    return app.test_cli_runner()


_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_START_TOKEN = re.compile(r'name="start_token" type="hidden" value="([^"]+)"')
_SEQ = re.compile(r'name="seq" type="hidden" value="(\d+)"')


def csrf_token(html: str) -> str:
    """The CSRF token a page's form carries."""
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def hidden_value(pattern: re.Pattern, html: str) -> str:
    """The value of a hidden input matched by ``pattern``."""
    match = pattern.search(html)
    assert match, f"page has no hidden input matching {pattern.pattern}"
    return match.group(1)


@dataclass
class OpenQuiz:
    """A quiz page as the student sees it, and the quiz behind it (for building answers)."""

    url: str
    html: str
    attempt: Attempt
    quiz: Quiz

    @property
    def public_id(self) -> str:
        """The attempt id in the URL."""
        return self.url.rsplit("/", 1)[-1]

    def form(self, mode: str = "right", **overrides) -> dict:
        """Form data answering every question (``right``, ``wrong`` or ``empty``), with the page's tokens."""
        data = {"csrf_token": csrf_token(self.html), "seq": hidden_value(_SEQ, self.html), **form_data(self.quiz, mode)}
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}


class Student:
    """Drives the student pages through a test client, as a browser would."""

    def __init__(self, app, client):
        self.app = app
        self.client = client

    def start(self, name: str = "Ana", class_code: str = "", lesson_id: str = LESSON_ID, **extra):
        """Load the lesson page and send its start form; returns the response."""
        page = self.client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
        data = {
            "csrf_token": csrf_token(page),
            "start_token": hidden_value(_START_TOKEN, page),
            "student_name": name,
            "class_code": class_code,
            **extra,
        }
        return self.client.post(f"/lessons/{lesson_id}/start", data={k: v for k, v in data.items() if v is not None})

    def open_quiz(self, url: str | None = None) -> OpenQuiz:
        """Start (unless ``url`` is given) and load the quiz page."""
        if url is None:
            response = self.start()
            assert response.status_code == 303, response.get_data(as_text=True)
            url = response.headers["Location"]
        response = self.client.get(url)
        assert response.status_code == 200
        attempt = self.attempt(url.rsplit("/", 1)[-1])
        lesson = self.app.extensions["quizgen.library"].get(attempt.lesson_id).lesson
        return OpenQuiz(
            url, response.get_data(as_text=True), attempt, build_quiz(lesson, attempt.seed, options_of(attempt))
        )

    def submit(self, quiz: OpenQuiz, data: dict):
        """Post the quiz form."""
        return self.client.post(quiz.url, data=data)

    def attempt(self, public_id: str) -> Attempt:
        """The stored attempt, read fresh from the database."""
        with self.app.extensions["quizgen.database"].session() as session:
            attempt = find_attempt(session, public_id)
            assert attempt is not None
            attempt.responses  # load while the session is open
            return attempt


@pytest.fixture
def student(app, client) -> Student:
    """A student using the test client."""
    return Student(app, client)
