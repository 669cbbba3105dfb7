"""The quiz form built from a variant: field names, choice codes, tamper checks, reading answers."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from quizgen.quiz import build_quiz
from quizgen.web.forms import (
    OPEN_RESPONSE_MAX,
    SHORT_ANSWER_MAX,
    build_quiz_form_spec,
    choice_code,
    field_name,
    find_tampering,
    read_answers,
)

from ..helpers.answers import form_data


@pytest.fixture
def spec(mini_lesson):
    return build_quiz_form_spec(build_quiz(mini_lesson, 3))


@pytest.fixture(autouse=True)
def request_context():
    """Flask-WTF forms need a request; CSRF is switched off only here, where no request is posted."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY="unit-test-key", WTF_CSRF_ENABLED=False)
    with app.test_request_context("/"):
        yield


def submission(spec, mode="right", **changes) -> MultiDict:
    data = {"csrf_token": "t", "seq": "0", **form_data(spec.quiz, mode)}
    data.update(changes)
    pairs = []
    for key, value in data.items():
        if value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            pairs.append((key, one))
    return MultiDict(pairs)


def first_of(spec, item_type):
    return next(q for q in spec.questions if q.entry.item.type == item_type)


def test_choice_codes_and_field_names():
    assert [choice_code(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "A2", "B2"]
    assert field_name(7) == "q7" and field_name(7, 2) == "q7_2"


def test_every_question_has_fields_and_every_field_a_rule(spec):
    assert len(spec.questions) == len(spec.quiz.items)
    names = [name for question in spec.questions for name in question.names]
    assert len(names) == len(set(names))
    assert set(spec.inputs) == set(names) | {"seq", "check_blank"}  # the form's own: stale check, blank check


def test_a_complete_page_submission_passes_and_reads_back_as_texts(spec, mini_lesson):
    data = submission(spec)
    assert find_tampering(data, spec) is None
    answers = read_answers(spec.form_class(formdata=data), spec)
    assert answers.errors == {}
    single = first_of(spec, "single_choice").entry
    assert answers.responses[single.id] == single.item.answer
    ordering = first_of(spec, "ordering").entry
    assert answers.responses[ordering.id] == list(ordering.item.items)
    matching = first_of(spec, "matching").entry
    assert answers.responses[matching.id] == {p.left: p.right for p in matching.item.pairs}


def test_an_empty_page_submission_passes_and_reads_as_unanswered(spec):
    data = submission(spec, "empty")
    assert find_tampering(data, spec) is None
    answers = read_answers(spec.form_class(formdata=data), spec)
    assert set(answers.responses.values()) == {None}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: {"q1_9": "A"}, "fields this quiz does not have"),
        (lambda s: {first_of(s, "short_answer").names[0]: None}, "is missing"),
        (lambda s: {first_of(s, "single_choice").names[0]: "Q"}, "not one of the choices"),
        (lambda s: {first_of(s, "single_choice").names[0]: ["A", "B"]}, "more than once"),
        (lambda s: {first_of(s, "multiple_select").names[0]: ["A", "A"]}, "more than once"),
        (lambda s: {first_of(s, "short_answer").names[0]: "x" * (SHORT_ANSWER_MAX + 1)}, "longer than"),
        (lambda s: {first_of(s, "short_answer").names[0]: "a\x00b"}, "cannot be stored"),
        (lambda s: {"seq": None}, "missing"),
    ],
)
def test_what_no_browser_sends_is_found(spec, change, message):
    problem = find_tampering(submission(spec, **change(spec)), spec)
    assert problem is not None and message in problem


def test_line_breaks_count_once_as_in_the_browser(spec):
    name = first_of(spec, "open_response").names[0]
    text = ("x" * 9 + "\r\n") * (OPEN_RESPONSE_MAX // 10)
    assert find_tampering(submission(spec, **{name: text}), spec) is None


@pytest.mark.parametrize(
    ("positions", "message"),
    [
        (["1", "1"], "Use each position once"),
        (["1", ""], "Give every entry a position"),
    ],
)
def test_ordering_mistakes_are_reported_on_the_question(spec, positions, message):
    ordering = first_of(spec, "ordering")
    data = submission(spec, **dict(zip(ordering.names, positions, strict=False)))
    assert find_tampering(data, spec) is None
    answers = read_answers(spec.form_class(formdata=data), spec)
    assert message in answers.errors[ordering.entry.number][0]
