"""Catalog and lesson pages, Markdown safety, security headers, cookies, and 404s."""

from __future__ import annotations

import re

import pytest

from quizgen.web import create_app
from quizgen.web.security import CONTENT_SECURITY_POLICY

from .conftest import LESSON_ID, TEST_SECRET, Student
from .html import parse, visible_text


def test_catalog_lists_each_lesson_with_level_objectives_count_and_time(client):
    response = client.get("/")
    assert response.status_code == 200
    text = visible_text(response.get_data(as_text=True))
    for expected in (
        "The harbour festival",
        "Grades 6-8",
        "28 questions",
        "about 15 min",
        "Identify who reports each claim in a local news story.",
    ):
        assert expected in text
    assert f'href="/lessons/{LESSON_ID}"' in response.get_data(as_text=True)


def test_a_broken_lesson_file_does_not_take_the_catalog_down(client, lessons_dir):
    (lessons_dir / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    response = client.get("/")
    assert response.status_code == 200 and "The harbour festival" in response.get_data(as_text=True)


def test_lesson_page_has_numbered_paragraph_anchors_source_objectives_and_start_form(client):
    html = client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    text = visible_text(html)
    ids = parse(html).ids
    assert [i for i in ids if re.fullmatch(r"p\d+", i)] == ["p1", "p2", "p3"]
    assert (
        text.index("The town council announced")
        < text.index("According to the mayor")
        < text.index("Some residents allege")
    )
    assert "Doubts" in text  # section heading
    for expected in (
        "Town plans bigger harbour festival",
        "Example Gazette",
        "PORTVILLE",
        "2025-06-01",
        "Town Council",
        "Standards: RI.6.1",
        "Identify who reports each claim",
    ):
        assert expected in text
    page = parse(html)
    names = {control.name for control in page.controls}
    assert {"csrf_token", "start_token", "student_name", "class_code"} <= names
    name_input = next(c for c in page.controls if c.name == "student_name")
    assert name_input.attrs.get("maxlength") == "60" and "required" in name_input.attrs
    assert {"student_name", "class_code"} <= page.label_targets
    assert "seed" not in names and "variant" not in html.lower().replace("variant</", "")


def test_lesson_markdown_is_rendered_and_sanitised_and_text_escaped(client, lessons_dir):
    lesson = (lessons_dir / "mini.yaml").read_text(encoding="utf-8")
    lesson = lesson.replace("title: The harbour festival", 'title: "The harbour <b>festival</b>"')
    lesson = lesson.replace(
        "text: The town council announced on Monday that the harbour festival will last three days this year.",
        "text: 'The town council announced on Monday that the harbour festival will last three days this year. "
        "**Bold words** <script>alert(1)</script> [bad link](javascript:alert(1)) [good link](https://example.org/)'",
    )
    (lessons_dir / "mini.yaml").write_text(lesson, encoding="utf-8")
    html = client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    assert "<strong>Bold words</strong>" in html
    assert "<script" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, never run
    assert "&lt;b&gt;festival&lt;/b&gt;" in html and "<b>festival</b>" not in html
    assert 'href="https://example.org/"' in html and 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize("path", ["/", f"/lessons/{LESSON_ID}", "/no-such-page", "/static/css/site.css"])
def test_every_response_carries_the_security_headers(client, path):
    with client.get(path) as response:  # closed, so a static file's handle is not left open
        headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_pages_are_html_and_attempt_pages_are_not_cached(student):
    quiz = student.open_quiz()
    student.submit(quiz, quiz.form("right"))
    for path in ("/", f"/lessons/{LESSON_ID}", quiz.url + "/result", "/attempts/nobody"):
        assert student.client.get(path).mimetype == "text/html"
    assert student.client.get(quiz.url + "/result").headers["Cache-Control"] == "no-store"
    fresh = student.open_quiz()
    response = student.client.get(fresh.url)
    assert response.mimetype == "text/html" and response.headers["Cache-Control"] == "no-store"


def test_pages_use_no_inline_script_or_style(student):
    quiz = student.open_quiz()
    for html in (
        student.client.get("/").get_data(as_text=True),
        student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True),
        quiz.html,
    ):
        # Scripts only as files of the site (the CSP refuses inline ones), each an extra: the page works without.
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)
        assert all(body == "" for body in scripts)
        assert len(re.findall(r'<script src="/static/js/[a-z]+\.js" defer>', html)) == len(scripts)
        assert "<style" not in html and " style=" not in html and " on" + "click" not in html


def _session_cookie(response) -> str:
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert cookies, "no session cookie set"
    return cookies[-1]


def test_session_cookie_is_httponly_and_samesite_lax_and_not_secure_by_default(student):
    cookie = _session_cookie(student.start())
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookies_setting_from_the_environment(monkeypatch, tmp_path, lessons_dir):
    monkeypatch.setenv("QUIZGEN_SECURE_COOKIES", "1")
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path / "instance",
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'secure.sqlite3'}",
            "SECRET_KEY": TEST_SECRET,
        }
    )
    client = app.test_client()
    cookie = _session_cookie(Student(app, client).start())
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    app.extensions["quizgen.database"].engine.dispose()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/lessons/no-such-lesson"),
        ("post", "/lessons/no-such-lesson/start"),
        ("get", "/attempts/no-such-attempt"),
        ("post", "/attempts/no-such-attempt"),
        ("get", "/attempts/no-such-attempt/result"),
        ("post", "/attempts/no-such-attempt/another"),
    ],
)
def test_unknown_lessons_and_attempts_give_404(student, method, path):
    page = student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    from .conftest import csrf_token

    response = getattr(student.client, method)(
        path, data={"csrf_token": csrf_token(page)} if method == "post" else None
    )
    assert response.status_code == 404
    assert "Error 404" in response.get_data(as_text=True)


def test_another_browsers_attempt_is_404_for_reading_and_posting(app, student):
    quiz = student.open_quiz()
    intruder = app.test_client()
    intruder_page = intruder.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    from .conftest import csrf_token

    assert intruder.get(quiz.url).status_code == 404
    assert intruder.get(quiz.url + "/result").status_code == 404
    posted = quiz.form("right", csrf_token=csrf_token(intruder_page))
    assert intruder.post(quiz.url, data=posted).status_code == 404
    assert not student.attempt(quiz.public_id).is_submitted
