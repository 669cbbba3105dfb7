"""The teacher's roster forms: pasting names, and one change to one student."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from .forms import NAME_MAX, NO_CONTROL_CHARACTERS

PASTE_MAX_NAMES = 200
ROSTER_ACTIONS = ("approve", "rename", "new-code", "remove", "merge")


def pasted_names(text: str) -> list[str]:
    """The names in pasted text: one a line (tabs and commas from a spreadsheet too), spacing tidied, blanks left out."""
    names = []
    for line in text.replace("\t", "\n").splitlines():
        name = " ".join(line.split())
        if name:
            names.append(name)
    return names


class PasteNamesForm(FlaskForm):
    """Names pasted from a list or a spreadsheet column."""

    names = TextAreaField(
        _l("Students' names, one a line"),
        validators=[DataRequired(_l("Paste at least one name."))],
        render_kw={"rows": 8},
    )

    def validate_names(self, field) -> None:
        """Each name fits and has no control characters; at most :data:`PASTE_MAX_NAMES` at once."""
        names = pasted_names(field.data or "")
        if not names:
            raise ValidationError(_l("Paste at least one name."))
        if len(names) > PASTE_MAX_NAMES:
            raise ValidationError(_l("Paste at most %(max)s names at once.", max=PASTE_MAX_NAMES))
        too_long = [name for name in names if len(name) > NAME_MAX]
        if too_long:
            raise ValidationError(
                _l(
                    "These names are longer than %(max)s characters: %(names)s",
                    max=NAME_MAX,
                    names=", ".join(too_long[:3]),
                )
            )

    def name_list(self) -> list[str]:
        """The validated names."""
        return pasted_names(self.names.data or "")


class RosterActionForm(FlaskForm):
    """One button of a roster row; ``new_name`` for renaming, ``merge_into`` for merging."""

    action = HiddenField(validators=[DataRequired(), Regexp(r"^(approve|rename|new-code|remove|merge)\Z")])
    new_name = StringField(
        _l("New name"),
        filters=[lambda value: " ".join(value.split()) if isinstance(value, str) else value],
        validators=[
            Optional(),
            Length(max=NAME_MAX, message=_l("Use at most %(max)d characters.")),
            Regexp(NO_CONTROL_CHARACTERS, message=_l("Use letters, digits, spaces and punctuation only.")),
        ],
        render_kw={"maxlength": NAME_MAX},
    )
    merge_into = SelectField(_l("Merge into"), validate_choice=False, validators=[Optional()])

    def validate_new_name(self, field) -> None:
        """Renaming needs a name."""
        if self.action.data == "rename" and not field.data:
            raise ValidationError(_l("Type the new name."))

    def first_error(self) -> str:
        """The first problem, for a flash message."""
        for errors in self.errors.values():
            if errors:
                return str(errors[0])
        return str(_l("The form was changed or damaged. Reload the page and try again."))
