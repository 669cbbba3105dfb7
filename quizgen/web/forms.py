"""The student forms: starting a quiz, and the quiz itself, built field by field from a generated variant.

Quiz fields are named after the question's number in the variant (``q7``,
``q7_2`` for the second part) and choice values are position codes in the
order the variant shows them (``A``, ``B``...), so nothing in the page says
which choice the author wrote first or which one is right.

A browser can only send what the page offers.  :func:`find_tampering`
checks a submission against that before anything is read: a missing,
extra, repeated, unknown or oversized value means the request did not come
from the page, and the view answers 400.  What a student can get wrong
with the real page (two events given the same position) is reported next to
the question instead, see :func:`read_answers`.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Mapping

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..quiz import Quiz, QuizItem
from ..text import cloze_blanks

NAME_MAX = 60
CLASS_CODE_MAX = 20
SHORT_ANSWER_MAX = 200
BLANK_MAX = 100
OPEN_RESPONSE_MAX = 5000
START_TOKEN_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
TRUE_FALSE_CHOICES = [("true", "True"), ("false", "False")]


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _upper(value: str | None) -> str | None:
    return value.upper() if isinstance(value, str) else value


def new_start_token() -> str:
    """A fresh idempotency key for a form that starts an attempt."""
    return secrets.token_urlsafe(16)


class StartForm(FlaskForm):
    """Name (or nickname) and optional class code, on the lesson page."""

    student_name = StringField(
        "Your name or nickname", filters=[_strip],
        validators=[DataRequired("Enter your name or a nickname."),
                    Length(max=NAME_MAX, message=f"Use at most {NAME_MAX} characters."),
                    Regexp(NO_CONTROL_CHARACTERS, message="Use letters, digits, spaces and punctuation only.")],
        render_kw={"maxlength": NAME_MAX, "autocomplete": "nickname"})
    class_code = StringField(
        "Class code (optional)", filters=[_strip, _upper],
        validators=[Optional(), Length(max=CLASS_CODE_MAX, message=f"Use at most {CLASS_CODE_MAX} characters."),
                    Regexp(r"^[A-Z0-9-]+$", message="A class code has only letters, digits and hyphens.")],
        render_kw={"maxlength": CLASS_CODE_MAX, "autocomplete": "off", "spellcheck": "false"})
    start_token = HiddenField(default=new_start_token, validators=[Regexp(START_TOKEN_PATTERN)])


class AnotherVariantForm(FlaskForm):
    """The "try another variant" button on the result page."""

    start_token = HiddenField(default=new_start_token, validators=[Regexp(START_TOKEN_PATTERN)])


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@dataclass(frozen=True)
class FieldRule:
    """What a browser can send for one field of the quiz page."""

    question: int
    always_sent: bool  # selects, text boxes and hidden inputs are sent even when left empty
    multiple: bool = False  # checkboxes
    allowed: frozenset[str] | None = None  # None: free text
    max_length: int = 0


@dataclass(frozen=True)
class QuestionFields:
    """The fields of one question, in the order the page shows them."""

    entry: QuizItem
    names: tuple[str, ...]


@dataclass(frozen=True)
class QuizFormSpec:
    """A quiz form class and the rules a submission of it must follow."""

    quiz: Quiz
    form_class: type[FlaskForm]
    questions: tuple[QuestionFields, ...]
    rules: Mapping[str, FieldRule]


def choice_code(index: int) -> str:
    """The value sent for the ``index``-th choice as shown: A, B, ... Z, then A2, B2..."""
    letter = chr(ord("A") + index % 26)
    return letter if index < 26 else f"{letter}{index // 26 + 1}"


def field_name(number: int, part: int | None = None) -> str:
    """``q7`` for question 7, ``q7_2`` for its second part."""
    return f"q{number}" if part is None else f"q{number}_{part}"


_SPEC_CACHE_SIZE = 256
_spec_cache: OrderedDict[tuple, QuizFormSpec] = OrderedDict()
_spec_cache_lock = threading.Lock()


def quiz_form_spec(quiz: Quiz, lesson_version: str) -> QuizFormSpec:
    """The form for ``quiz``, built from lesson version ``lesson_version`` (cached: a variant's form never changes)."""
    key = (quiz.lesson_id, lesson_version, quiz.seed, repr(quiz.options.describe()))
    with _spec_cache_lock:
        spec = _spec_cache.get(key)
        if spec is not None:
            _spec_cache.move_to_end(key)
            return spec
    spec = build_quiz_form_spec(quiz)
    with _spec_cache_lock:
        _spec_cache[key] = spec
        while len(_spec_cache) > _SPEC_CACHE_SIZE:
            _spec_cache.popitem(last=False)
    return spec


def build_quiz_form_spec(quiz: Quiz) -> QuizFormSpec:
    """A form class with the fields of every question of ``quiz``, and the rules its submissions follow."""
    fields: dict[str, Field] = {}
    rules: dict[str, FieldRule] = {}
    questions = []
    for entry in quiz.items:
        names = []
        for name, field, rule in _fields_for(entry):
            fields[name], rules[name] = field, rule
            names.append(name)
        questions.append(QuestionFields(entry, tuple(names)))
    fields["seq"] = HiddenField()
    rules["seq"] = FieldRule(0, always_sent=True, max_length=9)
    form_class = type("QuizForm", (FlaskForm,), fields)
    return QuizFormSpec(quiz, form_class, tuple(questions), rules)


def _choice_list(texts: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(choice_code(index), text) for index, text in enumerate(texts)]


def _fields_for(entry: QuizItem):
    item, number = entry.item, entry.number
    name = field_name(number)
    match item.type:
        case "single_choice":
            choices = _choice_list(entry.choices)
            yield name, RadioField(item.stem, choices=choices, validate_choice=False), \
                FieldRule(number, False, allowed=frozenset(code for code, _ in choices))
        case "true_false":
            yield name, RadioField(item.stem, choices=TRUE_FALSE_CHOICES, validate_choice=False), \
                FieldRule(number, False, allowed=frozenset(code for code, _ in TRUE_FALSE_CHOICES))
        case "multiple_select":
            choices = _choice_list(entry.choices)
            yield name, CheckboxesField(item.stem, choices=choices, validate_choice=False), \
                FieldRule(number, False, multiple=True, allowed=frozenset(code for code, _ in choices))
        case "short_answer":
            yield name, StringField("Your answer", render_kw=_text_attributes(SHORT_ANSWER_MAX)), \
                FieldRule(number, True, max_length=SHORT_ANSWER_MAX)
        case "open_response":
            yield name, TextAreaField("Your answer", render_kw={"maxlength": OPEN_RESPONSE_MAX, "rows": 6,
                                                                "placeholder": " "}), \
                FieldRule(number, True, max_length=OPEN_RESPONSE_MAX)
        case "matching":
            choices = [("", "Choose\u2026")] + _choice_list(entry.rights)
            for part, left in enumerate(entry.choices, start=1):
                yield field_name(number, part), SelectField(left, choices=choices, validate_choice=False), \
                    FieldRule(number, True, allowed=frozenset(code for code, _ in choices))
        case "ordering":
            positions = [("", "\u2013")] + [(str(p), str(p)) for p in range(1, len(entry.choices) + 1)]
            for part, text in enumerate(entry.choices, start=1):
                yield field_name(number, part), SelectField(text, choices=positions, validate_choice=False), \
                    FieldRule(number, True, allowed=frozenset(code for code, _ in positions))
        case "cloze":
            blanks = len(cloze_blanks(item.text))
            word_bank = [("", "Choose a word")] + _choice_list(entry.choices)
            for part in range(1, blanks + 1):
                label = f"Blank {part} of {blanks}"
                if entry.choices:
                    yield field_name(number, part), SelectField(label, choices=word_bank, validate_choice=False), \
                        FieldRule(number, True, allowed=frozenset(code for code, _ in word_bank))
                else:
                    yield field_name(number, part), StringField(label, render_kw=_text_attributes(BLANK_MAX, size=14)), \
                        FieldRule(number, True, max_length=BLANK_MAX)
        case other:
            raise ValueError(f"no form field for item type {other!r}")


def _text_attributes(max_length: int, **extra: Any) -> dict[str, Any]:
    # The blank placeholder lets the stylesheet tell answered boxes from empty ones (progress count).
    return {"maxlength": max_length, "autocomplete": "off", "spellcheck": "false", "placeholder": " ", **extra}


def _typed_length(value: str) -> int:
    # Browsers count a line break as one character for maxlength but send it as CR LF.
    return len(value.replace("\r\n", "\n"))


def find_tampering(formdata: MultiDict, spec: QuizFormSpec, csrf_field: str = "csrf_token") -> str | None:
    """Why ``formdata`` cannot have come from the quiz page, or ``None`` when it could have."""
    unknown = sorted(set(formdata.keys()) - set(spec.rules) - {csrf_field})
    if unknown:
        shown = ", ".join(name[:20] for name in unknown[:3])
        return f"The form has fields this quiz does not have ({shown}). Reload the quiz page and answer there."
    for name, rule in spec.rules.items():
        where = f"question {rule.question}" if rule.question else "the quiz form"
        values = formdata.getlist(name)
        if not values and rule.always_sent:
            return f"The answer field for {where} is missing. Reload the quiz page and answer there."
        if len(values) > 1 and not rule.multiple:
            return f"The answer to {where} was sent more than once."
        if len(set(values)) != len(values):
            return f"A choice for {where} was sent more than once."
        for value in values:
            if "\x00" in value:
                return f"The answer to {where} contains characters that cannot be stored."
            if rule.allowed is not None and value not in rule.allowed:
                return f"The answer to {where} is not one of the choices on the quiz."
            if rule.max_length and _typed_length(value) > rule.max_length:
                return f"The answer to {where} is longer than the {rule.max_length} characters allowed."
    return None


@dataclass(frozen=True)
class ReadAnswers:
    """Responses by item id (in grading's format, ``None`` when unanswered) and problems by question number."""

    responses: dict[str, Any]
    errors: dict[int, list[str]]


def read_answers(form: FlaskForm, spec: QuizFormSpec) -> ReadAnswers:
    """Turn a checked submission into responses; report answers the student must fix."""
    responses: dict[str, Any] = {}
    errors: dict[int, list[str]] = {}
    for question in spec.questions:
        values = [form[name].data for name in question.names]
        response, problem = _response(question.entry, values)
        responses[question.entry.id] = response
        if problem:
            errors[question.entry.number] = [problem]
    return ReadAnswers(responses, errors)


def _by_code(texts: tuple[str, ...], code: str | None) -> str | None:
    codes = {choice_code(index): text for index, text in enumerate(texts)}
    return codes.get(code or "")


def _text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _response(entry: QuizItem, values: list[Any]) -> tuple[Any, str | None]:
    item = entry.item
    match item.type:
        case "single_choice":
            return _by_code(entry.choices, values[0]), None
        case "true_false":
            return {"true": True, "false": False}.get(values[0] or ""), None
        case "multiple_select":
            chosen = [_by_code(entry.choices, code) for code in values[0] or []]
            return [text for text in chosen if text is not None] or None, None
        case "short_answer" | "open_response":
            return _text(values[0]) or None, None
        case "matching":
            chosen = {left: _by_code(entry.rights, code) for left, code in zip(entry.choices, values)}
            return {left: right for left, right in chosen.items() if right is not None} or None, None
        case "cloze":
            typed = [(_by_code(entry.choices, value) or "") if entry.choices else _text(value) for value in values]
            return (typed if any(typed) else None), None
        case "ordering":
            return _ordering_response(entry, values)
    raise ValueError(f"unknown item type {item.type!r}")


def _ordering_response(entry: QuizItem, values: list[str | None]) -> tuple[list[str] | None, str | None]:
    count = len(entry.choices)
    given = [value for value in values if value]
    if not given:
        return None, None
    if len(given) < count:
        return None, f"Give every entry a position from 1 to {count}, or leave them all empty."
    repeated = sorted({value for value in given if given.count(value) > 1}, key=int)
    if repeated:
        return None, f"Use each position once: {', '.join(repeated)} is used more than once."
    return [text for _, text in sorted(zip((int(v) for v in values), entry.choices))], None
