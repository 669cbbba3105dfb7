"""The teacher forms (Flask-WTF): sign-in, classes, assignment settings, marking and printing.

Every POST form carries Flask-WTF's CSRF token; the answer-key download is a
GET form without one (it changes nothing).  Forms that depend on a lesson
(topic counts) or on stored answers (marks) are built per request by a
function that returns a form class.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..quiz import seed_from_code
from .auth import EMAIL_MAX, PASSWORD_MAX
from .forms import NAME_MAX, NO_CONTROL_CHARACTERS, _Choice

CLASS_NAME_MAX = 60
ATTEMPTS_MAX = 20
CLASS_SET_MAX = 60
PAGE_SIZE_CHOICES = (("A4", "A4"), ("Letter", "US Letter"))
VARIANT_MODE_CHOICES = (
    ("per-student", "A different variant for each student (harder to copy)"),
    ("shared", "One shared variant for the whole class (easier to go through together)"),
)
FEEDBACK_CHOICES = (
    ("immediate", "Right after they submit"),
    ("after-close", "Only after the close date (students see \u201csubmitted\u201d until then)"),
)
KEYS_CHOICES = (
    ("grids", "Worksheets, then a roster, an answer grid per student and one key of every question"),
    ("full", "Worksheets, then a full answer key and answer grid for each student"),
    ("none", "Worksheets only"),
)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _choices(pairs) -> list:
    return [_Choice(value, label) for value, label in pairs]


class SignInForm(FlaskForm):
    """E-mail and password."""

    email = EmailField("E-mail address", filters=[_strip],
                       validators=[DataRequired("Enter your e-mail address."),
                                   Length(max=EMAIL_MAX, message=f"Use at most {EMAIL_MAX} characters.")],
                       render_kw={"autocomplete": "username", "maxlength": EMAIL_MAX, "spellcheck": "false"})
    password = PasswordField("Password", validators=[
        DataRequired("Enter your password."), Length(max=PASSWORD_MAX, message=f"Use at most {PASSWORD_MAX} characters.")],
        render_kw={"autocomplete": "current-password", "maxlength": PASSWORD_MAX})


class SignOutForm(FlaskForm):
    """The sign-out button (a POST with a CSRF token, so another site cannot sign a teacher out)."""


class ClassForm(FlaskForm):
    """A new class."""

    name = StringField("Class name", filters=[_strip], validators=[
        DataRequired("Give the class a name, for example \u201c8B English\u201d."),
        Length(max=CLASS_NAME_MAX, message=f"Use at most {CLASS_NAME_MAX} characters."),
        Regexp(NO_CONTROL_CHARACTERS, message="Use letters, digits, spaces and punctuation only.")],
        render_kw={"maxlength": CLASS_NAME_MAX, "autocomplete": "off"})


@dataclass(frozen=True)
class TopicField:
    """A per-topic count field of the assignment form."""

    name: str
    topic: str
    available: int


def assignment_form_class(topics: dict[str, int], bank_size: int) -> tuple[type[FlaskForm], list[TopicField]]:
    """The settings form for assigning a lesson whose bank has ``topics`` (topic -> items) and ``bank_size`` items."""
    topic_fields = [TopicField(f"topic_{index}", topic, available)
                    for index, (topic, available) in enumerate(sorted(topics.items()), start=1)]
    fields = {
        "count": IntegerField(
            "Number of questions", validators=[
                Optional(), NumberRange(1, bank_size, message=f"Choose between 1 and {bank_size} questions.")],
            render_kw={"min": 1, "max": bank_size, "inputmode": "numeric"}),
        "variant_mode": RadioField("Variants", choices=_choices(VARIANT_MODE_CHOICES), default="per-student",
                                   validators=[InputRequired("Choose how variants are given out.")]),
        "attempts_allowed": IntegerField(
            "Attempts allowed per student", default=1, validators=[
                InputRequired("Say how many attempts each student may make."),
                NumberRange(1, ATTEMPTS_MAX, message=f"Allow between 1 and {ATTEMPTS_MAX} attempts.")],
            render_kw={"min": 1, "max": ATTEMPTS_MAX, "inputmode": "numeric"}),
        "feedback": RadioField("Students see their results", choices=_choices(FEEDBACK_CHOICES), default="immediate",
                               validators=[InputRequired("Choose when students see their results.")]),
        "closes_at": DateTimeLocalField("Close date (optional)", format=DATETIME_FORMATS, validators=[Optional()],
                                        invalid_value_message="Enter a date and time, for example 2025-06-30 15:00."),
    }
    for topic_field in topic_fields:
        fields[topic_field.name] = IntegerField(
            topic_field.topic.replace("-", " ").capitalize(), validators=[Optional(), NumberRange(0, topic_field.available, message=(
                f"This lesson has {topic_field.available} questions on this topic."))],
            render_kw={"min": 0, "max": topic_field.available, "inputmode": "numeric"})
    return type("AssignmentForm", (FlaskForm,), fields), topic_fields


class AnswerKeyForm(FlaskForm):
    """Which variant's key to print (a GET form: it changes nothing)."""

    class Meta:
        csrf = False

    variant = StringField("Variant code", filters=[_strip], validators=[
        DataRequired("Enter a variant code, for example K7Q2-M9XD."), Length(max=20)],
        render_kw={"maxlength": 20, "autocomplete": "off", "spellcheck": "false"})
    page_size = SelectField("Paper", choices=_choices(PAGE_SIZE_CHOICES), default="A4")

    def validate_variant(self, field) -> None:
        try:
            seed_from_code(field.data or "")
        except ValueError as error:
            raise ValidationError(f"{error}.") from None


def _names(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ClassSetForm(FlaskForm):
    """One named worksheet per student, with keys."""

    names = TextAreaField("Student names, one per line", filters=[lambda v: v.replace("\r\n", "\n") if v else v],
                          validators=[Length(max=CLASS_SET_MAX * (NAME_MAX + 1),
                                             message="The list of names is too long.")],
                          render_kw={"rows": 8, "spellcheck": "false"})
    copies = IntegerField("Or, without names: number of worksheets", validators=[
        Optional(), NumberRange(1, CLASS_SET_MAX, message=f"Print between 1 and {CLASS_SET_MAX} worksheets.")],
        render_kw={"min": 1, "max": CLASS_SET_MAX, "inputmode": "numeric"})
    keys = RadioField("What to print", choices=_choices(KEYS_CHOICES), default="grids")
    odd_pages = BooleanField("Start each worksheet on an odd page (for double-sided printing)")
    page_size = SelectField("Paper", choices=_choices(PAGE_SIZE_CHOICES), default="A4")

    @property
    def name_list(self) -> list[str]:
        """The names typed, one per non-empty line."""
        return _names(self.names.data)

    def validate_names(self, field) -> None:
        names = _names(field.data)
        if len(names) > CLASS_SET_MAX:
            raise ValidationError(f"A class set has at most {CLASS_SET_MAX} worksheets; {len(names)} names were given.")
        long = [name for name in names if len(name) > NAME_MAX]
        if long:
            raise ValidationError(f"Names have at most {NAME_MAX} characters: \u201c{long[0][:NAME_MAX]}\u2026\u201d is longer.")
        if any(ch < " " or ch == "\x7f" for name in names for ch in name):
            raise ValidationError("Use letters, digits, spaces and punctuation only.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.name_list and not self.copies.data:
            self.copies.errors = [*self.copies.errors, "Type the students' names, or say how many worksheets to print."]
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


def marking_form_class(slots: list[MarkSlot], levels: dict[str, list[int]]) -> type[FlaskForm]:
    """One radio group per open response; ``levels`` gives each item's rubric points, best first."""
    fields = {}
    for slot in slots:
        choices = [_Choice(str(points), f"{points} {'point' if points == 1 else 'points'}")
                   for points in levels[slot.item_id]]
        choices.append(_Choice(NOT_MARKED, "Not marked yet"))
        fields[slot.name] = RadioField("Mark", choices=choices, validate_choice=True, default=NOT_MARKED)
    return type("MarkingForm", (FlaskForm,), fields)
