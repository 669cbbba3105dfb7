"""The classroom walk in a real browser: a student's work survives a closed tab and follows them to other devices.

A student joins with the class code, answers 5 questions (autosaved), closes
the tab; on a phone-sized second context they prove who they are, find the 5
answers, leave 2 blank, see the warning and submit anyway; a third context
reads the result.  Another student typing the same name stays another
student.  axe-core scans every new page at 1280 and 375 px.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from quizgen.quiz import build_quiz
from quizgen.storage import create_assignment, create_class, find_attempt
from quizgen.web import create_app
from quizgen.web.attempts import options_of

from ..conftest import ROOT as PROJECT_ROOT
from ..helpers.answers import form_data
from ..helpers.browser import SCREENSHOTS, answer_in_browser, serious_violations, serve
from ..teachers.conftest import PASSWORD, make_teacher
from .conftest import LESSON_ID, TEST_SECRET

pytestmark = pytest.mark.browser

EMAIL = "teacher@example.org"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """The app with the mini lesson, a teacher and a class with an assignment, on a live server."""
    root = tmp_path_factory.mktemp("student-browser")
    lessons = root / "lessons"
    lessons.mkdir()
    (lessons / "mini.yaml").write_bytes((PROJECT_ROOT / "tests" / "fixtures" / "mini.yaml").read_bytes())
    app = create_app(
        {
            "INSTANCE_PATH": root / "instance",
            "LESSONS_DIR": str(lessons),
            "DATABASE_URL": f"sqlite:///{root / 'students.sqlite3'}",
            "SECRET_KEY": TEST_SECRET,
        }
    )
    teacher = make_teacher(app, EMAIL)
    with app.extensions["quizgen.database"].session() as session:
        school_class = create_class(session, teacher.id, "7C English")
        create_assignment(session, school_class.id, LESSON_ID, {}, class_seed=12345, attempts_allowed=2)
        app.class_code = school_class.join_code
        app.class_id = school_class.public_id
    yield from serve(app)


def new_page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return context, page


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"student-{name}.png"), full_page=True)


def quiz_of_page(live_app, page):
    with live_app.extensions["quizgen.database"].session() as session:
        attempt = find_attempt(session, page.url.split("?")[0].rsplit("/", 1)[-1])
        lesson = live_app.extensions["quizgen.library"].get(attempt.lesson_id).lesson
        return build_quiz(lesson, attempt.seed, options_of(attempt))


def assert_answered(page, quiz) -> None:
    """Every answer of ``quiz`` (right ones) is in the page's inputs."""
    for name, value in form_data(quiz, "right").items():
        for one in value if isinstance(value, list) else [value]:
            kind = page.evaluate("name => document.getElementsByName(name)[0].type", name)
            if kind in ("radio", "checkbox"):
                assert page.is_checked(f'[name="{name}"][value="{one}"]'), name
            else:
                assert page.input_value(f'[name="{name}"]') == one, name


def test_a_student_walks_across_three_devices_and_a_namesake_stays_apart(browser, live_app):
    base, code = live_app.base_url, live_app.class_code
    scans: dict[str, list[str]] = {}

    # Device 1: the class code, a first join, the personal code shown once, five answers autosaved.
    laptop, page = new_page(browser)
    page.goto(f"{base}/join")
    scans["join 1280"] = serious_violations(page)
    page.get_by_label("Class code").fill(f"{code[:3].lower()}-{code[3:].lower()}")
    page.get_by_role("button", name="Go to my class").click()
    page.wait_for_url(f"**/join/{code}")
    scans["identify 1280"] = serious_violations(page)
    shot(page, "identify")
    page.get_by_label("Your name").fill("Robin Park")
    page.get_by_role("button", name="Join the class").click()
    personal = page.locator(".personal-code").inner_text().strip()
    assert len(personal) == 4
    scans["welcome 1280"] = serious_violations(page)
    shot(page, "welcome")
    page.get_by_role("link", name="I wrote it down").click()
    assert "2 attempts left" in page.locator(".assignment-card").inner_text()
    scans["class home 1280"] = serious_violations(page)
    shot(page, "class-home")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*")
    quiz = quiz_of_page(live_app, page)
    first_five = replace(quiz, items=quiz.items[:5])
    answer_in_browser(page, first_five)
    page.wait_for_timeout(1600)  # the autosave waits for a pause in typing
    page.wait_for_function("document.querySelector('.save-status').textContent.startsWith('Saved')")
    assert "Next unanswered: question 6" in page.locator(".progress-next").inner_text()
    scans["quiz 1280"] = serious_violations(page)
    quiz_url = page.url
    assert page.console_errors == []
    laptop.close()  # the tab is gone, the answers are not

    # Device 2, a phone: prove who you are, find the five answers, leave two blank, see the warning.
    phone, page = new_page(browser, PHONE)
    page.goto(quiz_url)
    assert "personal code" in page.inner_text("main")  # a 404 that says how to get back to the quiz
    page.console_errors.clear()  # that 404 was expected
    page.goto(f"{base}/join/{code}")
    scans["identify 375"] = serious_violations(page)
    page.get_by_label("Your name").first.select_option("Robin Park")
    page.get_by_label("Your personal code").fill(personal.lower())
    page.get_by_role("button", name="Continue").click()
    scans["class home 375"] = serious_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Continue the quiz").click()
    page.wait_for_url(quiz_url)
    assert_answered(page, first_five)
    assert page.locator(".save-status").inner_text().startswith("Saved")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The cited paragraph opens in the page.
    page.locator("details.reread-here summary").first.click()
    assert page.locator("details.reread-here .reread-text").first.is_visible()
    scans["quiz 375"] = serious_violations(page)
    shot(page, "quiz-375")
    answer_in_browser(page, replace(quiz, items=quiz.items[5:-2]))
    page.get_by_role("button", name="Submit answers").click()
    blank = [str(entry.number) for entry in quiz.items[-2:]]
    warning = page.locator(".blank-check")
    assert f"2 questions are blank: {', '.join(blank)}" in warning.inner_text()
    assert warning.get_by_role("link").count() == 2
    scans["blank check 375"] = serious_violations(page)
    shot(page, "blank-check-375")
    page.get_by_role("button", name="Submit anyway").first.click()
    page.wait_for_url("**/result")
    assert page.console_errors == []
    phone.close()

    # Device 3: the result, from the class page.
    tablet, page = new_page(browser)
    page.goto(f"{base}/join/{code}")
    page.get_by_label("Your name").first.select_option("Robin Park")
    page.get_by_label("Your personal code").fill(personal)
    page.get_by_role("button", name="Continue").click()
    assert "1 attempt left" in page.locator(".assignment-card").inner_text()
    page.get_by_role("link", name="see your result").click()
    page.wait_for_url("**/result")
    assert (
        f"You answered {len(quiz.items) - 2} of {len(quiz.items)} questions" in page.locator(".score-box").inner_text()
    )
    tablet.close()

    # A namesake: same typed name, another student, with nothing of Robin's.
    other, page = new_page(browser, PHONE)
    page.goto(f"{base}/join/{code}")
    page.get_by_label("Your name", exact=True).last.fill("robin park")
    page.get_by_role("button", name="Join the class").click()
    assert page.locator(".personal-code").inner_text().strip() != personal
    scans["welcome 375"] = serious_violations(page)
    page.get_by_role("link", name="I wrote it down").click()
    card = page.locator(".assignment-card").inner_text()
    assert "2 attempts left" in card and "Your attempts" not in card
    assert page.goto(quiz_url).status == 404  # Robin's quiz is not theirs
    other.close()

    # The teacher's roster, "show to class" and class page, at both widths.
    teacher, page = new_page(browser)
    page.goto(f"{base}/teacher/sign-in")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/teacher/")
    for viewport, width in ((DESKTOP, "1280"), (PHONE, "375")):
        page.set_viewport_size(viewport)
        page.goto(f"{base}/teacher/classes/{live_app.class_id}/roster")
        assert page.locator(".roster-table tbody tr").count() == 2  # two Robin Parks
        scans[f"roster {width}"] = serious_violations(page)
        shot(page, f"roster-{width}")
        page.goto(f"{base}/teacher/classes/{live_app.class_id}/show")
        assert page.locator(".show-qr svg").is_visible() and code[:3] in page.locator(".show-code").inner_text()
        scans[f"show to class {width}"] = serious_violations(page)
        shot(page, f"show-{width}")
        page.goto(f"{base}/teacher/classes/{live_app.class_id}")
        scans[f"class page {width}"] = serious_violations(page)
    assert page.console_errors == []
    teacher.close()
    assert {name: found for name, found in scans.items() if found} == {}
