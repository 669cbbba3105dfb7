"""One home per question type: every type gives every handler, an unknown type is an error in every layer,
and a type registered from outside quizgen is graded, previewed, printed and drawn on the quiz page."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Literal

import pytest
from flask import Flask
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from quizgen.feedback import key_lines
from quizgen.grading import grade, key_of
from quizgen.items import (
    NOTHING_SHOWN,
    QUESTION_TYPES,
    PrintedKey,
    QuestionBase,
    QuestionType,
    UnknownQuestionType,
    question_type,
    register,
    unregister,
)
from quizgen.items.inputs import QuizInput, field_name, labelled_field, text_box, typed_text
from quizgen.model import Lesson
from quizgen.pdf import item_view, template_environment, worksheet_html
from quizgen.quiz import Quiz, QuizItem, QuizOptions, build_quiz
from quizgen.render_text import preview_text
from quizgen.web.forms import build_quiz_form_spec, read_answers
from quizgen.web.results import answer_lines
from quizgen.web.widgets import question_fieldsets

ROOT = Path(__file__).resolve().parents[2]
BUILT_IN = (
    "single_choice",
    "multiple_select",
    "true_false",
    "short_answer",
    "ordering",
    "matching",
    "cloze",
    "open_response",
)
HANDLERS = sorted(QuestionType.__abstractmethods__)


class Estimate(QuestionBase):
    """A whole number, right within a tolerance: a type quizgen does not ship."""

    type: Literal["estimate"]
    answer: int
    tolerance: int = 0


class EstimateType(QuestionType):
    """A toy type defined outside quizgen, with nothing but its own handlers."""

    name = "estimate"
    model = Estimate
    label = "Estimate"
    print_instruction = "Write a whole number."
    print_fragment = "print/items/short_answer.html"

    def fraction(self, item, response):
        try:
            return float(abs(int(str(response).strip()) - item.answer) <= item.tolerance)
        except ValueError:
            return 0.0

    def key(self, item):
        return str(item.answer)

    def key_lines(self, item):
        return [f"{item.answer} (give or take {item.tolerance})"]

    def answer_lines(self, item, response):
        return [f"guessed {response}"]

    def present(self, item, rng):
        return NOTHING_SHOWN

    def prompt(self, item):
        return item.stem

    def visible_text(self, item):
        return item.stem

    def offered(self, item):
        return ()

    def giveaways(self, item):
        return (str(item.answer),)

    def lints(self, item, report, true_statements):
        if item.tolerance < 0:
            report("a negative tolerance", "tolerance", "error")

    def text_lines(self, entry):
        return ["   Number: ______"]

    def web_instruction(self, entry):
        return "Type a whole number."

    def inputs(self, entry):
        return [QuizInput(field_name(entry.number), entry.number, "text", "Your estimate", max_length=12)]

    def response(self, entry, values):
        return typed_text(values[0]) or None, None

    def widget_html(self, entry, inputs, values):
        return labelled_field(inputs[0], text_box(inputs[0], values, "text-input"))

    def print_view(self, entry):
        return {}

    def write_on_lines(self, item):
        return 1

    def short_key(self, entry):
        return f"~{entry.item.answer}"

    def print_key(self, entry, *, in_words):
        return PrintedKey((Markup(escape(self.key_lines(entry.item)[0])),))

    def analysis_options(self, item):
        return ()

    def chosen_options(self, item, response):
        return []


@pytest.fixture
def estimate(mini_lesson):
    """The toy type, registered for one test, and one question of it."""
    register(EstimateType)
    paragraph = mini_lesson.paragraphs[0]
    yield Estimate(
        id="q-estimate",
        type="estimate",
        stem="How many days will the festival last?",
        answer=3,
        paragraph=paragraph.id,
        evidence=paragraph.text[:40],
        topic="comprehension",
    )
    unregister("estimate")


@pytest.fixture
def mystery(mini_lesson):
    """A question whose type no module registered (pydantic would refuse it; a copy skips validation)."""
    return mini_lesson.questions[0].model_copy(update={"type": "mystery"})


def with_questions(lesson: Lesson, *questions) -> Lesson:
    """The lesson with only ``questions``, added unvalidated: the lesson model's union has no toy types."""
    bare = Lesson.model_validate({**lesson.model_dump(), "questions": [], "generators": {}})
    return bare.model_copy(update={"questions": list(questions)})


# --- every type has every handler ----------------------------------------------------------


def test_the_built_in_types_are_registered_in_union_order():
    assert tuple(QUESTION_TYPES) == BUILT_IN


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_registered_type_implements_every_handler(name):
    kind = QUESTION_TYPES[name]
    missing = [handler for handler in HANDLERS if getattr(getattr(type(kind), handler), "__isabstractmethod__", False)]
    assert missing == []
    assert all(getattr(kind, attribute) for attribute in QuestionType.REQUIRED_ATTRIBUTES)
    assert kind.model.model_fields["type"].annotation == Literal[name]
    template_environment().get_template(kind.print_fragment)  # the print fragment exists


@pytest.mark.parametrize("missing", [*HANDLERS, "label", "print_fragment"])
def test_a_type_lacking_a_handler_is_refused_by_name(missing):
    namespace = {key: value for key, value in vars(EstimateType).items() if not key.startswith("__") and key != missing}
    broken = type("BrokenType", (QuestionType,), namespace)
    with pytest.raises(TypeError, match=rf"BrokenType lacks .*\b{missing}\b"):
        register(broken)
    assert "estimate" not in QUESTION_TYPES


def test_a_type_name_is_registered_once_and_must_match_its_model(estimate):
    with pytest.raises(ValueError, match="registered twice"):
        register(EstimateType)
    mismatched = type("Mismatched", (EstimateType,), {"name": "guess"})
    with pytest.raises(TypeError, match="Literal"):
        register(mismatched)


def test_no_layer_switches_on_a_type_name():
    switches = re.compile(r"\.type\s*(==|!=|\bin\b)|\bcase\s+[\"'](" + "|".join(BUILT_IN) + ")")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in (ROOT / "quizgen", ROOT / "templates")
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.suffix in (".py", ".html") and "items" not in path.parts[-2:-1]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if switches.search(line)
    ]
    assert found == []


# --- an unknown type is an error, never a blank ---------------------------------------------


def test_looking_up_an_unknown_type_names_it_and_the_known_ones(mystery):
    for lookup in ("mystery", mystery):
        with pytest.raises(
            UnknownQuestionType,
            match=r"unknown question type 'mystery' \(registered types: single_choice, .*open_response\)",
        ):
            question_type(lookup)


LAYERS = {
    "grading": lambda lesson, item: grade(item, "anything"),
    "grading an empty answer": lambda lesson, item: grade(item, None),
    "key": lambda lesson, item: key_of(item),
    "key in words": lambda lesson, item: key_lines(item),
    "answer in words": lambda lesson, item: answer_lines(item, "anything"),
    "presentation": lambda lesson, item: build_quiz(with_questions(lesson, item), 1),
    "preview": lambda lesson, item: preview_text(lesson, Quiz(lesson.id, 1, "X", QuizOptions(), (QuizItem(1, item),))),
    "form inputs": lambda lesson, item: build_quiz_form_spec(
        Quiz(lesson.id, 1, "X", QuizOptions(), (QuizItem(1, item),))
    ),
    "print view": lambda lesson, item: item_view(QuizItem(1, item)),
    "worksheet": lambda lesson, item: worksheet_html(
        lesson, Quiz(lesson.id, 1, "X", QuizOptions(), (QuizItem(1, item),))
    ),
}


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_refuses_an_unknown_type(layer, mini_lesson, mystery):
    with pytest.raises(UnknownQuestionType, match="mystery"):
        LAYERS[layer](mini_lesson, mystery)


# --- a registered type works everywhere with no other change ----------------------------------


def test_a_registered_toy_type_is_graded(estimate):
    assert grade(estimate, " 3 ").status == "correct"
    assert grade(estimate, "4").status == "wrong" and grade(estimate, "many").status == "wrong"
    assert grade(estimate, None).status == "unanswered"
    assert grade(estimate, key_of(estimate)).points == estimate.points
    assert key_lines(estimate) == ["3 (give or take 0)"] and answer_lines(estimate, "4") == ["guessed 4"]


def test_a_registered_toy_type_is_drawn_previewed_and_printed(mini_lesson, estimate):
    lesson = with_questions(mini_lesson, estimate)
    quiz = build_quiz(lesson, 7)
    assert [entry.id for entry in quiz.items] == ["q-estimate"]

    text = preview_text(lesson, quiz)
    assert "1. [q-estimate] (Estimate, comprehension, 1 pt)" in text
    assert "   Number: ______" in text and "Key: 3 (give or take 0)" in text

    sheet = worksheet_html(lesson, quiz)
    item = re.search(r'<div class="item item-estimate">(.*?)</div>\s*</div>', sheet, re.S).group(1)
    assert "How many days will the festival last?" in item and "Write a whole number." in item
    assert item.count('<div class="line">') == 1  # its own write-on space, through the fragment it names
    key = worksheet_html(lesson, quiz, key=True)
    assert '<td class="g-key">~3</td>' in key and "3 (give or take 0)" in key


def test_a_registered_toy_type_is_answered_on_the_web_form(mini_lesson, estimate):
    quiz = build_quiz(with_questions(mini_lesson, estimate), 7)
    spec = build_quiz_form_spec(quiz)
    html = question_fieldsets(
        spec.questions,
        lesson_url="/lessons/x",
        paragraph_numbers={estimate.paragraph: 1},
        language="en",
        values={"q1": ["12"]},
        errors={},
    )
    assert "Type a whole number." in html and 'name="q1"' in html and 'value="12"' in html
    assert '<label class="field-label" for="q1">Your estimate</label>' in html

    with Flask(__name__).test_request_context():
        form = spec.form_class(formdata=MultiDict({"q1": " 3\r\n", "seq": "1"}), meta={"csrf": False})
        answers = read_answers(form, spec)
    assert answers.responses == {"q-estimate": "3"} and answers.errors == {}
    assert grade(estimate, answers.responses["q-estimate"]).status == "correct"
