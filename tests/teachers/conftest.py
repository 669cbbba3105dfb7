"""Fixtures for the teacher pages: teachers made straight in the database, and a client that signs in and clicks.

The app, its database (SQLite, or PostgreSQL for tests marked with
``BOTH_DATABASES``) and the student helper come from ``tests/web/conftest.py``.
Teachers here get a cheap scrypt hash (the algorithm is the real one; only
its cost is lower) so signing in many times stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from werkzeug.security import generate_password_hash

from quizgen.storage import Teacher

from ..web.conftest import (  # noqa: F401 - fixtures used by the tests of this folder
    BOTH_DATABASES,
    LESSON_ID,
    TEST_SECRET,
    Student,
    app,
    client,
    csrf_token,
    database_url,
    postgres_schema_url,
    runner,
    student,
)

PASSWORD = "correct horse battery staple"
FAST_HASH = "scrypt:1024:8:1"


def make_teacher(app, email: str, password: str = PASSWORD) -> Teacher:
    """A teacher account, stored."""
    with app.extensions["quizgen.database"].session() as session:
        teacher = Teacher(email=email, password_hash=generate_password_hash(password, method=FAST_HASH))
        session.add(teacher)
        session.commit()
        return teacher


def stored(app, model, **where):
    """A row read fresh from the database."""
    with app.extensions["quizgen.database"].session() as session:
        return session.query(model).filter_by(**where).one()


_JOIN_CODE = re.compile(r'class="join-code code">([^<]+)<')


@dataclass
class ClassPage:
    url: str
    public_id: str
    code: str


class TeacherClient:
    """A teacher's browser: signs in and uses the pages' forms with their CSRF tokens."""

    def __init__(self, app, email: str):
        self.app = app
        self.email = email
        self.client = app.test_client()

    def sign_in(self, password: str = PASSWORD, email: str | None = None):
        page = self.client.get("/teacher/sign-in").get_data(as_text=True)
        return self.client.post(
            "/teacher/sign-in",
            data={"csrf_token": csrf_token(page), "email": email or self.email, "password": password},
        )

    def token(self) -> str:
        """A CSRF token of this browser's session (any page's form has the same one)."""
        page = self.client.get("/teacher/")
        if page.status_code != 200:
            page = self.client.get("/teacher/sign-in")
        return csrf_token(page.get_data(as_text=True))

    def post(self, url: str, data: dict):
        return self.client.post(url, data={"csrf_token": self.token(), **data})

    def new_class(self, name: str = "8B English") -> ClassPage:
        response = self.post("/teacher/classes", {"name": name})
        assert response.status_code == 303, response.get_data(as_text=True)
        url = response.headers["Location"]
        html = self.client.get(url).get_data(as_text=True)
        return ClassPage(url, url.rsplit("/", 1)[-1], _JOIN_CODE.search(html).group(1))

    def assign(self, school_class: ClassPage, lesson_id: str = LESSON_ID, **settings) -> str:
        """Assign a lesson; returns the assignment page's URL."""
        url = f"{school_class.url}/assign/{lesson_id}"
        data = {
            "count": "",
            "variant_mode": "per-student",
            "attempts_allowed": "1",
            "feedback": "immediate",
            "closes_at": "",
        }
        data.update({key: str(value) for key, value in settings.items()})
        response = self.post(url, data)
        assert response.status_code == 303, response.get_data(as_text=True)
        return response.headers["Location"]

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def print_class_set(self, assignment_url: str, data: dict):
        """Ask for a class set, follow to its job page and download it (the app's queue runs jobs at once)."""
        response = self.post(assignment_url + "/class-set", data)
        if response.status_code != 303:
            return response
        job_url = response.headers["Location"]
        assert re.fullmatch(r"/teacher/print-jobs/[\w-]+", job_url), job_url
        page = self.get(job_url).get_data(as_text=True)
        assert "Your class set is ready" in page, page[:2000]
        return self.get(job_url + "/class-set.pdf")


@pytest.fixture
def teacher(app) -> TeacherClient:
    """A signed-in teacher."""
    make_teacher(app, "teacher@example.org")
    client = TeacherClient(app, "teacher@example.org")
    assert client.sign_in().status_code == 303
    return client


@pytest.fixture
def other_teacher(app) -> TeacherClient:
    """Another signed-in teacher, who must see nothing of the first one's classes."""
    make_teacher(app, "other@example.org")
    client = TeacherClient(app, "other@example.org")
    assert client.sign_in().status_code == 303
    return client


def take_quiz(app, code: str, name: str, mode: str = "right", lesson_id: str = LESSON_ID, overrides=None):
    """A student joins with the class code and submits; returns (student, open quiz)."""
    student = Student(app, app.test_client())
    response = student.start(name=name, class_code=code, lesson_id=lesson_id)
    assert response.status_code == 303, response.get_data(as_text=True)
    quiz = student.open_quiz(response.headers["Location"])
    data = quiz.form(mode)
    data.update(overrides(quiz) if overrides else {})
    assert student.submit(quiz, data).status_code == 303
    return student, quiz
