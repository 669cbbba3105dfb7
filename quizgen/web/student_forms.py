"""Forms of the class front door: the class code, the student's name and personal code, the start button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from ..storage import PERSONAL_CODE_LENGTH
from .forms import CLASS_CODE_MAX, NAME_MAX, NO_CONTROL_CHARACTERS, START_TOKEN_PATTERN, new_start_token


def _strip(value: str | None) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else value


def _code(value: str | None) -> str | None:
    return "".join(value.split()).replace("-", "").upper() if isinstance(value, str) else value


class JoinCodeForm(FlaskForm):
    """The class code box on ``/join`` (a GET form: nothing is stored)."""

    code = StringField(
        _l("Class code"),
        filters=[_code],
        validators=[
            DataRequired(_l("Enter the class code your teacher gave you.")),
            Length(max=CLASS_CODE_MAX, message=_l("Use at most %(max)d characters.")),
            Regexp(r"^[A-Z0-9]*\Z", message=_l("A class code has only letters, digits and hyphens.")),
        ],
        render_kw={"maxlength": CLASS_CODE_MAX, "autocomplete": "off", "spellcheck": "false"},
    )


class ProveForm(FlaskForm):
    """A student on the roster: their name (from the list) and their personal code."""

    # Any name is accepted: a wrong one fails together with the code, without saying which was wrong.
    name = SelectField(
        _l("Your name"), validators=[DataRequired(_l("Choose your name from the list."))], validate_choice=False
    )
    code = StringField(
        _l("Your personal code"),
        filters=[_code],
        validators=[
            DataRequired(_l("Enter your personal code.")),
            Length(max=12, message=_l("Use at most %(max)d characters.")),
        ],
        render_kw={
            "maxlength": 12,
            "autocomplete": "off",
            "spellcheck": "false",
            "autocapitalize": "characters",
            "size": PERSONAL_CODE_LENGTH + 4,
        },
    )


class NewStudentForm(FlaskForm):
    """A student's first visit: the name the teacher will see."""

    new_name = StringField(
        _l("Your name"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=NAME_MAX, message=_l("Use at most %(max)d characters.")),
            Regexp(NO_CONTROL_CHARACTERS, message=_l("Use letters, digits, spaces and punctuation only.")),
        ],
        render_kw={"maxlength": NAME_MAX, "autocomplete": "name"},
    )


class StudentActionForm(FlaskForm):
    """A button on the class page (start, continue, not you): the CSRF token and a start token."""

    start_token = HiddenField(default=new_start_token, validators=[Regexp(START_TOKEN_PATTERN)])
