"""The teacher in control, in a real browser: one student's page, the grid, an extra attempt, an excluded test
attempt, a comment the student reads, and the gradebook under a chosen attempt rule.

Students answer through the test client against the same database (the student pages have a browser test of
their own); every new teacher page is scanned with axe-core at 1280 and 375 px and photographed in
``test-output/screenshots/control-*.png``.
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from quizgen.generators import item_bank
from quizgen.web import create_app

from ..conftest import ROOT as PROJECT_ROOT
from ..helpers.browser import SCREENSHOTS, serious_violations, serve
from ..web.conftest import TEST_SECRET
from ..web.html import visible_text
from .conftest import PASSWORD, Student, make_teacher, take_quiz

pytestmark = pytest.mark.browser

LESSON = "nk-drones-sources"
EMAIL = "control@example.org"
WIDTHS = (1280, 375)


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """The app with the source-evaluation lesson on a live server."""
    root = tmp_path_factory.mktemp("control-browser")
    lessons = root / "lessons"
    lessons.mkdir()
    shutil.copy(PROJECT_ROOT / "lessons" / f"{LESSON}.yaml", lessons / f"{LESSON}.yaml")
    if (PROJECT_ROOT / "lessons" / LESSON).is_dir():  # the lesson's asset folder (its pre-reading image)
        shutil.copytree(PROJECT_ROOT / "lessons" / LESSON, lessons / LESSON)
    app = create_app(
        {
            "INSTANCE_PATH": root / "instance",
            "LESSONS_DIR": str(lessons),
            "DATABASE_URL": f"sqlite:///{root / 'control.sqlite3'}",
            "SECRET_KEY": TEST_SECRET,
        }
    )
    make_teacher(app, EMAIL)
    yield from serve(app)


def test_a_teacher_takes_control_of_a_class_in_the_browser(browser, live_app):
    base = live_app.base_url
    bank_size = len(item_bank(live_app.extensions["quizgen.library"].get(LESSON).lesson))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    scanned: dict[str, list[str]] = {}

    def check(name: str) -> None:
        """axe-core at both widths, and a picture of each."""
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            scanned[f"{name} at {width}"] = serious_violations(page)
            page.screenshot(path=str(SCREENSHOTS / f"control-{name}-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
        page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/teacher/sign-in")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/teacher/")
    page.get_by_label("Class name").fill("9A History")
    page.get_by_role("button", name="Add class").click()
    page.wait_for_url("**/teacher/classes/*")
    code = page.locator(".join-code").inner_text().strip()
    page.locator("a.button", has_text="Assign").first.click()
    page.wait_for_url(f"**/assign/{LESSON}")
    page.get_by_label("Number of questions").fill(str(bank_size))  # every variant has open answers to mark
    page.get_by_label("Attempts allowed per student").fill("1")
    page.get_by_role("button", name="Assign to 9A History").click()
    page.wait_for_url("**/teacher/assignments/*")
    assignment_url = page.url

    mina, mina_quiz = take_quiz(live_app, code, "Mina", "right", lesson_id=LESSON)
    take_quiz(live_app, code, "Joon", "wrong", lesson_id=LESSON)
    take_quiz(live_app, code, "Teacher test", "wrong", lesson_id=LESSON)

    # The excluded test attempt leaves the statistics.
    page.goto(assignment_url)
    assert "STUDENTS\n3" in page.locator(".stat-cards").inner_text().upper()
    page.get_by_role("link", name="Teacher test").click()
    page.wait_for_url("**/students/*")
    page.get_by_role("button", name="Exclude (a test attempt)").click()
    assert "is excluded" in page.locator(".flash").inner_text()
    page.goto(assignment_url)
    cards = page.locator(".stat-cards").inner_text().upper()
    assert "STUDENTS\n2" in cards and "SUBMITTED\n2" in cards
    assert "excluded" in page.locator(".students-table").inner_text()

    # The per-student page: every answer with its mark; one more attempt for Joon.
    page.get_by_role("link", name="Joon").click()
    page.wait_for_url("**/students/joon")
    assert page.locator(".answers-table tbody tr").count() == bank_size
    assert "1 attempt handed in of 1 allowed." in page.locator(".lead").inner_text()
    check("student")
    page.get_by_role("button", name="Allow one more attempt").click()
    assert "Joon may now make 2 attempts in all." in page.locator(".flash").inner_text()
    assert (
        Student(live_app, live_app.test_client()).start(name="Joon", class_code=code, lesson_id=LESSON).status_code
        == 303
    )

    # The grid: colour plus a mark that reads without it; printable.
    page.get_by_role("link", name="Class grid").click()
    page.wait_for_url("**/grid")
    assert page.locator(".class-grid tbody tr").count() == 2
    assert page.locator(".class-grid .cell-correct").first.inner_text() == "✓"
    assert page.locator(".class-grid .cell-wrong").first.inner_text() == "✗"
    check("grid")
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "control-grid-print.png"), full_page=True)
    page.emulate_media(media="screen")

    # A comment on an open answer, which the student reads with the result.
    page.goto(assignment_url + "/marking")
    minas = page.locator(".answer", has_text="Mina").first
    minas.locator("input[type=radio]").first.check()
    minas.locator("textarea").fill("Good: you named the missing evidence.")
    check("marking")
    page.get_by_role("button", name="Save marks").click()
    assert "Saved: 1 mark changed" in page.locator(".flash").inner_text()
    result = visible_text(mina.client.get(mina_quiz.url + "/result").get_data(as_text=True))
    assert "Your teacher's comment Good: you named the missing evidence." in result

    # Settings with the note that students have started.
    page.goto(assignment_url + "/settings")
    assert "already started" in page.locator(".notice").inner_text()
    check("settings")

    # The gradebook under the rule chosen on the page.
    page.goto(assignment_url)
    page.get_by_label("Gradebook (one row per student): attempt that counts").select_option("best")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download gradebook").click()
    assert "gradebook-best" in download.value.suggested_filename
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert sorted(row["student"] for row in rows) == ["Joon", "Mina"]
    assert {row["attempt_rule"] for row in rows} == {"best"}
    check("results")
    context.close()
    assert {name: found for name, found in scanned.items() if found} == {}
