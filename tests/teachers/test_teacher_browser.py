"""A teacher and three students in a real browser (Debian's chromium via playwright), against a live server.

The teacher signs in, creates a class, assigns the source-evaluation lesson;
three students join with the code in their own browser contexts and submit;
the teacher sees the results table, the item analysis and the charts, marks
an open answer and downloads the class set.  Screenshots go to
``test-output/screenshots/teacher-*.png``; axe-core scans every teacher page
(serious or critical violations fail).
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from quizgen.generators import item_bank
from quizgen.quiz import build_quiz
from quizgen.storage import find_attempt
from quizgen.web import create_app
from quizgen.web.attempts import options_of

from ..conftest import ROOT as PROJECT_ROOT
from ..helpers.browser import SCREENSHOTS, answer_in_browser, serious_violations, serve
from ..web.conftest import TEST_SECRET
from .conftest import PASSWORD, make_teacher

pytestmark = pytest.mark.browser

LESSON = "nk-drones-sources"
EMAIL = "teacher@example.org"
STUDENTS = {"Mina": "all", "Joon": "half", "Sora": "few"}


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """The app with the source-evaluation lesson on a threaded werkzeug server on 127.0.0.1."""
    root = tmp_path_factory.mktemp("teacher-browser")
    lessons = root / "lessons"
    lessons.mkdir()
    shutil.copy(PROJECT_ROOT / "lessons" / f"{LESSON}.yaml", lessons / f"{LESSON}.yaml")
    if (PROJECT_ROOT / "lessons" / LESSON).is_dir():  # the lesson's asset folder (its pre-reading image)
        shutil.copytree(PROJECT_ROOT / "lessons" / LESSON, lessons / LESSON)
    app = create_app(
        {
            "INSTANCE_PATH": root / "instance",
            "LESSONS_DIR": str(lessons),
            "DATABASE_URL": f"sqlite:///{root / 'teachers.sqlite3'}",
            "SECRET_KEY": TEST_SECRET,
            "JOBS_QUEUE": "immediate",
        }
    )
    make_teacher(app, EMAIL)
    yield from serve(app)


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"teacher-{name}.png"), full_page=full_page)


def new_page(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return context, page


def take_the_quiz(browser, live_app, code: str, name: str, how: str) -> None:
    """A student in a browser of their own: opens the lesson, types the class code, answers, submits."""
    context, page = new_page(browser)
    page.goto(f"{live_app.base_url}/lessons/{LESSON}")
    page.get_by_label("Your name or nickname").fill(name)
    page.get_by_label("Class code (optional)").fill(code.lower())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*")
    with live_app.extensions["quizgen.database"].session() as session:
        attempt = find_attempt(session, page.url.rsplit("/", 1)[-1])
        lesson = live_app.extensions["quizgen.library"].get(LESSON).lesson
        quiz = build_quiz(lesson, attempt.seed, options_of(attempt))
    keep = {"all": len(quiz.items), "half": len(quiz.items) // 2, "few": 2}[how]
    answer_in_browser(page, replace(quiz, items=quiz.items[:keep]))
    page.get_by_role("button", name="Submit answers").click()
    if keep < len(quiz.items):  # the blank questions are listed first
        page.get_by_role("button", name="Submit anyway").first.click()
    page.wait_for_url("**/result")
    assert "points" in page.locator(".score").inner_text()
    assert page.console_errors == []
    context.close()


def test_a_teacher_runs_a_class_through_a_lesson(browser, live_app):
    base = live_app.base_url
    bank_size = len(item_bank(live_app.extensions["quizgen.library"].get(LESSON).lesson))
    context, page = new_page(browser)
    scanned: dict[str, list[str]] = {}

    def check(name: str) -> None:
        """axe-core on the page the teacher is looking at."""
        scanned[name] = serious_violations(page)

    # Sign in (a wrong password first: the error is announced next to the form).
    page.goto(f"{base}/teacher/")
    page.wait_for_url("**/teacher/sign-in**")
    check("sign-in")
    shot(page, "sign-in")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".error-summary").is_visible()
    check("sign-in with error")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/teacher/")

    # A class with a join code.
    page.get_by_label("Class name").fill("8B English")
    page.get_by_role("button", name="Add class").click()
    page.wait_for_url("**/teacher/classes/*")
    code = page.locator(".join-code").inner_text().strip()
    assert len(code) == 7 and code[3] == "-"
    check("class")
    page.get_by_role("link", name="Your classes").click()
    check("dashboard")
    page.get_by_role("link", name="8B English").click()

    # Assign the source-evaluation lesson: every question (so every variant has open responses to mark), each
    # student's own variant, two attempts.
    page.locator("a.button", has_text="Assign").first.click()
    page.wait_for_url(f"**/assign/{LESSON}")
    page.get_by_label("Number of questions").fill("0")
    page.get_by_role("button", name="Assign to 8B English").click()
    assert "Choose between 1 and" in page.locator(".error-summary").inner_text()
    check("assign with error")
    page.get_by_label("Number of questions").fill(str(bank_size))
    page.get_by_label("A different variant for each student").check()
    page.get_by_label("Attempts allowed per student").fill("2")
    check("assign")
    shot(page, "assign")
    page.get_by_role("button", name="Assign to 8B English").click()
    page.wait_for_url("**/teacher/assignments/*")
    assignment_url = page.url
    assert "Students open the lesson" in page.locator(".flash").inner_text()
    check("assignment, empty")

    # Three students, each in a browser context of their own.
    for name, how in STUDENTS.items():
        take_the_quiz(browser, live_app, code, name, how)

    # Results: the table, the charts and the item analysis.
    page.goto(assignment_url)
    rows = page.locator(".students-table tbody tr")
    assert rows.count() == 3
    assert sorted(rows.locator("th").all_inner_texts()) == sorted(STUDENTS)
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart").first.is_visible()
    assert page.locator(".items-table tbody tr").count() == bank_size
    assert "SUBMITTED\n3" in page.locator(".stat-cards").inner_text().upper()
    page.get_by_role("link", name="Score", exact=False).first.click()  # sort by score, no script
    page.wait_for_url("**sort=score**")
    assert page.locator(".students-table tbody th").first.inner_text().startswith("Mina")
    check("results")
    shot(page, "results")
    page.locator("#items-heading").scroll_into_view_if_needed()
    shot(page, "item-analysis", full_page=False)
    page.emulate_media(media="print")
    shot(page, "results-print")
    page.emulate_media(media="screen")

    # Marking an open answer: Mina answered every question, so both open responses of hers at least.
    page.get_by_role("link", name="Mark open answers").click()
    page.wait_for_url("**/marking")
    check("marking")
    shot(page, "marking", full_page=False)  # the save bar sticks to the window's bottom: a window-sized picture
    assert page.locator(".answer").count() >= 2
    page.locator(".answer").first.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Save marks").click()
    assert "Saved: 1 mark changed" in page.locator(".flash").inner_text()
    shot(page, "marking-saved", full_page=False)

    # The class set: one named worksheet per student who took part.
    page.goto(assignment_url + "#printing")
    names = page.get_by_label("Student names, one per line").input_value()
    assert sorted(names.split("\n")) == sorted(STUDENTS)
    page.get_by_role("button", name="Print class set").click()  # made in the request here: see test_print_jobs.py
    page.wait_for_url("**/print-jobs/*")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="Download class set (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"{LESSON}-class-set-3.pdf"

    # A narrow screen: the page itself never scrolls sideways (wide tables scroll in their own box).
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(assignment_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "results-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The class and the dashboard, now with an assignment and results.
    page.get_by_role("link", name="Classes", exact=True).click()
    shot(page, "dashboard")
    page.get_by_role("link", name="8B English").click()
    shot(page, "class")

    page.goto(f"{base}/teacher/assignments/not-yours")
    check("not found")
    # The error pages this walk shows on purpose (422 forms, the 404) log their status; nothing else may log.
    expected = "Failed to load resource: the server responded with a status of 4"
    assert [error for error in page.console_errors if not error.startswith(expected)] == []
    page.goto(f"{base}/teacher/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/teacher/sign-in")
    page.goto(assignment_url)
    page.wait_for_url("**/teacher/sign-in**")
    context.close()
    serious = {name: found for name, found in scanned.items() if found}
    assert serious == {}
    assert len(scanned) >= 9
