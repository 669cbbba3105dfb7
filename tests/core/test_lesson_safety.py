"""What a lesson file cannot do to the site: run script through a URL, or stall grading with a slow pattern."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.fields import check_safe_url
from quizgen.grading import grade
from quizgen.loader import check_lesson_text
from quizgen.markup import render_inline, render_markdown

from ..conftest import MINI_LESSON

MINI = MINI_LESSON.read_text(encoding="utf-8")


def _with_source_url(url: str) -> str:
    return MINI.replace("  cites: [Town Council]\n", f"  cites: [Town Council]\n  url: '{url}'\n", 1)


def _with_pattern(pattern: str) -> str:
    return MINI.replace('pattern: "10[ ,.]?000"', f"pattern: '{pattern}'", 1)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "https:///no-host",
        "ftp://files.example/a",
    ],
)
def test_a_source_url_that_is_not_http_is_an_error_at_validation(url):
    result = check_lesson_text(_with_source_url(url), "lesson.yaml")
    assert result.lesson is None
    problem = next(d for d in result.errors if d.path == "source.url")
    assert "must start with https:// or http://" in problem.message or "control characters" in problem.message
    assert problem.line == 17  # the url: line, for the editor to jump to


def test_an_https_source_url_is_kept():
    result = check_lesson_text(_with_source_url("https://news.example/harbour?id=3#top"), "lesson.yaml")
    assert result.lesson is not None and result.lesson.source.url == "https://news.example/harbour?id=3#top"


@given(st.text(max_size=60))
def test_every_url_accepted_is_an_absolute_web_address(text):
    try:
        url = check_safe_url(text)
    except ValueError:
        return
    assert url.lower().startswith(("http://", "https://"))
    assert not any(character.isspace() or ord(character) < 32 for character in url)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "mailto:someone@example.org", "data:text/html,x"])
def test_markdown_links_in_a_lesson_keep_no_href_but_web_ones(link):
    for html in (render_markdown(f"[read]({link})"), render_inline(f"[read]({link})")):
        assert "href" not in html
    assert 'href="https://news.example/a"' in render_inline("[read](https://news.example/a)")


def test_a_catastrophic_pattern_grades_a_long_answer_at_once(mini_lesson):
    lesson = check_lesson_text(_with_pattern("(a+)+b"), "lesson.yaml").lesson
    assert lesson is not None  # RE2 can match it in linear time, so it is allowed
    item = next(q for q in lesson.questions if q.type == "short_answer")
    started = time.perf_counter()
    outcome = grade(item, "a" * 28)
    assert time.perf_counter() - started < 0.5
    assert outcome.points == 0
    assert grade(item, "AAAB").points == item.points  # still case-insensitive, still a full match


@pytest.mark.parametrize("pattern", [r"(ten)\1", "(?=10)10000", "(?<!x)10000"])
def test_a_pattern_re2_cannot_match_in_linear_time_is_refused_at_validation(pattern):
    result = check_lesson_text(_with_pattern(pattern), "lesson.yaml")
    assert result.lesson is None
    problem = next(d for d in result.errors if d.code == "pattern")
    assert "not a regular expression quizgen can use" in problem.message
    assert "back-references" in problem.hint
