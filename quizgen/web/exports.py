"""The teacher's export download: an assignment's quiz (its own settings and variants) or the lesson's whole bank,
in a format another platform imports (see :mod:`quizgen.exports`).

Route (under ``/teacher``, signed-in teachers only, like every teacher page)
    GET /assignments/<assignment_id>/export   ``?format=qti|moodle|gift|kahoot|quizizz&content=assignment|bank&variants=N``

An assignment that gives the class one shared variant exports that variant;
one with a variant per student exports the first ``variants`` of them, the
same ones its class set prints.  What a format cannot take is listed inside
the file (a notes file, a comment, or a notes sheet).
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField
from wtforms.validators import NumberRange, Optional

from ..exports import export
from ..quiz import build_quiz, derive_seed
from ..storage import teacher_assignment
from .attempts import quiz_options
from .database import db_session
from .forms import _Choice
from .lessons import library
from .teachers import private_pages

bp = Blueprint("exports", __name__, url_prefix="/teacher")
bp.after_request(private_pages)


@bp.before_request
def signed_in_teachers_only():
    """Send anyone but a signed-in teacher to the teachers' sign-in page, as every teacher page does."""
    if current_user.is_authenticated:
        return None
    return redirect(url_for("teachers.sign_in", next=request.full_path.rstrip("?")), 303)


VARIANTS_MAX = 60
FORMAT_CHOICES = [
    ("qti", "QTI 1.2 \u2014 Canvas, Blackboard, D2L, Schoology"),
    ("moodle", "Moodle XML"),
    ("gift", "GIFT \u2014 Moodle"),
    ("kahoot", "Kahoot!"),
    ("quizizz", "Quizizz"),
]


class ExportForm(FlaskForm):
    """What to export (a GET form: it changes nothing)."""

    class Meta:
        csrf = False

    format = SelectField(_l("Format"), choices=[_Choice(v, label) for v, label in FORMAT_CHOICES], default="qti")
    content = RadioField(
        _l("Questions"),
        choices=[
            _Choice("assignment", _l("This assignment's quiz, with its settings and variants")),
            _Choice("bank", _l("Every question of the lesson, for the platform's question bank")),
        ],
        default="assignment",
    )
    variants = IntegerField(
        _l("Variants"),
        default=1,
        validators=[
            Optional(),
            NumberRange(1, VARIANTS_MAX, message=_l("Export between %(min)s and %(max)s variants.")),
        ],
        render_kw={"min": 1, "max": VARIANTS_MAX, "inputmode": "numeric"},
    )


@bp.app_context_processor
def export_form_factory():
    """Lets the assignment page build the export form (``export_form()``) without the teachers view knowing it."""
    return {"export_form": lambda: ExportForm(formdata=None)}


@bp.get("/assignments/<assignment_id>/export")
def download(assignment_id: str):
    """The export file, as an attachment."""
    assignment = teacher_assignment(db_session(), current_user.id, assignment_id)
    if assignment is None:
        abort(404, _("There is no assignment with this address among your classes."))
    entry = library().get(assignment.lesson_id)
    if entry is None:
        abort(404, _("The lesson of this assignment is no longer in the lessons folder."))
    form = ExportForm(formdata=request.args)
    if not form.validate():
        abort(400, next(iter(form.errors.values()))[0])
    if form.content.data == "bank":
        exported = export(entry.lesson, form.format.data, bank=entry.bank)
    else:
        options = quiz_options(assignment.options)
        if assignment.variant_mode == "shared":
            seeds = [assignment.class_seed]
        else:
            seeds = [derive_seed(assignment.class_seed, index) for index in range(form.variants.data or 1)]
        quizzes = [build_quiz(entry.lesson, seed, options, bank=entry.bank) for seed in seeds]
        exported = export(entry.lesson, form.format.data, quizzes=quizzes)
    response = Response(exported.data, mimetype=exported.mimetype)
    filename = re.sub(r"[^A-Za-z0-9.-]+", "-", exported.filename)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
