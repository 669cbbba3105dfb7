"""The class front door for students: the class code, who you are (name and personal code), the assignments.

Routes
    GET  /join                                   type the class code (``?code=`` goes on to the class)
    GET  /join/<code>                            pick your name and give your personal code, or join as new;
                                                 once known: the class's assignments with their real settings,
                                                 your attempts and results
    POST /join/<code>/me                         prove who you are (name + personal code)
    POST /join/<code>/new                        join the roster (first visit): your personal code is shown once
    POST /join/<code>/leave                      "not you?": this browser forgets you
    POST /join/<code>/start/<assignment_id>      continue your open attempt, or start one

A student proven here can open their attempts from any browser: the signed
session keeps the roster key (``r:<id>``), the same key their attempts are
counted under, so two students with one name stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..library import LessonEntry
from ..storage import (
    Assignment,
    Attempt,
    AttemptsUsedUp,
    RosterStudent,
    SchoolClass,
    add_roster_students,
    attempts_by_student,
    class_assignments,
    extra_attempts_by_assignment,
    find_class_by_join_code,
    normalize_join_code,
    prove_roster_student,
    roster,
    student_attempts_in_class,
)
from .attempts import forget_student, proven_students, remember_attempt, remember_student, start_attempt
from .classes import assignment_options, local_time, seed_for
from .database import db_session
from .errors import render_error
from .lessons import library, question_count
from .limits import (
    class_code_refusal,
    count_wrong_class_code,
    count_wrong_personal_code,
    personal_code_refusal,
)
from .student_forms import JoinCodeForm, NewStudentForm, ProveForm, StudentActionForm

bp = Blueprint("join", __name__, url_prefix="/join")


@dataclass(frozen=True)
class AssignmentCard:
    """One assignment as the class page shows it to a student."""

    assignment: Assignment
    entry: LessonEntry
    questions: int
    attempts: list[Attempt]
    submitted: int
    # Attempts the teacher allowed this student beyond the assignment's own number.
    extra: int = 0

    @property
    def attempts_left(self) -> int:
        """How many more attempts the student may submit (started and unsubmitted ones do not count)."""
        return max(0, self.assignment.attempts_allowed + self.extra - self.submitted)

    @property
    def open_attempt(self) -> Attempt | None:
        """The attempt the student started and has not submitted, if any."""
        return next((attempt for attempt in reversed(self.attempts) if not attempt.is_submitted), None)

    @property
    def can_start(self) -> bool:
        """Whether a button starts or continues an attempt."""
        return not self.assignment.is_closed() and (self.open_attempt is not None or self.attempts_left > 0)


@bp.get("")
def enter_code():
    """The class code box; a typed code goes on to the class page."""
    form = JoinCodeForm(request.args, meta={"csrf": False})
    if request.args and form.validate():
        refusal = class_code_refusal()
        if refusal is not None:
            return refusal.response()
        school_class = find_class_by_join_code(db_session(), form.code.data or "")
        if school_class is not None:
            return redirect(url_for(".class_home", code=school_class.join_code), 303)
        count_wrong_class_code()
        form.code.errors = [
            _(
                "No class has the code \u201c%(code)s\u201d. Check the code your teacher gave you "
                "(six letters and digits, like K7Q-M2X).",
                code=(form.code.data or "")[:20],
            )
        ]
    status = 422 if form.code.errors else 200
    return render_template("join/code.html", form=form, problems=_problems(form)), status


@bp.get("/<code>")
def class_home(code: str):
    """Who are you (for a new browser), or your assignments (once you have shown your personal code)."""
    school_class = _class_or_404(code)
    student = _current_student(school_class)
    if student is None:
        return _identify_page(school_class, ProveForm(), NewStudentForm())
    return _home_page(school_class, student)


@bp.post("/<code>/me")
def prove(code: str):
    """Check the name and personal code; this browser then opens the student's work."""
    school_class = _class_or_404(code)
    form = ProveForm()
    if form.validate_on_submit():
        name = form.name.data or ""
        refusal = personal_code_refusal(school_class.id, name)
        if refusal is not None:
            return refusal.response()
        student = prove_roster_student(db_session(), school_class.id, name, form.code.data or "")
        if student is not None:
            remember_student(student.key)
            return redirect(url_for(".class_home", code=school_class.join_code), 303)
        count_wrong_personal_code(school_class.id, name)
        form.code.errors = [
            _("This name and personal code do not match. Check the code on your slip, or ask your teacher for it.")
        ]
    return _identify_page(school_class, form, NewStudentForm()), 422


@bp.post("/<code>/new")
def join_new(code: str):
    """Add the student to the roster and show their personal code, once."""
    school_class = _class_or_404(code)
    form = NewStudentForm()
    if not form.validate_on_submit():
        return _identify_page(school_class, ProveForm(), form), 422
    (student,) = add_roster_students(db_session(), school_class.id, [form.new_name.data or ""], approved=False)
    remember_student(student.key)
    return render_template("join/welcome.html", school_class=school_class, student=student)


@bp.post("/<code>/leave")
def leave(code: str):
    """This browser forgets the student (on a shared computer, or the wrong name)."""
    school_class = _class_or_404(code)
    if not StudentActionForm().validate_on_submit():
        abort(400, _("The form was changed or damaged. Reload the page and try again."))
    student = _current_student(school_class)
    if student is not None:
        forget_student(student.key)
    return redirect(url_for(".class_home", code=school_class.join_code), 303)


@bp.post("/<code>/start/<assignment_id>")
def start(code: str, assignment_id: str):
    """Continue the student's open attempt at the assignment, or start a new one if they have attempts left."""
    school_class = _class_or_404(code)
    student = _current_student(school_class)
    form = StudentActionForm()
    if not form.validate_on_submit():
        abort(400, _("The form was changed or damaged. Reload the page and try again."))
    if student is None:
        return redirect(url_for(".class_home", code=school_class.join_code), 303)
    card = next(
        (card for card in _cards(school_class, student) if card.assignment.public_id == assignment_id),
        None,
    )
    if card is None:
        abort(404, _("Your class has no such assignment. Go back to your class page."))
    back = (url_for(".class_home", code=school_class.join_code), _("Back to your class"))
    if card.open_attempt is not None:
        remember_attempt(card.open_attempt.public_id)
        return redirect(url_for("students.quiz", attempt_id=card.open_attempt.public_id), 303)
    if card.assignment.is_closed():
        return render_error(
            409,
            _("Assignment closed"),
            _("This assignment closed on %(time)s.", time=local_time(card.assignment.closes_at)),
            link=back,
        )
    # The server alone picks the variant, never one this student has already seen (and whose key they may know).
    seen = {earlier.seed for earlier in attempts_by_student(db_session(), card.assignment.id, student.key)}
    try:
        attempt, _created = start_attempt(
            card.entry,
            student.name,
            school_class.join_code,
            form.start_token.data or "",
            assignment_options(card.assignment),
            seed=seed_for(card.assignment, seen),
            assignment=card.assignment,
            key=student.key,
        )
    except AttemptsUsedUp:
        return render_error(409, _("No attempts left"), _("You have used every attempt at this assignment."), link=back)
    remember_attempt(attempt.public_id)
    return redirect(url_for("students.quiz", attempt_id=attempt.public_id), 303)


def _class_or_404(code: str) -> SchoolClass:
    # Every class page is a way to guess codes: a guess is counted and throttled like one typed in a box.
    refusal = class_code_refusal()
    if refusal is not None:
        abort(make_response(refusal.response()))
    school_class = find_class_by_join_code(db_session(), code)
    if school_class is None:
        count_wrong_class_code()
        abort(
            404,
            _(
                "No class has the code \u201c%(code)s\u201d. Check the code your teacher gave you "
                "(six letters and digits, like K7Q-M2X).",
                code=code[:20],
            ),
        )
    if normalize_join_code(code) != code:
        abort(redirect(url_for(".class_home", code=school_class.join_code), 308))
    return school_class


def _current_student(school_class: SchoolClass) -> RosterStudent | None:
    """The roster student of this class that this browser has proven to be, if any."""
    known = set(proven_students())
    if not known:
        return None
    return next((student for student in roster(db_session(), school_class.id) if student.key in known), None)


def _cards(school_class: SchoolClass, student: RosterStudent) -> list[AssignmentCard]:
    by_assignment: dict[int, list[Attempt]] = {}
    for attempt, link in student_attempts_in_class(db_session(), school_class.id, student.key):
        by_assignment.setdefault(link.assignment_id, []).append(attempt)
    cards = []
    assignments = class_assignments(db_session(), school_class.id)
    extras = extra_attempts_by_assignment(db_session(), student.key, [assignment.id for assignment in assignments])
    for assignment in assignments:
        entry = library().get(assignment.lesson_id)
        if entry is None:
            continue
        options = assignment_options(assignment)
        count = options.count or sum(options.topics.values()) or question_count(entry)
        attempts = by_assignment.get(assignment.id, [])
        submitted = sum(attempt.is_submitted for attempt in attempts)
        cards.append(AssignmentCard(assignment, entry, count, attempts, submitted, extras.get(assignment.id, 0)))
    return cards


def _identify_page(school_class: SchoolClass, prove_form: ProveForm, new_form: NewStudentForm):
    names = sorted({student.name for student in roster(db_session(), school_class.id)}, key=str.casefold)
    prove_form.name.choices = [("", _("Choose your name"))] + [(name, name) for name in names]
    return render_template(
        "join/identify.html",
        school_class=school_class,
        prove_form=prove_form,
        new_form=new_form,
        has_roster=bool(names),
        problems=_problems(prove_form) + _problems(new_form),
    )


def _home_page(school_class: SchoolClass, student: RosterStudent):
    return render_template(
        "join/home.html",
        school_class=school_class,
        student=student,
        cards=_cards(school_class, student),
        action_form=StudentActionForm(),
        local_time=local_time,
        attempts_left_text=lambda count: ngettext("%(num)s attempt left", "%(num)s attempts left", count),
    )


def _problems(form) -> list[tuple[str, str]]:
    return [(f"#{field.id}", field.errors[0]) for field in form if getattr(field, "errors", None)]
