"""Teachers in control: one student's page, the grid, attempt actions, assignment settings, comments, gradebook."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

from quizgen.storage import Assignment

from ..web.html import visible_text
from .conftest import LESSON_ID, Student, csrf_token, stored, take_quiz


def assignment_id(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def page_text(teacher, url: str) -> str:
    return visible_text(teacher.get(url).get_data(as_text=True))


def action(teacher, url: str):
    """Press a button on the teacher pages (a POST with only the CSRF token)."""
    return teacher.post(url, {})


def gradebook(teacher, url: str, rule: str) -> list[dict]:
    response = teacher.get(f"{url}/gradebook.csv?rule={rule}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "-gradebook-" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_the_student_page_shows_every_attempt_with_answers_marks_and_the_teachers_comment(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class)
    ana, quiz = take_quiz(app, school_class.code, "Ana Kim", "right")
    html = teacher.get(url).get_data(as_text=True)
    link = re.search(r'<a href="([^"]+/students/[^"]+)">Ana Kim</a>', html).group(1)
    assert link == f"/teacher/assignments/{assignment_id(url)}/students/ana%20kim"
    text = page_text(teacher, link)
    assert "Ana Kim" in text and "Attempt 1" in text and "27 of 27 marked points, 2 points still to mark" in text
    assert "The blogger only speculates; no evidence is given." in text and "not marked" in text

    marking = teacher.get(url + "/marking").get_data(as_text=True)
    mark = re.search(r'name="(m_[0-9a-f]+)"', marking).group(1)
    comment = "c" + mark[1:]
    assert f'name="{comment}"' in marking
    response = teacher.post(url + "/marking", {mark: "1", comment: "Name the evidence that is missing."})
    assert response.status_code == 303

    text = page_text(teacher, link)
    assert "28 of 29 points · 97 %" in text and "Comment: Name the evidence that is missing." in text
    result = visible_text(ana.client.get(quiz.url + "/result").get_data(as_text=True))
    assert "Your teacher's comment Name the evidence that is missing." in result
    assert "28 of 29 points" in result and "97%" in result  # the same denominator as the teacher's page


def test_a_comment_longer_than_allowed_is_refused_with_a_message(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class)
    take_quiz(app, school_class.code, "Ana", "right")
    marking = teacher.get(url + "/marking").get_data(as_text=True)
    mark = re.search(r'name="(m_[0-9a-f]+)"', marking).group(1)
    response = teacher.post(url + "/marking", {mark: "2", "c" + mark[1:]: "x" * 2001})
    assert response.status_code == 400 and "longer than 2000 characters" in response.get_data(as_text=True)


def test_allow_one_more_attempt_lets_only_that_student_start_again(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class, attempts_allowed=1)
    take_quiz(app, school_class.code, "Ana")
    take_quiz(app, school_class.code, "Ben")
    refused = Student(app, app.test_client()).start(name="Ana", class_code=school_class.code)
    assert refused.status_code != 303
    response = action(teacher, f"{url}/students/ana/another-attempt")
    assert response.status_code == 303
    assert "Ana may now make 2 attempts in all." in page_text(teacher, response.headers["Location"])
    assert Student(app, app.test_client()).start(name="Ana", class_code=school_class.code).status_code == 303
    assert Student(app, app.test_client()).start(name="Ben", class_code=school_class.code).status_code != 303


def test_an_excluded_test_attempt_leaves_statistics_gradebook_counts_and_class_set(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class)
    take_quiz(app, school_class.code, "Ana", "right")
    _, test_run = take_quiz(app, school_class.code, "Teacher test", "wrong")
    before = page_text(teacher, url)
    assert "Students 2 Submitted 2 In progress 0" in before
    assert {row["student"] for row in gradebook(teacher, url, "first")} == {"Ana", "Teacher test"}

    response = action(teacher, f"{url}/attempts/{test_run.public_id}/exclude")
    assert response.status_code == 303
    after = page_text(teacher, url)
    assert "Students 1 Submitted 1 In progress 0" in after and "Teacher test excluded" in after
    assert "Average score 93 %" in after  # Ana's 27 of 29 alone (the open answer waits for a mark)
    assert [row["student"] for row in gradebook(teacher, url, "first")] == ["Ana"]
    assert "Teacher test" not in teacher.get(url + "/results.csv").get_data(as_text=True)
    names = re.search(
        r'<textarea[^>]*name="names"[^>]*>(.*?)</textarea>', teacher.get(url).get_data(as_text=True), re.S
    )
    assert names.group(1).strip() == "Ana"
    class_page = page_text(teacher, f"/teacher/classes/{school_class.public_id}")
    dashboard = page_text(teacher, "/teacher/")
    assert re.search(r"The harbour festival .* 1 1 0", class_page)
    assert re.search(r"8B English \S+ 1 1 0", dashboard)

    assert action(teacher, f"{url}/attempts/{test_run.public_id}/include").status_code == 303
    assert "Students 2 Submitted 2" in page_text(teacher, url)


def test_deleting_an_attempt_removes_it_and_resetting_opens_it_again(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class)
    ana, quiz = take_quiz(app, school_class.code, "Ana", "right")
    _, test_run = take_quiz(app, school_class.code, "Test", "right")
    response = action(teacher, f"{url}/attempts/{test_run.public_id}/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith(assignment_id(url))
    assert "Test" not in [row["student"] for row in gradebook(teacher, url, "latest")]

    assert action(teacher, f"{url}/attempts/{quiz.public_id}/reset").status_code == 303
    attempt = ana.attempt(quiz.public_id)
    assert not attempt.is_submitted and attempt.responses == [] and attempt.score is None
    assert "Students 1 Submitted 0 In progress 1" in page_text(teacher, url)
    # The student answers the same questions again, with a fresh form (the old one is stale).
    reopened = ana.open_quiz(quiz.url)
    assert [entry.id for entry in reopened.quiz.items] == [entry.id for entry in quiz.quiz.items]
    assert ana.submit(reopened, reopened.form("right")).status_code == 303
    assert ana.attempt(quiz.public_id).is_submitted


def test_close_now_extend_and_edit_settings_with_a_note_when_students_started(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class)
    settings_url = url + "/settings"
    assert "already started" not in page_text(teacher, settings_url)
    take_quiz(app, school_class.code, "Ana")

    assert action(teacher, url + "/close").status_code == 303
    assert "closed" in page_text(teacher, f"/teacher/classes/{school_class.public_id}")
    late = Student(app, app.test_client()).start(name="Ben", class_code=school_class.code)
    assert late.status_code != 303

    page = page_text(teacher, settings_url)
    assert "1 student has already started" in page
    later = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = teacher.post(settings_url, {"attempts_allowed": "2", "feedback": "immediate", "closes_at": later})
    assert response.status_code == 303
    text = page_text(teacher, url)
    assert "1 students had already started" in text and "The settings were changed on" in text
    assert Student(app, app.test_client()).start(name="Ben", class_code=school_class.code).status_code == 303
    assignment = stored(app, Assignment, public_id=assignment_id(url))
    assert assignment.attempts_allowed == 2 and assignment.settings_changed_at is not None

    refused = teacher.post(settings_url, {"attempts_allowed": "0", "feedback": "after-close", "closes_at": ""})
    assert refused.status_code == 422 and "Allow between 1 and" in refused.get_data(as_text=True)


def test_an_archived_assignment_is_closed_and_listed_apart(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class)
    response = teacher.post(url + "/settings", {"archive": "archive"})
    assert response.status_code == 303
    assert "This assignment is archived" in page_text(teacher, url)
    assert "archived" in page_text(teacher, f"/teacher/classes/{school_class.public_id}")
    assert Student(app, app.test_client()).start(name="Ana", class_code=school_class.code).status_code != 303
    assert teacher.post(url + "/settings", {"archive": "restore"}).status_code == 303
    assert Student(app, app.test_client()).start(name="Ana", class_code=school_class.code).status_code == 303


def test_the_grid_shows_each_student_against_each_question_in_colour_and_text(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class, variant_mode="shared")
    take_quiz(app, school_class.code, "Ana", "right")
    take_quiz(app, school_class.code, "Ben", "wrong")
    take_quiz(app, school_class.code, "Cy", "empty")
    html = teacher.get(url + "/grid").get_data(as_text=True)
    rows = {
        visible_text(name): re.findall(r'<td class="cell cell-([a-z]+)">([^<]*)</td>', cells)
        for name, cells in re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a></th>(.*?)</tr>', html, re.S)
    }
    assert set(rows) == {"Ana", "Ben", "Cy"}
    assert {status for status, _ in rows["Ana"]} == {"correct", "pending"}
    assert ("correct", "✓") in rows["Ana"] and ("pending", "?") in rows["Ana"]
    assert ("wrong", "✗") in rows["Ben"] and all(cell == ("unanswered", "–") for cell in rows["Cy"])
    assert len(rows["Ana"]) == len(rows["Ben"]) == len(rows["Cy"]) == 28
    text = visible_text(html)
    assert "3 students · first attempt" in text and "✓ right" in text  # the legend says what each mark means


def test_gradebook_uses_the_first_best_or_latest_attempt(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class, attempts_allowed=3, variant_mode="shared")
    take_quiz(app, school_class.code, "Ana", "wrong")
    take_quiz(app, school_class.code, "Ana", "right")
    take_quiz(app, school_class.code, "Ana", "empty")
    picked = {rule: gradebook(teacher, url, rule)[0] for rule in ("first", "best", "latest")}
    assert {rule: row["attempt"] for rule, row in picked.items()} == {"first": "1", "best": "2", "latest": "3"}
    best = picked["best"]
    assert best["student"] == "Ana" and best["attempts_submitted"] == "3" and best["attempt_rule"] == "best"
    assert best["score"] == "27" and best["max_score"] == "29" and best["percent"] == "93.1"
    assert best["points_to_mark"] == "2" and best["submitted_utc"]
    topic_columns = [name for name in best if name.startswith("topic_")]
    assert topic_columns and all(best[name] == "100.0" for name in topic_columns if best[name])
    assert gradebook(teacher, url, "nonsense")[0]["attempt_rule"] == "first"


def test_the_long_csv_has_question_text_and_topic(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class)
    take_quiz(app, school_class.code, "Ana", "right")
    rows = list(csv.DictReader(io.StringIO(teacher.get(url + "/results.csv").get_data().decode("utf-8-sig"))))
    open_row = next(row for row in rows if row["item_id"] == "q-open")
    assert open_row["question"].startswith("The blogger") or open_row["question"]
    assert all(row["topic"] for row in rows)


def test_typed_answers_are_listed_with_counts(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class, variant_mode="shared")
    take_quiz(app, school_class.code, "Ana", "right")
    take_quiz(app, school_class.code, "Ben", "right")
    take_quiz(app, school_class.code, "Cy", "wrong")
    html = teacher.get(url).get_data(as_text=True)
    typed = re.findall(r'<ul class="option-counts typed-answers"(.*?)</ul>', html, re.S)
    assert typed, "short answer and cloze items list their typed answers"
    first = visible_text(typed[0])
    assert re.search(r"2 \S.* ✓ accepted", first) and "1 " in first and "not accepted" in first


def test_a_student_from_another_session_cannot_use_the_teacher_buttons(app, teacher):
    school_class = teacher.new_class()
    url = teacher.assign(school_class)
    _, quiz = take_quiz(app, school_class.code, "Ana")
    intruder = Student(app, app.test_client())
    page = intruder.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    response = intruder.client.post(f"{url}/attempts/{quiz.public_id}/delete", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303 and "/teacher/sign-in" in response.headers["Location"]
    assert "Students 1 Submitted 1" in page_text(teacher, url)
