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

import base64
import hashlib
import hmac
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict
from wtforms import Field, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..items import question_type
from ..items.cloze import BLANK_MAX
from ..items.inputs import QuizInput, choice_code, field_name  # noqa: F401 - re-exported
from ..items.open_response import OPEN_RESPONSE_MAX
from ..items.short_answer import SHORT_ANSWER_MAX
from ..labels import N_
from ..labels import gettext as _  # works in a bare Flask app too (tests of single pieces)
from ..quiz import Quiz, QuizItem, seed_from_code
from ..storage import clean_student_name

try:  # WTForms 3.3 deprecates (value, label) tuples in favour of SelectChoice
    # Added in WTForms 3.3, after the stubs were written.
    from wtforms.fields.choices import SelectChoice as _Choice  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - WTForms < 3.3

    def _Choice(value: str, label: str):
        return (value, label)


NAME_MAX = 60
CLASS_CODE_MAX = 20
VARIANT_CODE_MAX = 12
# \Z, not $: "$" would also accept a trailing newline.
START_TOKEN_PATTERN = r"^[A-Za-z0-9_-]{16,64}\Z"
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*\Z"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _clean_name(value: str | None) -> str | None:
    return clean_student_name(value) if isinstance(value, str) else value


def _upper(value: str | None) -> str | None:
    return value.upper() if isinstance(value, str) else value


_START_NONCE_LENGTH = 16  # characters of token_urlsafe(12)


def new_start_token() -> str:
    """A fresh idempotency key for a form that starts an attempt, signed for this browser's session.

    A double-clicked start button sends the form twice before the browser
    has stored the cookie naming the attempt; the signature lets the second
    request see it comes from the same session (:func:`started_in_this_browser`)
    and answer with the same attempt instead of refusing.
    """
    nonce = secrets.token_urlsafe(12)
    return nonce + _start_token_signature(nonce)


def started_in_this_browser(token: str) -> bool:
    """Whether the start token was issued to this browser's session (the same CSRF session secret)."""
    nonce, signature = token[:_START_NONCE_LENGTH], token[_START_NONCE_LENGTH:]
    return len(nonce) == _START_NONCE_LENGTH and hmac.compare_digest(signature, _start_token_signature(nonce))


def _start_token_signature(nonce: str) -> str:
    generate_csrf()  # makes sure this session has its CSRF secret, which the signature binds the token to
    session_secret = str(session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), ""))
    digest = hmac.new(
        str(current_app.secret_key).encode(), f"start:{nonce}:{session_secret}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:32]


def _no_spaces(value: str | None) -> str | None:
    return "".join(value.split()) if isinstance(value, str) else value


def _valid_variant_code(_form, field) -> None:
    try:
        seed_from_code(field.data)
    except ValueError:
        raise ValidationError(
            _l(
                "This is not a variant code. Copy it from the top of your worksheet, "
                "like K7Q2-M9XD, or clear the box to get a new variant."
            )
        ) from None


class StartForm(FlaskForm):
    """Name (or nickname), optional class code, and the variant code of a printed worksheet, on the lesson page.

    The variant code comes from the worksheet's QR code (``?variant=``) and is
    shown to the student; it only names one of the lesson's variants (the
    one printed on their sheet), so choosing it gives no advantage over the
    paper.  An assignment that gives the whole class one variant ignores it.
    """

    student_name = StringField(
        _l("Your name or nickname"),
        filters=[_clean_name],
        validators=[
            DataRequired(_l("Enter your name or a nickname.")),
            Length(max=NAME_MAX, message=_l("Use at most %(max)d characters.")),
            Regexp(NO_CONTROL_CHARACTERS, message=_l("Use letters, digits, spaces and punctuation only.")),
        ],
        render_kw={"maxlength": NAME_MAX, "autocomplete": "nickname"},
    )
    class_code = StringField(
        _l("Class code (optional)"),
        filters=[_no_spaces, _upper],
        validators=[
            Optional(),
            Length(max=CLASS_CODE_MAX, message=_l("Use at most %(max)d characters.")),
            Regexp(r"^[A-Z0-9-]+\Z", message=_l("A class code has only letters, digits and hyphens.")),
        ],
        render_kw={"maxlength": CLASS_CODE_MAX, "autocomplete": "off", "spellcheck": "false"},
    )
    variant_code = StringField(
        _l("Worksheet variant code"),
        filters=[_no_spaces, _upper],
        validators=[
            Optional(),
            Length(max=VARIANT_CODE_MAX, message=_l("A variant code has 8 letters and digits.")),
            _valid_variant_code,
        ],
        render_kw={"maxlength": VARIANT_CODE_MAX, "autocomplete": "off", "spellcheck": "false"},
    )
    start_token = HiddenField(default=new_start_token, validators=[Regexp(START_TOKEN_PATTERN)])


class AnotherVariantForm(FlaskForm):
    """The "try another variant" button on the result page."""

    start_token = HiddenField(default=new_start_token, validators=[Regexp(START_TOKEN_PATTERN)])


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def wtforms_field(quiz_input: QuizInput) -> Field:
    """The WTForms field that reads ``quiz_input`` from a submission."""
    choices = [_Choice(value, label) for value, label in quiz_input.choices]
    match quiz_input.kind:
        case "radio":
            return RadioField(quiz_input.label, choices=choices, validate_choice=False)
        case "checkbox":
            return CheckboxesField(quiz_input.label, choices=choices, validate_choice=False)
        case "select":
            return SelectField(quiz_input.label, choices=choices, validate_choice=False)
        case "textarea":
            return TextAreaField(quiz_input.label)
        case "hidden":
            return HiddenField(quiz_input.label)
        case _:
            return StringField(quiz_input.label)


@dataclass(frozen=True)
class QuestionFields:
    """The inputs of one question, in the order the page shows them."""

    entry: QuizItem
    inputs: tuple[QuizInput, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The inputs' names."""
        return tuple(quiz_input.name for quiz_input in self.inputs)


@dataclass(frozen=True)
class QuizFormSpec:
    """A quiz's questions with their inputs, every input by name, and a form class that reads a submission."""

    quiz: Quiz
    questions: tuple[QuestionFields, ...]
    inputs: Mapping[str, QuizInput]

    @cached_property
    def form_class(self) -> type[FlaskForm]:
        """A Flask-WTF form with one field per input (built on first use: only submissions need it)."""
        fields = {name: wtforms_field(quiz_input) for name, quiz_input in self.inputs.items()}
        return type("QuizForm", (FlaskForm,), fields)


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
    """The inputs of every question of ``quiz`` (and, through them, a form class that reads a submission)."""
    questions = tuple(QuestionFields(entry, tuple(question_type(entry.item).inputs(entry))) for entry in quiz.items)
    inputs = {quiz_input.name: quiz_input for question in questions for quiz_input in question.inputs}
    inputs["seq"] = QuizInput("seq", 0, "hidden", "Sequence number", max_length=9)
    # The page's blank-question check: sent until the student has seen the list once (absent is allowed).
    inputs["check_blank"] = QuizInput("check_blank", 0, "checkbox", "Check for blank questions", (("1", "1"),))
    return QuizFormSpec(quiz, questions, inputs)


def current_values(form: FlaskForm | None, spec: QuizFormSpec) -> dict[str, list[str]]:
    """What each input holds, to draw the page again after a submission (empty for a fresh page)."""
    if form is None:
        return {}
    values = {}
    for name in spec.inputs:
        data = form[name].data
        values[name] = [] if data is None else [str(v) for v in data] if isinstance(data, list) else [str(data)]
    return values


def _typed_length(value: str) -> int:
    # Browsers count a line break as one character for maxlength but send it as CR LF.
    return len(value.replace("\r\n", "\n"))


def find_tampering(formdata: MultiDict, spec: QuizFormSpec, csrf_field: str = "csrf_token") -> str | None:
    """Why ``formdata`` cannot have come from the quiz page, or ``None`` when it could have."""
    unknown = sorted(set(formdata.keys()) - set(spec.inputs) - {csrf_field})
    if unknown:
        shown = ", ".join(name[:20] for name in unknown[:3])
        return _(
            "The form has fields this quiz does not have (%(fields)s). Reload the quiz page and answer there.",
            fields=shown,
        )
    for name, quiz_input in spec.inputs.items():
        where = _("question %(number)s", number=quiz_input.question) if quiz_input.question else _("the quiz form")
        values = formdata.getlist(name)
        if not values and quiz_input.always_sent:
            return _("The answer field for %(where)s is missing. Reload the quiz page and answer there.", where=where)
        if len(values) > 1 and not quiz_input.multiple:
            return _("The answer to %(where)s was sent more than once.", where=where)
        if len(set(values)) != len(values):
            return _("A choice for %(where)s was sent more than once.", where=where)
        for value in values:
            if "\x00" in value:
                return _("The answer to %(where)s contains characters that cannot be stored.", where=where)
            if quiz_input.allowed is not None and value not in quiz_input.allowed:
                return _("The answer to %(where)s is not one of the choices on the quiz.", where=where)
            if quiz_input.max_length and _typed_length(value) > quiz_input.max_length:
                return _(
                    "The answer to %(where)s is longer than the %(max)s characters allowed.",
                    where=where,
                    max=quiz_input.max_length,
                )
    return None


# A draft is stored without building the attempt's quiz (a save must be cheap), so it is checked against what any
# quiz form can hold; :func:`restorable_draft` keeps only the attempt's own inputs when the page is drawn again.
DRAFT_FIELD_NAME = re.compile(r"q[1-9][0-9]{0,3}(?:_[1-9][0-9]{0,2})?\Z")
DRAFT_FIELDS_MAX = 1600  # 200 questions (a lesson's longest quiz) of up to 8 inputs each
DRAFT_VALUES_PER_FIELD_MAX = 26  # the choices of a checkbox question, generously
DRAFT_VALUE_MAX = max(OPEN_RESPONSE_MAX, SHORT_ANSWER_MAX, BLANK_MAX)
DRAFT_CHARACTERS_MAX = 256 * 1024
NOT_DRAFTED = frozenset({"seq", "check_blank"})
TOO_LARGE = N_("The form was too large to accept. Nothing was saved. Shorten your answers and try again.")


@dataclass(frozen=True)
class ReadDraft:
    """The answers a save may store (empty fields left out), or why the request cannot have come from a quiz page."""

    draft: dict[str, list[str]]
    problem: str | None = None


def read_draft(formdata: MultiDict, csrf_field: str = "csrf_token") -> ReadDraft:
    """The answer fields of a save, checked against what any quiz form can hold (names, counts, sizes).

    Nothing here is trusted later: grading reads only a submission, and the
    quiz page restores only the attempt's own inputs (:func:`restorable_draft`).
    """
    draft: dict[str, list[str]] = {}
    characters = 0
    for name in formdata:
        if name in NOT_DRAFTED or name == csrf_field:
            continue
        if not DRAFT_FIELD_NAME.match(name):
            return ReadDraft(
                {},
                _(
                    "The form has fields this quiz does not have (%(fields)s). Reload the quiz page and answer there.",
                    fields=name[:20],
                ),
            )
        values = formdata.getlist(name)
        if len(values) > DRAFT_VALUES_PER_FIELD_MAX:
            return ReadDraft({}, _("The answer to %(where)s was sent more than once.", where=_question_of(name)))
        for value in values:
            if "\x00" in value:
                return ReadDraft(
                    {},
                    _("The answer to %(where)s contains characters that cannot be stored.", where=_question_of(name)),
                )
            if _typed_length(value) > DRAFT_VALUE_MAX:
                return ReadDraft(
                    {},
                    _(
                        "The answer to %(where)s is longer than the %(max)s characters allowed.",
                        where=_question_of(name),
                        max=DRAFT_VALUE_MAX,
                    ),
                )
            characters += len(value)
        if any(values):
            draft[name] = values
    if len(draft) > DRAFT_FIELDS_MAX or characters > DRAFT_CHARACTERS_MAX:
        return ReadDraft({}, _(TOO_LARGE))
    return ReadDraft(draft)


def _question_of(field: str) -> str:
    """``question 7`` for the field ``q7`` or ``q7_2`` (in the page's language)."""
    return _("question %(number)s", number=field[1:].split("_")[0])


def restorable_draft(draft: Mapping[str, Any] | None, spec: QuizFormSpec) -> dict[str, list[str]]:
    """The saved draft as the quiz page's input values: only this variant's answer inputs, with values it can hold.

    A choice keeps only the variant's own position codes (once each), a
    single-valued input its first value, and typed text within the input's
    length; anything else in the stored draft is left out.
    """
    restored: dict[str, list[str]] = {}
    for name, stored in (draft or {}).items():
        quiz_input = spec.inputs.get(name)
        if quiz_input is None or name in NOT_DRAFTED or not isinstance(stored, list):
            continue
        values = [value for value in stored if isinstance(value, str) and "\x00" not in value]
        if quiz_input.allowed is not None:
            values = list(dict.fromkeys(value for value in values if value in quiz_input.allowed))
        elif quiz_input.max_length:
            values = [value for value in values if _typed_length(value) <= quiz_input.max_length]
        if not quiz_input.multiple:
            values = values[:1]
        if values:
            restored[name] = values
    return restored


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
        response, problem = question_type(question.entry.item).response(question.entry, values)
        responses[question.entry.id] = response
        if problem:
            errors[question.entry.number] = [problem]
    return ReadAnswers(responses, errors)
