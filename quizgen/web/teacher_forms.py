"""The teacher forms (Flask-WTF): sign-in, classes, assignment settings, marking and printing.

Every POST form carries Flask-WTF's CSRF token; the answer-key download is a
GET form without one (it changes nothing).  Forms that depend on a lesson
(topic counts) or on stored answers (marks) are built per request by a
function that returns a form class.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    Field,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..labels import N_
from ..quiz import seed_from_code
from .auth import EMAIL_MAX, PASSWORD_MAX
from .forms import NAME_MAX, NO_CONTROL_CHARACTERS, _Choice

CLASS_NAME_MAX = 60
ATTEMPTS_MAX = 20
CLASS_SET_MAX = 60
PAGE_SIZE_CHOICES = (("A4", N_("A4")), ("Letter", N_("US Letter")))
VARIANT_MODE_CHOICES = (
    ("per-student", N_("A different variant for each student (harder to copy)")),
    ("shared", N_("One shared variant for the whole class (easier to go through together)")),
)
FEEDBACK_CHOICES = (
    ("immediate", N_("Right after they submit")),
    ("after-close", N_("Only after the close date (students see \u201csubmitted\u201d until then)")),
)
KEYS_CHOICES = (
    ("grids", N_("Worksheets, then a roster, an answer grid per student and one key of every question")),
    ("full", N_("Worksheets, then a full answer key and answer grid for each student")),
    ("none", N_("Worksheets only")),
)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _choices(pairs) -> list:
    return [_Choice(value, _l(label)) for value, label in pairs]


class SignInForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(
        _l("E-mail address"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=EMAIL_MAX, message=_l("Use at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "username", "maxlength": EMAIL_MAX, "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(max=PASSWORD_MAX, message=_l("Use at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "current-password", "maxlength": PASSWORD_MAX},
    )


class SignOutForm(FlaskForm):
    """The sign-out button (a POST with a CSRF token, so another site cannot sign a teacher out)."""


class ClassForm(FlaskForm):
    """A new class."""

    name = StringField(
        _l("Class name"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Give the class a name, for example \u201c8B English\u201d.")),
            Length(max=CLASS_NAME_MAX, message=_l("Use at most %(max)d characters.")),
            Regexp(NO_CONTROL_CHARACTERS, message=_l("Use letters, digits, spaces and punctuation only.")),
        ],
        render_kw={"maxlength": CLASS_NAME_MAX, "autocomplete": "off"},
    )


@dataclass(frozen=True)
class TopicField:
    """A per-topic count field of the assignment form."""

    name: str
    topic: str
    available: int


def assignment_form_class(topics: dict[str, int], bank_size: int) -> tuple[type[FlaskForm], list[TopicField]]:
    """The settings form for assigning a lesson whose bank has ``topics`` (topic -> items) and ``bank_size`` items."""
    topic_fields = [
        TopicField(f"topic_{index}", topic, available)
        for index, (topic, available) in enumerate(sorted(topics.items()), start=1)
    ]
    fields = {
        "count": IntegerField(
            _l("Number of questions"),
            validators=[
                Optional(),
                NumberRange(1, bank_size, message=_l("Choose between %(min)s and %(max)s questions.")),
            ],
            render_kw={"min": 1, "max": bank_size, "inputmode": "numeric"},
        ),
        "variant_mode": RadioField(
            _l("Variants"),
            choices=_choices(VARIANT_MODE_CHOICES),
            default="per-student",
            validators=[InputRequired(_l("Choose how variants are given out."))],
        ),
        "attempts_allowed": IntegerField(
            _l("Attempts allowed per student"),
            default=1,
            validators=[
                InputRequired(_l("Say how many attempts each student may make.")),
                NumberRange(1, ATTEMPTS_MAX, message=_l("Allow between %(min)s and %(max)s attempts.")),
            ],
            render_kw={"min": 1, "max": ATTEMPTS_MAX, "inputmode": "numeric"},
        ),
        "feedback": RadioField(
            _l("Students see their results"),
            choices=_choices(FEEDBACK_CHOICES),
            default="immediate",
            validators=[InputRequired(_l("Choose when students see their results."))],
        ),
        # invalid_value_message is WTForms 3.1+; the stubs predate it.
        "closes_at": DateTimeLocalField(  # type: ignore[call-arg]
            _l("Close date (optional)"),
            format=DATETIME_FORMATS,
            validators=[Optional()],
            invalid_value_message=_l("Enter a date and time, for example 2025-06-30 15:00."),
        ),
    }
    for topic_field in topic_fields:
        fields[topic_field.name] = IntegerField(
            topic_field.topic.replace("-", " ").capitalize(),
            validators=[
                Optional(),
                NumberRange(0, topic_field.available, message=(_l("This lesson has %(max)s questions on this topic."))),
            ],
            render_kw={"min": 0, "max": topic_field.available, "inputmode": "numeric"},
        )
    return type("AssignmentForm", (FlaskForm,), fields), topic_fields


class AnswerKeyForm(FlaskForm):
    """Which variant's key to print (a GET form: it changes nothing)."""

    class Meta:
        csrf = False

    variant = StringField(
        _l("Variant code"),
        filters=[_strip],
        validators=[DataRequired(_l("Enter a variant code, for example K7Q2-M9XD.")), Length(max=20)],
        render_kw={"maxlength": 20, "autocomplete": "off", "spellcheck": "false"},
    )
    page_size = SelectField(_l("Paper"), choices=_choices(PAGE_SIZE_CHOICES), default="A4")

    def validate_variant(self, field) -> None:
        try:
            seed_from_code(field.data or "")
        except ValueError as error:
            raise ValidationError(f"{error}.") from None


def _names(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ClassSetForm(FlaskForm):
    """One named worksheet per student, with keys."""

    names = TextAreaField(
        _l("Student names, one per line"),
        filters=[lambda v: v.replace("\r\n", "\n") if v else v],
        validators=[Length(max=CLASS_SET_MAX * (NAME_MAX + 1), message=_l("The list of names is too long."))],
        render_kw={"rows": 8, "spellcheck": "false"},
    )
    copies = IntegerField(
        _l("Or, without names: number of worksheets"),
        validators=[
            Optional(),
            NumberRange(1, CLASS_SET_MAX, message=_l("Print between %(min)s and %(max)s worksheets.")),
        ],
        render_kw={"min": 1, "max": CLASS_SET_MAX, "inputmode": "numeric"},
    )
    keys = RadioField(_l("What to print"), choices=_choices(KEYS_CHOICES), default="grids")
    odd_pages = BooleanField(_l("Start each worksheet on an odd page (for double-sided printing)"))
    used_variants = BooleanField(
        _l("Print the variant each student used online (for every student who started; the names above are ignored)")
    )
    page_size = SelectField(_l("Paper"), choices=_choices(PAGE_SIZE_CHOICES), default="A4")

    @property
    def name_list(self) -> list[str]:
        """The names typed, one per non-empty line."""
        return _names(self.names.data)

    def validate_names(self, field) -> None:
        names = _names(field.data)
        if len(names) > CLASS_SET_MAX:
            raise ValidationError(
                _(
                    "A class set has at most %(max)s worksheets; %(count)s names were given.",
                    max=CLASS_SET_MAX,
                    count=len(names),
                )
            )
        long = [name for name in names if len(name) > NAME_MAX]
        if long:
            raise ValidationError(
                _(
                    "Names have at most %(max)s characters: \u201c%(name)s\u2026\u201d is longer.",
                    max=NAME_MAX,
                    name=long[0][:NAME_MAX],
                )
            )
        if any(ch < " " or ch == "\x7f" for name in names for ch in name):
            raise ValidationError(_("Use letters, digits, spaces and punctuation only."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.name_list and not self.copies.data and not self.used_variants.data:
            self.copies.errors = [
                *self.copies.errors,
                _("Type the students' names, or say how many worksheets to print."),
            ]
            return False
        return valid


@dataclass(frozen=True)
class MarkSlot:
    """One open response to mark: which attempt and item, and its form field."""

    name: str
    attempt_id: int
    attempt_public_id: str
    item_id: str


def mark_field_name(attempt_public_id: str, item_id: str) -> str:
    """A stable field name for one attempt's answer to one item (no database id in the page)."""
    return "m_" + hashlib.sha256(f"{attempt_public_id}/{item_id}".encode()).hexdigest()[:16]


NOT_MARKED = ""
COMMENT_MAX = 2000


def marking_form_class(slots: list[MarkSlot], levels: dict[str, list[int]]) -> type[FlaskForm]:
    """One radio group per open response; ``levels`` gives each item's rubric points, best first."""
    fields: dict[str, Field] = {}
    for slot in slots:
        choices = [
            _Choice(str(points), ngettext("%(num)s point", "%(num)s points", points)) for points in levels[slot.item_id]
        ]
        choices.append(_Choice(NOT_MARKED, _("Not marked yet")))
        fields[slot.name] = RadioField(_l("Mark"), choices=choices, validate_choice=True, default=NOT_MARKED)
        fields[comment_field_name(slot.name)] = TextAreaField(
            _l("Comment for the student (optional)"),
            validators=[Optional(), Length(max=COMMENT_MAX, message=_l("A comment has at most %(max)s characters."))],
            render_kw={"rows": 2, "maxlength": COMMENT_MAX},
        )
    return type("MarkingForm", (FlaskForm,), fields)


def comment_field_name(mark_field: str) -> str:
    """The comment box that goes with a mark field (``m_…`` → ``c_…``)."""
    return "c" + mark_field[1:]


class ActionForm(FlaskForm):
    """A button that changes something (close, exclude, reset, ...): only the CSRF token."""


class SettingsForm(FlaskForm):
    """An assignment's settings that can change after students started."""

    attempts_allowed = IntegerField(
        _l("Attempts allowed per student"),
        validators=[
            InputRequired(_l("Say how many attempts each student may make.")),
            NumberRange(1, ATTEMPTS_MAX, message=_l("Allow between %(min)s and %(max)s attempts.")),
        ],
        render_kw={"min": 1, "max": ATTEMPTS_MAX, "inputmode": "numeric"},
    )
    feedback = RadioField(
        _l("Students see their results"),
        choices=_choices(FEEDBACK_CHOICES),
        validators=[InputRequired(_l("Choose when students see their results."))],
    )
    # invalid_value_message is WTForms 3.1+; the stubs predate it.
    closes_at = DateTimeLocalField(  # type: ignore[call-arg]
        _l("Close date (leave empty for none; a later date extends the assignment)"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        invalid_value_message=_l("Enter a date and time, for example 2025-06-30 15:00."),
    )
