"""A real browser (Debian's headless chromium, driven by playwright) against the app on a real server.

Screenshots land in ``test-output/screenshots/``; the accessibility scan is
the axe-core that axe-playwright-python bundles.
"""

from __future__ import annotations

import pytest

from quizgen.quiz import build_quiz
from quizgen.storage import find_attempt
from quizgen.web import create_app
from quizgen.web.attempts import options_of

from ..conftest import ROOT as PROJECT_ROOT
from ..helpers.browser import SCREENSHOTS, answer_in_browser, serious_violations, serve
from .conftest import LESSON_ID, TEST_SECRET

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """The app on a threaded werkzeug server on 127.0.0.1, on a free port."""
    root = tmp_path_factory.mktemp("browser")
    lessons = root / "lessons"
    lessons.mkdir()
    (lessons / "mini.yaml").write_bytes((PROJECT_ROOT / "tests" / "fixtures" / "mini.yaml").read_bytes())
    app = create_app(
        {
            "INSTANCE_PATH": root / "instance",
            "LESSONS_DIR": str(lessons),
            "DATABASE_URL": f"sqlite:///{root / 'browser.sqlite3'}",
            "SECRET_KEY": TEST_SECRET,
        }
    )
    yield from serve(app)


@pytest.fixture
def page(browser):
    """A fresh browser context (its own cookies); console errors and CSP violations are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def start_quiz(page, live_app, name: str = "Robin"):
    """Open the lesson, start the quiz, and return the variant the server chose."""
    page.goto(f"{live_app.base_url}/lessons/{LESSON_ID}")
    page.get_by_label("Your name or nickname").fill(name)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*")
    public_id = page.url.rsplit("/", 1)[-1]
    with live_app.extensions["quizgen.database"].session() as session:
        attempt = find_attempt(session, public_id)
        lesson = live_app.extensions["quizgen.library"].get(attempt.lesson_id).lesson
        return build_quiz(lesson, attempt.seed, options_of(attempt))


def test_a_student_takes_the_whole_quiz_and_sees_score_and_feedback(page, live_app):
    page.goto(live_app.base_url + "/")
    assert page.get_by_role("heading", name="Lessons", level=1).is_visible()
    shot(page, "catalog")
    page.get_by_role("link", name="The harbour festival", exact=True).click()
    page.wait_for_url(f"**/lessons/{LESSON_ID}")
    assert page.locator("#p3").is_visible()
    shot(page, "lesson")

    quiz = start_quiz(page, live_app)
    assert page.locator("fieldset.question").count() == len(quiz.items)
    shot(page, "quiz")
    answer_in_browser(page, quiz)
    shot(page, "quiz-answered")
    matching = next(e for e in quiz.items if e.item.type == "matching")
    page.locator(f"#question-{matching.number}").scroll_into_view_if_needed()
    assert page.locator(".progress").is_visible()  # the progress bar stays in view while scrolling
    shot(page, "quiz-progress", full_page=False)
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url("**/result")

    score = page.locator(".score").inner_text()
    assert "27" in score and "of 27 marked points" in score and "%" not in score  # an answer waits for marking
    assert page.locator(".badge-correct").count() == len(quiz.items) - 1
    assert page.locator(".badge-pending").inner_text() == "Awaiting teacher marking"
    assert page.get_by_text("The council announced a three-day festival.").count() == 1
    assert page.get_by_role("link", name="Paragraph 1").count() >= 1
    shot(page, "result")

    page.go_back()  # the back button shows the quiz again; sending it again changes nothing
    page.wait_for_url("**/result")  # the submitted quiz page now redirects to the result
    assert page.console_errors == []


def test_keyboard_only_student_sees_focus_and_can_submit(page, live_app):
    start_quiz(page, live_app, name="Keyboard user")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    focused_outlines = {}
    for _ in range(600):
        page.keyboard.press("Tab")
        element = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {tag: e.tagName, type: e.type || '', outline: s.outlineStyle, width: parseFloat(s.outlineWidth)};
        }""")
        key = element["tag"] + ":" + element["type"]
        focused_outlines.setdefault(key, element)
        if element["tag"] == "INPUT" and element["type"] == "radio" and "radio-shot" not in focused_outlines:
            page.keyboard.press("Space")  # choose with the keyboard
            focused_outlines["radio-shot"] = element
            shot(page, "quiz-keyboard-focus", full_page=False)
        if element["tag"] == "BUTTON":
            break
    assert focused_outlines.get("BUTTON:submit"), "the submit button is not reachable with Tab"
    for key in ("A:", "INPUT:radio", "SELECT:select-one", "INPUT:text", "TEXTAREA:textarea", "BUTTON:submit"):
        assert focused_outlines[key]["outline"] == "solid" and focused_outlines[key]["width"] >= 2, key
    page.keyboard.press("Enter")
    # 27 questions are blank: the page lists them first, and the keyboard submits anyway.
    assert "27 questions are blank" in page.locator(".blank-check").inner_text()
    page.get_by_role("button", name="Submit anyway").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/result")
    assert "You answered 1 of 28 questions" in page.locator(".score-box").inner_text()


def test_quiz_and_result_fit_a_360_pixel_screen(browser, live_app):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    quiz = start_quiz(page, live_app, name="Phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "quiz-360")
    answer_in_browser(page, quiz)
    matching = next(e for e in quiz.items if e.item.type == "matching")
    page.locator(f"#question-{matching.number}").scroll_into_view_if_needed()
    shot(page, "quiz-360-matching", full_page=False)
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url("**/result")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "result-360")
    page.goto(f"{live_app.base_url}/lessons/{LESSON_ID}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "lesson-360")
    context.close()


def test_axe_finds_no_serious_or_critical_violations(page, live_app):
    pages = {}
    page.goto(live_app.base_url + "/")
    pages["catalog"] = serious_violations(page)
    page.goto(f"{live_app.base_url}/lessons/{LESSON_ID}")
    pages["lesson"] = serious_violations(page)
    page.get_by_label("Your name or nickname").fill("   ")  # blank after trimming: the server reports it
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("#student_name-error")
    pages["lesson with error"] = serious_violations(page)
    page.locator("#student_name").scroll_into_view_if_needed()
    shot(page, "lesson-with-error", full_page=False)
    quiz = start_quiz(page, live_app, name="Axe")
    pages["quiz"] = serious_violations(page)
    ordering = next(e for e in quiz.items if e.item.type == "ordering")
    positions = range(1, len(ordering.choices) + 1)
    for part in positions:  # every entry a position, but 1 twice: the server reports it beside the question
        page.select_option(f"#q{ordering.number}_{part}", "1" if part == 2 else str(part))
    page.get_by_role("button", name="Submit answers").click()
    pages["quiz with error"] = serious_violations(page)
    shot(page, "quiz-with-error", full_page=False)
    assert "Use each position once" in page.inner_text(f"#question-{ordering.number}")
    page.select_option(f"#q{ordering.number}_2", "2")
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_selector(".blank-check")  # only the ordering question is answered
    pages["quiz blank check"] = serious_violations(page)
    page.get_by_role("button", name="Submit anyway").first.click()
    page.wait_for_url("**/result")
    pages["result"] = serious_violations(page)
    page.goto(f"{live_app.base_url}/attempts/nobody")
    pages["error"] = serious_violations(page)
    shot(page, "error", full_page=False)
    serious = {name: found for name, found in pages.items() if found}
    assert serious == {}
