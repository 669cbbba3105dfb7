"""The whole student flow through the test client: start, the quiz page, submit, the result."""

from __future__ import annotations

import re

import pytest

from quizgen.generators import item_bank
from quizgen.quiz import variant_code

from ..helpers.answers import hidden_key_texts, student_texts
from .conftest import _SEQ, _START_TOKEN, BOTH_DATABASES, LESSON_ID, csrf_token, hidden_value
from .html import parse, visible_text


@pytest.mark.parametrize(
    ("name", "class_code", "message"),
    [
        ("   ", "", "Enter your name or a nickname."),
        ("x" * 61, "", "Use at most 60 characters."),
        ("Ana", "no spaces!", "A class code has only letters, digits and hyphens."),
    ],
)
def test_start_form_errors_are_shown_next_to_the_field(student, name, class_code, message):
    response = student.start(name=name, class_code=class_code)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html and 'class="error-summary" role="alert"' in html
    field = "class_code" if "class code" in message else "student_name"
    assert re.search(rf'<p class="field-error" id="{field}-error">', html)


@BOTH_DATABASES
def test_starting_stores_the_attempt_with_a_server_chosen_variant(student):
    # Fields the page does not have are ignored: a seed or variant cannot be slipped in (the worksheet's variant
    # code field is the one way to pick a variant, see tests/teachers/test_printing.py).
    response = student.start(name="  Ana B.  ", seed="1", variant="0000-001D")
    assert response.status_code == 303
    public_id = response.headers["Location"].rsplit("/", 1)[-1]
    attempt = student.attempt(public_id)
    assert attempt.student_name == "Ana B." and attempt.class_code is None
    assert attempt.variant_code == variant_code(attempt.seed) and attempt.seed != 1
    assert attempt.lesson_id == LESSON_ID and attempt.max_score == 29 and not attempt.is_submitted


def test_quiz_page_offers_every_input_type_each_question_a_labelled_fieldset(student):
    quiz = student.open_quiz()
    page = parse(quiz.html)
    questions = [f for f in page.fieldsets if (f["id"] or "").startswith("question-")]
    assert len(questions) == len(quiz.quiz.items) == 28
    assert all(f["legend"] for f in questions)
    visible = [c for c in page.controls if c.type not in ("hidden", "submit")]
    assert {c.type for c in visible} == {"radio", "checkbox", "text", "select", "textarea"}
    unlabelled = [c.name for c in visible if c.id not in page.label_targets]
    assert unlabelled == []
    assert "28 questions" in visible_text(quiz.html) and 'data-total="28"' in quiz.html


def test_quiz_links_each_question_to_its_paragraph_in_a_new_tab(student):
    quiz = student.open_quiz()
    links = re.findall(
        r'<a class="reread" href="/lessons/harbour-festival#p(\d)" target="_blank" rel="noopener">'
        r"Re-read paragraph (\d)",
        quiz.html,
    )
    assert len(links) == 28 and all(anchor == label for anchor, label in links)
    lesson = student.app.extensions["quizgen.library"].get(LESSON_ID).lesson
    cited = [str(lesson.paragraph_number(entry.item.paragraph)) for entry in quiz.quiz.items]
    assert [anchor for anchor, _label in links] == cited  # question by question, in the variant's order
    assert len(set(cited)) > 1
    # The same paragraph also opens in the page, under its question.
    shown = re.findall(r'<summary>Show paragraph (\d) here</summary><div class="reread-text"', quiz.html)
    assert shown == cited
    first = lesson.paragraphs[int(cited[0]) - 1].text.split()[:4]
    assert " ".join(first) in visible_text(quiz.html)


def test_quiz_html_holds_no_key_explanation_evidence_or_author_order(student):
    quiz = student.open_quiz()
    html = quiz.html
    # The cited paragraphs open in the page (the article is the students' to read); the rest must not quote it.
    text = visible_text(re.sub(r'<details class="reread-here">.*?</details>', "", html, flags=re.S))
    # Question wording may quote the article; only text the page has no reason to show must be absent.
    secrets = hidden_key_texts(quiz.quiz, student_texts(quiz.quiz), str.casefold)
    assert len(secrets) >= 28  # an explanation or evidence for every question, and more
    assert [secret for secret in secrets if secret.casefold() in text.casefold()] == []
    for entry in quiz.quiz.items:
        if entry.item.type == "ordering":
            assert list(entry.choices) != list(entry.item.items)
    controls = parse(html).controls
    values = {c.attrs.get("value") for c in controls if c.type in ("radio", "checkbox")}
    assert values <= {"true", "false"} | {chr(c) for c in range(ord("A"), ord("K"))}
    options = {v for c in controls if c.type == "select" for v in c.options}
    assert all(re.fullmatch(r"|[A-Z]|\d", value) for value in options)
    markup = " ".join(re.findall(r"<[^>]+>", html))  # tags and attributes, not the text shown
    assert not re.search(r"correct|right|wrong|explanation|evidence|answer-key|data-(answer|key|score)", markup, re.I)


@BOTH_DATABASES
def test_full_quiz_answered_right_scores_everything_but_the_open_response(student):
    quiz = student.open_quiz()
    response = student.submit(quiz, quiz.form("right"))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/attempts/{quiz.public_id}/result")
    attempt = student.attempt(quiz.public_id)
    assert attempt.is_submitted and attempt.score == 27 and attempt.max_score == 29 and attempt.seq == 1
    assert len(attempt.responses) == 28
    statuses = {r.item_id: r.status for r in attempt.responses}
    assert statuses.pop("q-open") == "pending" and set(statuses.values()) == {"correct"}

    html = student.client.get(response.headers["Location"]).get_data(as_text=True)
    text = visible_text(html)
    # While an answer waits for marking, no percentage of the marked points alone: it would drop when marked.
    assert "27 of 27 marked points" in text and "%" not in text.split("You answered")[0].split("Your result")[-1]
    assert "You answered 28 of 28 questions" in text and "2 points are still to be marked by your teacher" in text
    assert text.count("Right") >= 27 and "Awaiting teacher marking" in text
    assert text.count("Marking guide") == 1  # the open response's key is its rubric; the others show an answer
    assert "Who is behind it? 5/5 (+1 answer awaiting marking)" in text
    assert "What is the evidence? 5/5" in text
    assert "The council announced a three-day festival." in text  # an explanation
    assert "\u201cwill last three days this year\u201d" in text  # its evidence, quoted
    assert f'href="/lessons/{LESSON_ID}#p1">Paragraph 1</a>' in html
    assert "Try another variant" in text


@BOTH_DATABASES
def test_wrong_and_empty_answers(student, app):
    quiz = student.open_quiz()
    assert student.submit(quiz, quiz.form("wrong")).status_code == 303
    attempt = student.attempt(quiz.public_id)
    assert attempt.score == 0
    assert {r.status for r in attempt.responses} == {"wrong", "pending"}

    other = student.open_quiz()
    assert student.submit(other, other.form("empty")).status_code == 303
    attempt = student.attempt(other.public_id)
    assert attempt.score == 0 and {r.status for r in attempt.responses} == {"unanswered"}
    assert all(r.response is None for r in attempt.responses)
    text = visible_text(student.client.get(other.url + "/result").get_data(as_text=True))
    assert "0 of 29 points" in text and "0%" in text and "No answer" in text and "awaiting" not in text


def test_partial_credit_is_shown_as_partly_right(student):
    quiz = student.open_quiz()
    data = quiz.form("right")
    multi = next(e for e in quiz.quiz.items if e.item.type == "multiple_select")
    data[f"q{multi.number}"] = data[f"q{multi.number}"][:1]  # one of the two right options
    assert student.submit(quiz, data).status_code == 303
    text = visible_text(student.client.get(quiz.url + "/result").get_data(as_text=True))
    assert "Partly right" in text and "0.5 of 1 point" in text and "26.5 of 27 marked points" in text


def test_ordering_mistake_is_shown_on_the_question_and_keeps_the_other_answers(student):
    quiz = student.open_quiz()
    data = quiz.form("right")
    ordering = next(e for e in quiz.quiz.items if e.item.type == "ordering")
    data[f"q{ordering.number}_1"] = data[f"q{ordering.number}_2"] = "1"
    response = student.submit(quiz, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="q{ordering.number}-error"' in html and "Use each position once" in html
    assert f'<a href="#question-{ordering.number}">Question {ordering.number}:' in html
    single = next(e for e in quiz.quiz.items if e.item.type == "single_choice")
    checked = [c.attrs["value"] for c in parse(html).controls if c.name == f"q{single.number}" and "checked" in c.attrs]
    assert checked == [data[f"q{single.number}"]]
    assert not student.attempt(quiz.public_id).is_submitted
    # The student puts the two positions right on the page they got back and sends it again.
    right = quiz.form("right")
    data.update(
        {
            "csrf_token": csrf_token(html),
            "seq": hidden_value(_SEQ, html),
            f"q{ordering.number}_1": right[f"q{ordering.number}_1"],
            f"q{ordering.number}_2": right[f"q{ordering.number}_2"],
        }
    )
    assert student.submit(quiz, data).status_code == 303
    attempt = student.attempt(quiz.public_id)
    assert attempt.is_submitted and attempt.score == 27


def test_submitted_quiz_redirects_to_result_and_open_result_to_quiz(student):
    quiz = student.open_quiz()
    assert student.client.get(quiz.url + "/result").headers["Location"].endswith(quiz.url)
    student.submit(quiz, quiz.form("right"))
    assert student.client.get(quiz.url).headers["Location"].endswith(quiz.url + "/result")


@BOTH_DATABASES
def test_try_another_variant_starts_a_new_attempt_once(student):
    quiz = student.open_quiz()
    student.submit(quiz, quiz.form("right"))
    html = student.client.get(quiz.url + "/result").get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "start_token": hidden_value(_START_TOKEN, html)}
    first = student.client.post(quiz.url + "/another", data=data)
    again = student.client.post(quiz.url + "/another", data=data)  # double click
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"] != quiz.url
    new = student.attempt(first.headers["Location"].rsplit("/", 1)[-1])
    assert new.seed != quiz.attempt.seed and new.student_name == quiz.attempt.student_name
    assert not new.is_submitted and student.client.get(first.headers["Location"]).status_code == 200


def test_cloze_with_a_word_bank_uses_selects(student, lessons_dir):
    path = lessons_dir / "mini.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "generators:\n",
            (
                "  - id: q-bank\n"
                "    type: cloze\n"
                "    stem: Choose the word the article uses.\n"
                "    text: Local shop owners say it is the [[busiest]] weekend of the year.\n"
                "    word_bank: [quietest, busiest, longest]\n"
                "    paragraph: p2\n"
                "    evidence: it is the busiest weekend of the year\n"
                "    topic: vocabulary\n"
                "generators:\n"
            ),
            1,
        ),
        encoding="utf-8",
    )
    quiz = student.open_quiz()
    entry = next(e for e in quiz.quiz.items if e.id == "q-bank")
    select = next(c for c in parse(quiz.html).controls if c.name == f"q{entry.number}_1")
    assert select.tag == "select" and select.options == ["", "A", "B", "C"]
    assert "Word bank:" in quiz.html
    assert student.submit(quiz, quiz.form("right")).status_code == 303
    stored = {r.item_id: r for r in student.attempt(quiz.public_id).responses}
    assert stored["q-bank"].status == "correct" and stored["q-bank"].response == ["busiest"]


def test_lesson_edited_after_start_refuses_the_old_variant_clearly(student, lessons_dir):
    quiz = student.open_quiz()
    path = lessons_dir / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    for response in (student.client.get(quiz.url), student.submit(quiz, quiz.form("right"))):
        assert response.status_code == 409 and "edited this lesson" in response.get_data(as_text=True)
    assert not student.attempt(quiz.public_id).is_submitted


def test_catalog_question_count_matches_the_quiz(student):
    lesson = student.app.extensions["quizgen.library"].get(LESSON_ID).lesson
    assert len(item_bank(lesson)) == len(student.open_quiz().quiz.items)
