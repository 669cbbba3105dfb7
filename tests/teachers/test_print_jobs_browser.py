"""A teacher prints a class set in chromium: the job page at once, updating itself until a real worker is done.

Screenshots go to ``test-output/screenshots/print-job-*.png``; axe-core
checks the waiting and the finished page at 1280 and 375 px.
"""

from __future__ import annotations

import pytest

from quizgen.web import create_app

from ..helpers.browser import SCREENSHOTS, serious_violations, serve
from ..helpers.print_worker import print_worker, worker_environment
from ..web.conftest import TEST_SECRET
from .conftest import PASSWORD, TeacherClient, make_teacher

pytestmark = pytest.mark.browser

EMAIL = "teacher@example.org"
WIDTHS = (1280, 375)


@pytest.fixture
def live_app(tmp_path, lessons_dir):
    """The app on the embedded SQLite queue, served on 127.0.0.1; no worker until the test starts one."""
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path / "instance",
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'quizgen.sqlite3'}",
            "SECRET_KEY": TEST_SECRET,
        }
    )
    make_teacher(app, EMAIL)
    yield from serve(app)


def test_a_class_set_page_updates_itself_until_the_worker_is_done(browser, live_app, tmp_path, lessons_dir):
    setup = TeacherClient(live_app, EMAIL)
    setup.sign_in()
    assignment_path = setup.assign(setup.new_class("9A History"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    scanned: dict[str, list[str]] = {}

    def check(name: str) -> None:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            scanned[f"{name} at {width}"] = serious_violations(page)
            page.screenshot(path=str(SCREENSHOTS / f"print-job-{name}-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
        page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_app.base_url}/teacher/sign-in")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_app.base_url}{assignment_path}#printing")
    page.get_by_label("Student names, one per line").fill("Ana Lima\nBen Okafor\nChloé Ng")
    page.get_by_role("button", name="Print class set").click()
    page.wait_for_url("**/print-jobs/*")
    job_url = page.url
    assert page.get_by_role("heading", name="Waiting to be printed").is_visible()
    check("waiting")

    # A second click on the same form, while the job waits, comes back to the same job.
    page.go_back()
    page.get_by_role("button", name="Print class set").click()
    page.wait_for_url("**/print-jobs/*")
    assert page.url == job_url

    settings = live_app.extensions["quizgen.settings"]
    environment = worker_environment(settings.instance_path, lessons_dir, settings.database_url)
    with print_worker(environment, tmp_path / "worker.log"):
        # The page polls (its external script) and shows the finished state without a reload.
        page.get_by_role("heading", name="Your class set is ready").wait_for(timeout=60_000)
    check("ready")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("link", name="Download class set (PDF)").click()
    assert download.value.suggested_filename == "harbour-festival-class-set-3.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    context.close()
    assert {name: found for name, found in scanned.items() if found} == {}
