"""Teacher pages for one student and the whole class, and the buttons that change attempts and assignments.

Routes (on the teachers blueprint, so under ``/teacher`` and signed in)
    GET       /assignments/<id>/students/<student>        one student's attempts: every answer, mark and comment
    POST      /assignments/<id>/students/<student>/another-attempt   one more attempt than the assignment allows
    GET       /assignments/<id>/grid                      student x question grid (``?rule=first|best|latest``)
    GET       /assignments/<id>/gradebook.csv             one row per student under the attempt rule
    POST      /assignments/<id>/attempts/<attempt>/<action>   exclude, include, reset or delete an attempt
    POST      /assignments/<id>/close                     close now
    GET  POST /assignments/<id>/settings                  attempts, results, close date (extend), archive

Every change is a POST with the CSRF token and ends in a redirect with a
message saying what happened; a student or attempt that is not part of the
assignment is a 404, like an assignment of another teacher.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..feedback import key_lines
from ..scores import score_of
from ..storage import (
    Assignment,
    assignment_attempt_rows,
    assignment_response_rows,
    extra_attempts,
    student_counts,
    utc_now,
)
from ..teacher_control import (
    SettingsChange,
    allow_another_attempt,
    delete_attempt,
    reset_attempt,
    set_archived,
    set_close_date,
    set_excluded,
    update_settings,
)
from . import printing
from .classes import time_zone
from .database import db_session
from .gradebook import ATTEMPT_RULES, RULE_LABELS, attempt_rule, class_grid, gradebook_csv
from .results import answer_lines
from .teacher_forms import ActionForm, SettingsForm
from .teachers import _assignment_or_404, _entry_or_404, _utc, bp

ATTEMPT_ACTIONS = ("exclude", "include", "reset", "delete")


# What werkzeug's path converter leaves unescaped in a URL path (``BaseConverter.to_url``).
PATH_SAFE = "!$&'()*+,/:;=@"


def student_url(assignment: Assignment, key: str) -> str:
    """The per-student page of the student with this key (what ``url_for`` builds, its start built once a request).

    A results page links every student: building each link from the route
    cost more than the rest of its row.
    """
    starts = g.setdefault("student_url_starts", {})
    start = starts.get(assignment.public_id)
    if start is None:
        start = url_for("teachers.student_page", assignment_id=assignment.public_id, student="-")[:-1]
        starts[assignment.public_id] = start
    return start + quote(key, safe=PATH_SAFE)


@bp.app_template_global()
def teacher_student_url(assignment: Assignment, key: str) -> str:
    """:func:`student_url` for templates."""
    return student_url(assignment, key)


@bp.get("/assignments/<assignment_id>/students/<path:student>")
def student_page(assignment_id: str, student: str):
    """One student's attempts, newest first, with every answer, its points, the key and the teacher's comment."""
    assignment = _assignment_or_404(assignment_id)
    entry = _entry_or_404(assignment)
    db = db_session()
    attempts = assignment_attempt_rows(db, assignment.id, student)
    if not attempts:
        abort(404, _("No student with this name has started this assignment."))
    items = {item.id: item for item in entry.bank}
    by_attempt: dict[int, list] = {}
    for row in assignment_response_rows(db, assignment.id, attempt_ids=[attempt.id for attempt in attempts]):
        by_attempt.setdefault(row.attempt_id, []).append(row)
    shown = []
    for attempt in sorted(attempts, key=lambda a: a.number, reverse=True):
        rows = by_attempt.get(attempt.id, [])
        answers = [
            (
                row,
                items.get(row.item_id),
                answer_lines(items[row.item_id], row.response) if row.item_id in items else [],
                key_lines(items[row.item_id]) if row.item_id in items else [],
            )
            for row in rows
        ]
        shown.append((attempt, score_of((r.points, r.max_points, r.status) for r in rows), answers))
    allowed = assignment.attempts_allowed + extra_attempts(db, assignment.id, student)
    return render_template(
        "teacher/student.html",
        assignment=assignment,
        school_class=assignment.school_class,
        lesson=entry.lesson,
        student_name=attempts[-1].student_name,
        student_key=student,
        attempts=shown,
        submitted=sum(attempt.submitted_at is not None for attempt in attempts),
        in_progress=sum(attempt.submitted_at is None for attempt in attempts),
        allowed=allowed,
        action_form=ActionForm(),
    )


@bp.post("/assignments/<assignment_id>/students/<path:student>/another-attempt")
def another_attempt(assignment_id: str, student: str):
    """Let the student start one more attempt."""
    assignment = _assignment_or_404(assignment_id)
    _check_action_form()
    db = db_session()
    rows = assignment_attempt_rows(db, assignment.id, student)
    if not rows:
        abort(404, _("No student with this name has started this assignment."))
    extra = allow_another_attempt(db, assignment.id, student)
    flash(
        _(
            "%(name)s may now make %(count)s attempts in all.",
            name=rows[-1].student_name,
            count=assignment.attempts_allowed + extra,
        ),
        "success",
    )
    return redirect(student_url(assignment, student), 303)


@bp.post("/assignments/<assignment_id>/attempts/<attempt_id>/<action>")
def attempt_action(assignment_id: str, attempt_id: str, action: str):
    """Exclude (or include again), reset or delete one attempt of the assignment."""
    assignment = _assignment_or_404(assignment_id)
    if action not in ATTEMPT_ACTIONS:
        abort(404, _("There is no such action on an attempt."))
    _check_action_form()
    db = db_session()
    attempt = next((row for row in assignment_attempt_rows(db, assignment.id) if row.public_id == attempt_id), None)
    if attempt is None:
        abort(404, _("There is no attempt with this address in this assignment."))
    match action:
        case "exclude":
            set_excluded(db, assignment.id, attempt_id, True)
            message = _(
                "The attempt of %(name)s is excluded: it no longer counts in the statistics, the gradebook, "
                "the counts or the class set.",
                name=attempt.student_name,
            )
        case "include":
            set_excluded(db, assignment.id, attempt_id, False)
            message = _("The attempt of %(name)s counts again.", name=attempt.student_name)
        case "reset":
            reset_attempt(db, assignment.id, attempt_id)
            message = _(
                "The attempt of %(name)s is open again with no answers, on the same questions.",
                name=attempt.student_name,
            )
        case _:
            delete_attempt(db, assignment.id, attempt_id)
            flash(_("The attempt of %(name)s is deleted.", name=attempt.student_name), "success")
            remaining = any(
                row.student_key == attempt.student_key for row in assignment_attempt_rows(db, assignment.id)
            )
            if not remaining:
                return redirect(url_for("teachers.assignment_page", assignment_id=assignment.public_id), 303)
            return redirect(student_url(assignment, attempt.student_key), 303)
    flash(message, "success")
    return redirect(student_url(assignment, attempt.student_key), 303)


@bp.get("/assignments/<assignment_id>/grid")
def grid(assignment_id: str):
    """Every student's counted attempt against every question: colour plus a mark that reads without it."""
    assignment = _assignment_or_404(assignment_id)
    entry = _entry_or_404(assignment)
    db = db_session()
    rule = attempt_rule(request.args.get("rule"))
    columns, rows = class_grid(
        entry.bank,
        assignment_attempt_rows(db, assignment.id),
        assignment_response_rows(db, assignment.id, with_answers=False),
        rule,
    )
    return render_template(
        "teacher/grid.html",
        assignment=assignment,
        school_class=assignment.school_class,
        lesson=entry.lesson,
        columns=columns,
        rows=rows,
        rule=rule,
        rules=[(name, RULE_LABELS[name]) for name in ATTEMPT_RULES],
    )


@bp.get("/assignments/<assignment_id>/gradebook.csv")
def gradebook(assignment_id: str):
    """One row per student (score, max, %, per-topic %, submitted time) under the chosen attempt rule."""
    assignment = _assignment_or_404(assignment_id)
    entry = _entry_or_404(assignment)
    db = db_session()
    rule = attempt_rule(request.args.get("rule"))
    text = gradebook_csv(
        assignment.school_class.name,
        assignment.lesson_id,
        entry.bank,
        assignment_attempt_rows(db, assignment.id),
        assignment_response_rows(db, assignment.id, with_answers=False),
        rule,
    )
    response = make_response(text.encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    stem = printing.safe_filename(entry.lesson.id, f"gradebook-{rule}", utc_now().strftime("%Y%m%d"))
    response.headers["Content-Disposition"] = f'attachment; filename="{stem.removesuffix(".pdf")}.csv"'
    return response


@bp.post("/assignments/<assignment_id>/close")
def close_now(assignment_id: str):
    """Close the assignment at once: no new attempts; results held until closing are released."""
    assignment = _assignment_or_404(assignment_id)
    _check_action_form()
    set_close_date(db_session(), assignment.id, utc_now())
    flash(
        _("The assignment is closed: no new attempts can start. Extend it in the settings to open it again."), "success"
    )
    return redirect(url_for("teachers.assignment_page", assignment_id=assignment.public_id), 303)


@bp.route("/assignments/<assignment_id>/settings", methods=["GET", "POST"])
def settings(assignment_id: str):
    """Edit attempts allowed, when results appear and the close date (to extend); archive or restore."""
    assignment = _assignment_or_404(assignment_id)
    entry = _entry_or_404(assignment)
    db = db_session()
    counts = student_counts(db, [assignment.id])[assignment.id]
    form = SettingsForm(
        data=None
        if request.method == "POST"
        else {
            "attempts_allowed": assignment.attempts_allowed,
            "feedback": assignment.feedback,
            "closes_at": _local_naive(assignment),
        }
    )
    if request.method == "POST" and request.form.get("archive") in ("archive", "restore"):
        _check_action_form()
        archiving = request.form["archive"] == "archive"
        set_archived(db, assignment.id, archiving)
        flash(
            _("The assignment is archived: it is closed and listed apart on the class page; its results stay.")
            if archiving
            else _("The assignment is back from the archive."),
            "success",
        )
        return redirect(url_for("teachers.assignment_page", assignment_id=assignment.public_id), 303)
    if form.validate_on_submit():
        closes_at = _utc(form.closes_at.data)
        if form.feedback.data == "after-close" and closes_at is None:
            form.closes_at.errors = [
                *form.closes_at.errors,
                _("Give a close date: results are released to students then."),
            ]
        else:
            change = SettingsChange(form.attempts_allowed.data or 1, form.feedback.data or "immediate", closes_at)
            update_settings(db, assignment.id, change, students_started=counts.students > 0)
            flash(
                _(
                    "Settings saved. %(count)s students had already started: the new settings apply to them "
                    "from now on (attempts left, when results appear, the close date).",
                    count=counts.students,
                )
                if counts.students
                else _("Settings saved."),
                "success",
            )
            return redirect(url_for("teachers.assignment_page", assignment_id=assignment.public_id), 303)
    fields = (form.attempts_allowed, form.feedback, form.closes_at)
    problems = [(f"#{field.id}", field.errors[0]) for field in fields if field.errors]
    status = 422 if request.method == "POST" else 200
    return render_template(
        "teacher/settings.html",
        assignment=assignment,
        school_class=assignment.school_class,
        lesson=entry.lesson,
        form=form,
        problems=problems,
        counts=counts,
        action_form=ActionForm(),
    ), status


def _check_action_form() -> None:
    if not ActionForm().validate_on_submit():
        abort(400, _("The form was changed or has expired. Reload the page and try again."))


def _local_naive(assignment: Assignment) -> datetime | None:
    """The close date as the form shows it: in the site's zone, without one."""
    if assignment.closes_at is None:
        return None
    return assignment.closes_at.astimezone(time_zone()).replace(tzinfo=None)
