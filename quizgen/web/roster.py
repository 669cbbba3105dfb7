"""A class's roster and front door, for its teacher.

Routes (under ``/teacher``, signed-in teacher only)
    GET  /classes/<class_id>/roster              the students: approve, rename, merge, remove, new code
    POST /classes/<class_id>/roster              paste names (one a line): their personal codes are shown once
    POST /classes/<class_id>/roster/<student_id> one change to one student (``action``: approve, rename, ...)
    GET  /classes/<class_id>/roster/slips.pdf    a printable slip per student: name, personal code, join link, QR
    GET  /classes/<class_id>/show                full-screen "show to class": the code, the link and a QR code
"""

from __future__ import annotations

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from ..storage import (
    RosterStudent,
    SchoolClass,
    add_roster_students,
    find_roster_student,
    merge_roster_students,
    new_code_for,
    remove_roster_student,
    roster,
    teacher_class,
    update_roster_student,
)
from . import printing
from .database import db_session
from .roster_forms import PasteNamesForm, RosterActionForm
from .teachers import teacher_context

bp = Blueprint("roster", __name__, url_prefix="/teacher")
# The teacher layout's navigation and time helpers, as on every other teacher page.
bp.context_processor(teacher_context)


@bp.before_request
def require_teacher():
    """Only a signed-in teacher; anyone else goes to the sign-in page."""
    if current_user.is_authenticated:
        return None
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("teachers.sign_in", next=target), 303)


@bp.after_request
def private_pages(response):
    """Names and personal codes: never stored by a browser or proxy cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def join_link(school_class: SchoolClass) -> str:
    """The address students open to join: ``<site>/join/<code>`` (``QUIZGEN_BASE_URL`` when set)."""
    return printing.print_options().base_url + url_for("join.class_home", code=school_class.join_code)


def qr_svg(url: str, scale: int = 10) -> Markup:
    """An inline SVG QR code for ``url`` (no script, no external file)."""
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=scale, dark="#000", light="#fff", omitsize=True)
    return Markup(svg)


@bp.get("/classes/<class_id>/roster")
def roster_page(class_id: str):
    """The class's students, with the forms that change them."""
    school_class = _class_or_404(class_id)
    return _roster_page(school_class, PasteNamesForm())


@bp.post("/classes/<class_id>/roster")
def paste_names(class_id: str):
    """Add pasted names (one a line; a repeated name is another student) and show their new codes once."""
    school_class = _class_or_404(class_id)
    form = PasteNamesForm()
    if not form.validate_on_submit():
        return _roster_page(school_class, form), 422
    added = add_roster_students(db_session(), school_class.id, form.name_list(), approved=True)
    flash(ngettext("%(num)s student added.", "%(num)s students added.", len(added)), "success")
    return _roster_page(school_class, PasteNamesForm(formdata=None), new_codes=added)


@bp.post("/classes/<class_id>/roster/<student_id>")
def change_student(class_id: str, student_id: str):
    """Approve, rename, give a new code, merge into another student, or remove."""
    school_class = _class_or_404(class_id)
    db = db_session()
    student = find_roster_student(db, school_class.id, student_id)
    if student is None:
        abort(404, _("This student is no longer on the class roster."))
    form = RosterActionForm()
    if not form.validate_on_submit():
        flash(form.first_error(), "error")
        return redirect(url_for(".roster_page", class_id=class_id), 303)
    action = form.action.data
    if action == "approve":
        update_roster_student(db, student, approved=True)
        flash(_("%(name)s is confirmed.", name=student.name), "success")
    elif action == "rename":
        old = student.name
        update_roster_student(db, student, name=form.new_name.data or old)
        flash(_("%(old)s is now %(new)s.", old=old, new=student.name), "success")
    elif action == "new-code":
        code = new_code_for(db, student)
        flash(
            _("New personal code for %(name)s: %(code)s (the old one no longer works).", name=student.name, code=code),
            "success",
        )
    elif action == "remove":
        remove_roster_student(db, student)
        flash(
            _("%(name)s was removed from the roster; their attempts stay in the results.", name=student.name), "success"
        )
    elif action == "merge":
        keep = find_roster_student(db, school_class.id, form.merge_into.data or "")
        if keep is None or keep.id == student.id:
            flash(_("Choose another student of this class to merge with."), "error")
        else:
            merge_roster_students(db, keep, student)
            flash(
                _("%(name)s was merged into %(keep)s, with their attempts.", name=student.name, keep=keep.name),
                "success",
            )
    return redirect(url_for(".roster_page", class_id=class_id), 303)


@bp.get("/classes/<class_id>/roster/slips.pdf")
def roster_slips(class_id: str):
    """A printable page of slips, one per student: class, join link, QR, name and personal code."""
    school_class = _class_or_404(class_id)
    link = join_link(school_class)
    html = render_template(
        "print/roster_slips.html",
        school_class=school_class,
        students=roster(db_session(), school_class.id),
        link=link,
        qr=Markup(segno.make(link, error="m", micro=False).svg_data_uri(scale=4)),
    )
    data = printing._pdf().render_html(html)
    return printing.pdf_response(data, printing.safe_filename("roster", school_class.join_code))


@bp.get("/classes/<class_id>/show")
def show_to_class(class_id: str):
    """The class code, the join link and its QR code, large, for a projector."""
    school_class = _class_or_404(class_id)
    link = join_link(school_class)
    return render_template("teacher/show.html", school_class=school_class, link=link, qr=qr_svg(link))


def _class_or_404(public_id: str) -> SchoolClass:
    school_class = teacher_class(db_session(), current_user.id, public_id)
    if school_class is None:
        abort(404, _("There is no class with this address among your classes."))
    return school_class


def _roster_page(school_class: SchoolClass, form: PasteNamesForm, new_codes: list[RosterStudent] | None = None):
    students = roster(db_session(), school_class.id)
    return render_template(
        "teacher/roster.html",
        school_class=school_class,
        students=students,
        paste_form=form,
        action_form=RosterActionForm(formdata=None),
        new_codes=new_codes or [],
        link=join_link(school_class),
        problems=[(f"#{form.names.id}", form.names.errors[0])] if form.names.errors else [],
    )
