"""The results page against a hand-computed example; sorting, charts, CSV, and marking open responses."""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from quizgen.storage import Attempt
from quizgen.web.forms import choice_code

from ..web.html import visible_text
from .conftest import BOTH_DATABASES, Student, take_quiz
from .tiny_lesson import TINY_LESSON, TINY_LESSON_ID

# Five students, four one-point single-choice items (the lesson in tiny_lesson.py).
#
#            easy  mid  hard  tricky   total  share
#   Ana        1    1    1     1        4     1.00
#   Ben        1    1    1     0        3     0.75
#   Cy         1    1    0     0        2     0.50
#   Dee        1    0    0     1        2     0.50
#   =Eve       0    0    0     1        1     0.25   (a name a spreadsheet would run as a formula)
#
# Facility = mean item score: easy 4/5 = 80 %, mid 3/5 = 60 %, hard 2/5 = 40 %, tricky 3/5 = 60 %.
# Point-biserial, corrected (item score against the share of the other three items):
#   easy:   x = 1 1 1 1 0, rest = 3/3 2/3 1/3 1/3 1/3;  mean x = .8, mean rest = 8/15
#           sxy = .2, sxx = .8, syy = 16/45  ->  r = .2 / sqrt(.8 * 16/45) = 0.375
#   mid:    x = 1 1 1 0 0, rest = 1 2/3 1/3 2/3 1/3     ->  r = 0.327
#   hard:   x = 1 1 0 0 0, rest = 1 2/3 2/3 2/3 1/3     ->  r = 0.645
#   tricky: x = 1 0 0 1 1, rest = 1 1 2/3 1/3 0         ->  r = -0.490 (stronger students got it wrong: flagged)
# Upper-lower 27 %: round(5 * .27) = 1 student per group: Ana (top), =Eve (bottom):
#   D = easy 1 - 0 = 1.00, mid 1.00, hard 1.00, tricky 1 - 1 = 0.00.
# Choices on "hard" (key Russia): Ana, Ben Russia; Cy, Dee, =Eve Iran -> Iran (3) chosen more than the key (2): flagged.
# Skills: "Who is behind it?" (easy, mid) = 7/10 = 70 %; "What is the evidence?" (hard, tricky) = 5/10 = 50 %.
# Scores: mean of shares = 60 %, median 50 %; score bands: 20-29 % 1, 50-59 % 2, 70-79 % 1, 90-100 % 1.
CHOICES = {
    "Ana": {"easy": "The drone", "mid": "Officials", "hard": "Russia", "tricky": "No"},
    "Ben": {"easy": "The drone", "mid": "Officials", "hard": "Russia", "tricky": "Yes"},
    "Cy": {"easy": "The drone", "mid": "Officials", "hard": "Iran", "tricky": "Partly"},
    "Dee": {"easy": "The drone", "mid": "Analysts", "hard": "Iran", "tricky": "No"},
    "=Eve": {"easy": "A ship", "mid": "Analysts", "hard": "Iran", "tricky": "No"},
}


def pearson(xs, ys):
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=False))
    return sxy / math.sqrt(sum((x - mean_x) ** 2 for x in xs) * sum((y - mean_y) ** 2 for y in ys))


def test_the_hand_computed_coefficients_are_what_the_comment_says():
    table = {"Ana": (1, 1, 1, 1), "Ben": (1, 1, 1, 0), "Cy": (1, 1, 0, 0), "Dee": (1, 0, 0, 1), "=Eve": (0, 0, 0, 1)}
    expected = {0: 0.375, 1: 0.327, 2: 0.645, 3: -0.490}
    for item, r in expected.items():
        xs = [row[item] for row in table.values()]
        rests = [(sum(row) - row[item]) / 3 for row in table.values()]
        assert pearson(xs, rests) == pytest.approx(r, abs=0.001)


def answer_as(name: str):
    def overrides(quiz):
        return {
            f"q{entry.number}": choice_code(entry.choices.index(CHOICES[name][entry.id])) for entry in quiz.quiz.items
        }

    return overrides


@pytest.fixture
def tiny_class(app, lessons_dir, teacher):
    """The tiny lesson assigned to a class, taken by the five students of the table above."""
    (lessons_dir / "tiny.yaml").write_text(TINY_LESSON, encoding="utf-8")
    school_class = teacher.new_class("Stats class")
    url = teacher.assign(school_class, lesson_id=TINY_LESSON_ID)
    for name in CHOICES:
        take_quiz(app, school_class.code, name, lesson_id=TINY_LESSON_ID, overrides=answer_as(name))
    return url


@pytest.fixture
def tiny_class_of_ten(app, lessons_dir, teacher):
    """The tiny lesson taken by ten students: each of the table's five twice (enough answers for flags)."""
    (lessons_dir / "tiny.yaml").write_text(TINY_LESSON, encoding="utf-8")
    school_class = teacher.new_class("Stats class")
    url = teacher.assign(school_class, lesson_id=TINY_LESSON_ID)
    for name in CHOICES:
        for twin in (name, f"{name} twin"):
            take_quiz(app, school_class.code, twin, lesson_id=TINY_LESSON_ID, overrides=answer_as(name))
    return url


def item_row(html: str, item_id: str) -> str:
    match = re.search(rf'<tr id="item-{item_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row for item {item_id}"
    return match.group(1)


def numbers(row: str, label: str) -> float:
    return float(re.search(rf"{label} = (-?\d+\.\d\d)", row).group(1))


def test_item_statistics_match_the_hand_computation(teacher, tiny_class):
    html = teacher.get(tiny_class).get_data(as_text=True)
    expected = {  # facility, r, D
        "easy": ("80 %", 0.375, 1.0),
        "mid": ("60 %", 0.327, 1.0),
        "hard": ("40 %", 0.645, 1.0),
        "tricky": ("60 %", -0.490, 0.0),
    }
    for item_id, (facility, r, d) in expected.items():
        row = item_row(html, item_id)
        cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
        assert cells[1].strip() == "5" and cells[2].strip() == facility, item_id
        assert numbers(row, "r") == pytest.approx(r, abs=0.006), item_id
        assert numbers(row, "D") == pytest.approx(d, abs=0.006), item_id
    hard = visible_text(item_row(html, "hard"))
    assert "2 Russia ✓ key" in hard and "3 Iran" in hard and "0 China" in hard
    # Five answers are too few for a flag to mean anything: the page says so instead of flagging.
    assert "distractor chosen" not in hard and "Too few answers to flag (fewer than 10)" in hard
    assert "negative discrimination" not in visible_text(item_row(html, "tricky"))
    assert all("⚠" not in item_row(html, item) for item in ("easy", "mid", "hard", "tricky"))
    text = visible_text(html)
    assert "Submitted 5" in text and "Average score 60 %" in text and "Median score 50 %" in text
    assert "Items flagged 0" in text
    assert re.search(r"Who is behind it\? 70 %", text) and re.search(r"What is the evidence\? 50 %", text)


def test_items_are_flagged_once_ten_students_answered_them(teacher, tiny_class_of_ten):
    html = teacher.get(tiny_class_of_ten).get_data(as_text=True)
    hard = visible_text(item_row(html, "hard"))
    assert "4 Russia ✓ key" in hard and "6 Iran" in hard
    assert "distractor chosen more than the key: “Iran”" in hard and "Too few answers" not in hard
    assert "negative discrimination" in visible_text(item_row(html, "tricky"))
    assert "⚠" not in item_row(html, "easy") and "⚠" not in item_row(html, "mid")
    assert 'class="row-flagged"' in html.split('id="item-hard"')[0][-40:] + html.split('id="item-hard"')[1][:30]
    assert "Items flagged 2" in visible_text(html)
    # The filter keeps only the flagged rows; a topic or type filter keeps only its own.
    flagged = teacher.get(tiny_class_of_ten + "?flagged=1").get_data(as_text=True)
    assert re.findall(r'<tr id="item-([a-z]+)"', flagged) == ["hard", "tricky"]
    assert "Showing 2 of 4 items." in visible_text(flagged)
    by_type = teacher.get(tiny_class_of_ten + "?type=true_false").get_data(as_text=True)
    assert re.findall(r'<tr id="item-([a-z]+)"', by_type) == []


def chart_texts(html: str, title_start: str) -> list[str]:
    svg = next(
        part for part in re.findall(r"<svg.*?</svg>", html, re.S) if '<title id="chart-' in part and title_start in part
    )
    return re.findall(r">([^<>]*)</text>", svg)


def test_charts_are_inline_svg_with_accessible_titles_and_no_script(teacher, tiny_class):
    html = teacher.get(tiny_class).get_data(as_text=True)
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2 and all('role="img"' in svg for svg in svgs)
    for svg in svgs:
        labelled = re.search(r'aria-labelledby="([^"]+)"><title id="([^"]+)">', svg)
        assert labelled and labelled.group(1) == labelled.group(2)
    assert "<script" not in html and " style=" not in html
    scores = chart_texts(html, "Score distribution")
    bands = dict(zip(scores[1::2], scores[2::2], strict=False))
    assert bands == {
        "0–9 %": "0",
        "10–19 %": "0",
        "20–29 %": "1",
        "30–39 %": "0",
        "40–49 %": "0",
        "50–59 %": "2",
        "60–69 %": "0",
        "70–79 %": "1",
        "80–89 %": "0",
        "90–100 %": "1",
    }
    facility = chart_texts(html, "Item facility")
    # Labelled by the question's text, not its internal id; no flag marks with five answers.
    assert facility[1:] == [
        "1. What was made?",
        "80 %",
        "2. Who said it?",
        "60 %",
        "3. Where was the drone made, according to officia…",
        "40 %",
        "4. Were analysts sure?",
        "60 %",
    ]


def table_names(html: str) -> list[str]:
    body = html.split('class="data-table students-table"')[1].split("</tbody>")[0]
    return [visible_text(name) for name in re.findall(r'<th scope="row">(.*?)</th>', body, re.S)]


def test_students_table_sorts_without_javascript(teacher, tiny_class):
    assert table_names(teacher.get(tiny_class).get_data(as_text=True)) == ["=Eve", "Ana", "Ben", "Cy", "Dee"]
    html = teacher.get(tiny_class, query_string={"sort": "score", "order": "desc"}).get_data(as_text=True)
    assert table_names(html) == ["Ana", "Ben", "Cy", "Dee", "=Eve"]
    assert re.search(
        r'<th scope="col" class="num" aria-sort="descending">\s*<a class="sort-link" href="[^"]*sort=score&amp;order=asc',
        html,
    )
    html = teacher.get(tiny_class, query_string={"sort": "name", "order": "desc"}).get_data(as_text=True)
    assert table_names(html) == ["Dee", "Cy", "Ben", "Ana", "=Eve"]
    html = teacher.get(tiny_class, query_string={"sort": "nonsense", "order": "sideways"}).get_data(as_text=True)
    assert table_names(html) == ["=Eve", "Ana", "Ben", "Cy", "Dee"]


def test_students_table_sorts_by_time_taken_variant_and_submission_time(app, teacher, tiny_class):
    # The fixture's students submit within a blink: give them times whose every order differs from the names'.
    minutes_taken = {"Ana": 7, "Ben": 2, "Cy": 11, "Dee": 4, "=Eve": 9}
    submitted_at = {"Ana": 30, "Ben": 50, "Cy": 10, "Dee": 40, "=Eve": 20}  # minutes after nine
    nine = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    variants = {}
    with app.extensions["quizgen.database"].session() as session:
        for attempt in session.scalars(select(Attempt)):
            name = attempt.student_name
            attempt.submitted_at = nine + timedelta(minutes=submitted_at[name])
            attempt.started_at = attempt.submitted_at - timedelta(minutes=minutes_taken[name])
            variants[name] = attempt.variant_code
        session.commit()

    def rows(**query) -> list[str]:
        return table_names(teacher.get(tiny_class, query_string=query).get_data(as_text=True))

    assert rows(sort="time") == ["Ben", "Dee", "Ana", "=Eve", "Cy"]
    assert rows(sort="time", order="desc") == ["Cy", "=Eve", "Ana", "Dee", "Ben"]
    assert rows(sort="submitted") == ["Cy", "=Eve", "Ana", "Dee", "Ben"]
    assert rows(sort="submitted", order="desc") == ["Ben", "Dee", "Ana", "=Eve", "Cy"]
    by_variant = sorted(variants, key=variants.__getitem__)
    assert rows(sort="variant") == by_variant and rows(sort="variant", order="desc") == by_variant[::-1]
    text = visible_text(teacher.get(tiny_class).get_data(as_text=True))
    assert re.search(rf"Ana 4/4 100 % 7 min 0 s {variants['Ana']}", text)


def test_an_unfinished_attempt_is_listed_but_not_counted(app, teacher, tiny_class):
    school_class_code = re.search(
        r'Class code <span class="code">([^<]+)<', teacher.get(tiny_class).get_data(as_text=True)
    ).group(1)
    response = Student(app, app.test_client()).start(
        name="Late Larry", class_code=school_class_code, lesson_id=TINY_LESSON_ID
    )
    assert response.status_code == 303
    text = visible_text(teacher.get(tiny_class).get_data(as_text=True))
    assert re.search(r"Late Larry — — [0-9A-Z]{4}-[0-9A-Z]{4} answer key \(PDF\) in progress", text)
    assert "Students 6 Submitted 5 In progress 1" in text


def test_csv_has_one_row_per_student_per_item_and_opens_safely(teacher, tiny_class):
    response = teacher.get(tiny_class + "/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="tiny-stats-results-')
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 5 * 4
    assert {row["student"] for row in rows} == {"Ana", "Ben", "Cy", "Dee", "'=Eve"}
    hard_cy = next(row for row in rows if row["student"] == "Cy" and row["item_id"] == "hard")
    assert hard_cy["answer"] == "Iran" and hard_cy["points"] == "0" and hard_cy["status"] == "wrong"
    assert hard_cy["skill"] == "What is the evidence?" and hard_cy["item_number"] == "3"
    assert hard_cy["attempt_points"] == "2" and hard_cy["attempt_max_points"] == "4" and hard_cy["attempt"] == "1"
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", hard_cy["variant"])
    ana = [row for row in rows if row["student"] == "Ana"]
    assert sorted(row["position"] for row in ana) == ["1", "2", "3", "4"]
    assert all(row["status"] == "correct" for row in ana)


def test_results_page_queries_do_not_grow_with_the_class(app, teacher, tiny_class):
    engine = app.extensions["quizgen.database"].engine
    statements: list[str] = []

    def count(*_args):
        statements.append("x")

    event.listen(engine, "before_cursor_execute", count)
    try:
        teacher.get(tiny_class)
        five = len(statements)
        code = re.search(
            r'Class code <span class="code">([^<]+)<', teacher.get(tiny_class).get_data(as_text=True)
        ).group(1)
        for n in range(6):
            take_quiz(app, code, f"Extra {n}", lesson_id=TINY_LESSON_ID, overrides=answer_as("Ana"))
        statements.clear()
        teacher.get(tiny_class)
        eleven = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert five == eleven <= 6


# --- open responses ------------------------------------------------------------------------------


def mark_form(html: str) -> dict[str, str]:
    """The marking form as the page shows it: each radio group's checked value."""
    values = {}
    for name, value in re.findall(
        r'<input checked class="choice-input" id="[^"]+" name="(m_[0-9a-f]+)" type="radio" value="([^"]*)"', html
    ):
        values[name] = value
    return values


def field_for(html: str, student: str) -> str:
    """The radio group name of a student's answer on the marking page."""
    block = html.split(f'<span class="answer-student">{student}</span>')[1]
    return re.search(r'name="(m_[0-9a-f]+)"', block).group(1)


@BOTH_DATABASES
def test_marking_an_open_response_changes_the_score(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class)
    ana, ana_quiz = take_quiz(app, school_class.code, "Ana", "right")
    _ben, _ = take_quiz(app, school_class.code, "Ben", "right")
    marking_url = assignment_url + "/marking"
    html = teacher.get(marking_url).get_data(as_text=True)
    text = visible_text(html)
    assert "2 answers are waiting for a mark" in text
    assert "Says it is speculation and names what evidence is missing." in text  # the rubric beside the answers
    assert text.count("The blogger only speculates; no evidence is given.") == 2
    before = visible_text(teacher.get(assignment_url).get_data(as_text=True))
    # Honest while waiting: the marked points and the points still to mark, no percentage of the marked part.
    assert "Ana 27 of 27 marked points, 2 points still to mark" in before

    form = mark_form(html)
    assert set(form.values()) == {""}
    form[field_for(html, "Ana")] = "2"
    form[field_for(html, "Ben")] = "1"
    response = teacher.post(marking_url, form)
    assert response.status_code == 303
    saved = teacher.get(marking_url).get_data(as_text=True)
    assert "Saved: 2 marks changed" in visible_text(saved)
    # Marked answers leave the queue; "show all" brings them back to change a mark.
    assert mark_form(saved) == {} and "Every answer is marked" in visible_text(saved)
    assert mark_form(teacher.get(marking_url + "?show=all").get_data(as_text=True)) == form
    assert ana.attempt(ana_quiz.public_id).score == 29
    after = visible_text(teacher.get(assignment_url).get_data(as_text=True))
    assert "Ana 29/29 100 %" in after and "Ben 28/29 97 %" in after and "Answers to mark 0" in after
    # The student's own result now shows the mark.
    result = visible_text(ana.client.get(ana_quiz.url + "/result").get_data(as_text=True))
    assert "29 of 29 points" in result and "Awaiting teacher marking" not in result

    # Back to "not marked": the points come off again.
    form[field_for(html, "Ana")] = ""
    assert teacher.post(marking_url, form).status_code == 303
    assert ana.attempt(ana_quiz.public_id).score == 27
    rows = teacher.get(assignment_url + "/results.csv").get_data(as_text=True)
    assert "q-open" in rows and ",pending," in rows and ",partial," in rows


def test_marks_outside_the_rubric_or_for_unknown_answers_are_refused(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class)
    ana, quiz = take_quiz(app, school_class.code, "Ana", "right")
    marking_url = assignment_url + "/marking"
    html = teacher.get(marking_url).get_data(as_text=True)
    name = field_for(html, "Ana")
    for tampered in ({name: "7"}, {name: "-1"}, {name: "2", "m_0000000000000000": "2"}, {name: ["2", "1"]}):
        response = teacher.post(marking_url, tampered)
        assert response.status_code == 400, tampered
    assert ana.attempt(quiz.public_id).score == 27
    # A form without some answer (one submitted after the page was opened) leaves that answer alone.
    assert teacher.post(marking_url, {}).status_code == 303
    assert ana.attempt(quiz.public_id).score == 27


def test_unanswered_open_responses_are_not_listed_for_marking(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class)
    take_quiz(app, school_class.code, "Ana", "empty")
    text = visible_text(teacher.get(assignment_url + "/marking").get_data(as_text=True))
    assert "No student has written an open answer yet." in text


def test_a_teacher_cannot_mark_another_assignments_answers(app, teacher):
    first_class, second_class = teacher.new_class("First"), teacher.new_class("Second")
    first = teacher.assign(first_class)
    second = teacher.assign(second_class)
    ana, quiz = take_quiz(app, first_class.code, "Ana", "right")
    html = teacher.get(first + "/marking").get_data(as_text=True)
    # The first assignment's field posted to the second assignment's marking form is not part of that form.
    response = teacher.post(second + "/marking", {field_for(html, "Ana"): "2"})
    assert response.status_code == 400
    assert ana.attempt(quiz.public_id).score == 27
