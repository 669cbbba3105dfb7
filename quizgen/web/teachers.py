"""Pages for teachers: sign-in, classes, assignments, results, marking, CSV and PDFs.

Routes (all under ``/teacher``)
    GET  POST /sign-in                                   sign in (throttled per account and per address)
    POST      /sign-out                                  sign out everywhere
    GET       /                                          your classes; form to add one
    POST      /classes                                   add a class (it gets a join code)
    GET       /classes/<class_id>                        its join code, assignments, lessons to assign
    GET  POST /classes/<class_id>/assign/<lesson_id>     assignment settings
    GET       /assignments/<assignment_id>               results: students, charts, skills, item analysis, printing
    GET  POST /assignments/<assignment_id>/marking       open responses with their rubric; marks update scores
    GET       /assignments/<assignment_id>/results.csv   one row per student per item
    GET       /assignments/<assignment_id>/key.pdf       the answer key of one variant (``?variant=CODE``)
    POST      /assignments/<assignment_id>/class-set     queue one named worksheet per student, with keys
    GET       /print-jobs/<job_id>                       a class set being made, then its download

Every route but sign-in needs a signed-in teacher (checked for the whole
blueprint in :func:`require_teacher`, so a new route cannot forget it):
anyone else is sent to the sign-in page.  Classes and assignments are
looked up together with their owner, so another teacher's id gives the same
404 as an id that does not exist.  Ids in URLs are random 128-bit tokens.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..generators import item_bank
from ..items import question_type
from ..jobs import ClassSetRequest
from ..labels import N_
from ..library import LessonEntry
from ..model import Lesson
from ..quiz import QuizOptions, QuizOptionsError, build_quiz, derive_seed, random_seed, seed_from_code, variant_code
from ..storage import (
    Assignment,
    AttemptRow,
    Mark,
    SchoolClass,
    assignment_attempt_rows,
    assignment_response_rows,
    assignment_summaries,
    class_summaries,
    create_assignment,
    create_class,
    record_marks,
    student_counts,
    teacher_assignment,
    teacher_class,
    utc_now,
)
from ..teacher_control import Comment, record_comments
from . import printing
from .attempts import quiz_options
from .auth import authenticate
from .auth import sign_in as start_session
from .auth import sign_out as end_session
from .classes import local_time, time_zone
from .database import db_session
from .gradebook import ATTEMPT_RULES, RULE_LABELS
from .lessons import library
from .limits import SignInThrottle
from .reports import MIN_ANSWERS_FOR_FLAGS, SORT_KEYS, ItemFilter, assignment_report, results_csv
from .teacher_forms import (
    CLASS_SET_MAX,
    COMMENT_MAX,
    NOT_MARKED,
    ActionForm,
    AnswerKeyForm,
    ClassForm,
    ClassSetForm,
    MarkSlot,
    SignInForm,
    SignOutForm,
    assignment_form_class,
    comment_field_name,
    mark_field_name,
    marking_form_class,
)

bp = Blueprint("teachers", __name__, url_prefix="/teacher")

OPEN_ENDPOINTS = frozenset({"teachers.sign_in"})
WRONG_PASSWORD = N_(
    "That e-mail address and password do not match an account. Check both and try again; "
    "after several failed tries, signing in is paused for a while."
)


@bp.before_request
def require_teacher():
    """Send anyone but a signed-in teacher to the sign-in page (students have no teacher session)."""
    if request.endpoint in OPEN_ENDPOINTS or current_user.is_authenticated:
        return None
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for(".sign_in", next=target), 303)


@bp.after_request
def private_pages(response):
    """Teacher pages hold students' names and scores: never stored by a browser or proxy cache."""
    if "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def teacher_context():
    return {
        "current_user": current_user,
        "sign_out_form": SignOutForm(),
        "local_time": local_time,
        "time_zone": time_zone().key,
    }


def _safe_next(target: str | None) -> str | None:
    """A page of this site's teacher area to return to after sign-in, or None (no open redirects)."""
    # A backslash can turn into a host; a space or control character (CR LF) has no place in a Location header.
    if not target or "\\" in target or any(character.isspace() or ord(character) < 32 for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/teacher/"):
        return None
    return target


# --- signing in and out ------------------------------------------------------------------


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """The sign-in form; tries are throttled per account, address and known browser (see limits.py)."""
    if current_user.is_authenticated:
        return redirect(url_for(".dashboard"), 303)
    form = SignInForm()
    problem = None
    if form.validate_on_submit():
        throttle = SignInThrottle(form.email.data or "")
        refusal = throttle.refusal()
        if refusal is not None:  # refused before the password is checked
            return refusal.response()
        teacher = authenticate(form.email.data or "", form.password.data or "")
        if teacher is not None:
            start_session(teacher)
            return throttle.succeeded(redirect(_safe_next(request.args.get("next")) or url_for(".dashboard"), 303))
        throttle.failed()
        problem = _(WRONG_PASSWORD)
    status = 422 if request.method == "POST" else 200
    problems = [(f"#{field.id}", field.errors[0]) for field in (form.email, form.password) if field.errors]
    if problem:
        problems.append(("#email", problem))
    return render_template(
        "teacher/sign_in.html", form=form, problems=problems, next=_safe_next(request.args.get("next"))
    ), status


@bp.post("/sign-out")
def sign_out():
    """End the teacher's sessions (every copy of the cookie stops working) and go back to sign-in."""
    if not SignOutForm().validate_on_submit():
        abort(400, _("The sign-out form was changed or damaged. Reload the page and try again."))
    end_session(current_user.id)
    flash(_("You are signed out."), "info")
    return redirect(url_for(".sign_in"), 303)


# --- classes -------------------------------------------------------------------------------


@bp.get("/")
def dashboard():
    """The teacher's classes."""
    return _dashboard(ClassForm())


@bp.post("/classes")
def new_class():
    """Add a class; it gets a join code at once."""
    form = ClassForm()
    if not form.validate_on_submit():
        return _dashboard(form), 422
    school_class = create_class(db_session(), current_user.id, form.name.data or "")
    flash(
        _(
            "Class \u201c%(name)s\u201d added. Students join it with the code %(code)s.",
            name=school_class.name,
            code=school_class.display_code,
        ),
        "success",
    )
    return redirect(url_for(".class_page", class_id=school_class.public_id), 303)


@bp.get("/classes/<class_id>")
def class_page(class_id: str):
    """A class: its join code, its assignments, and the lessons that can be assigned."""
    school_class = _class_or_404(class_id)
    lessons = [(entry.lesson, len(entry.bank)) for entry in library().entries()]
    return render_template(
        "teacher/class.html",
        school_class=school_class,
        assignments=assignment_summaries(db_session(), school_class.id),
        lessons=lessons,
        lesson_titles=_lesson_titles(),
        now=utc_now(),
    )


@bp.route("/classes/<class_id>/assign/<lesson_id>", methods=["GET", "POST"])
def assign(class_id: str, lesson_id: str):
    """Assignment settings for one lesson; on success the class's code joins this assignment."""
    school_class = _class_or_404(class_id)
    entry = library().get(lesson_id)
    if entry is None:
        abort(404, _("There is no lesson with this address. Pick a lesson from the class page."))
    bank = entry.bank
    topics: dict[str, int] = {}
    for item in bank:
        topics[item.topic] = topics.get(item.topic, 0) + 1
    form_class, topic_fields = assignment_form_class(topics, len(bank))
    form = form_class()
    if form.validate_on_submit():
        options = QuizOptions(
            count=form.count.data,
            topics={field.topic: form[field.name].data for field in topic_fields if form[field.name].data},
        )
        closes_at = _utc(form.closes_at.data)
        seed = random_seed()
        try:
            build_quiz(entry.lesson, seed, options, bank=entry.bank)
        except QuizOptionsError as error:
            form.count.errors = [
                *form.count.errors,
                _("These numbers do not fit the lesson: %(problem)s.", problem=error),
            ]
        if form.feedback.data == "after-close" and closes_at is None:
            form.closes_at.errors = [
                *form.closes_at.errors,
                _("Give a close date: results are released to students then."),
            ]
        if closes_at is not None and closes_at <= utc_now():
            form.closes_at.errors = [*form.closes_at.errors, _("Choose a close date in the future.")]
        if not (form.count.errors or form.closes_at.errors):
            assignment = create_assignment(
                db_session(),
                school_class.id,
                entry.lesson.id,
                options.describe(),
                class_seed=seed,
                variant_mode=form.variant_mode.data,
                attempts_allowed=form.attempts_allowed.data,
                feedback=form.feedback.data,
                closes_at=closes_at,
            )
            flash(
                _(
                    "\u201c%(lesson)s\u201d is assigned to %(class_name)s. Students open the lesson "
                    "and type the class code %(code)s.",
                    lesson=entry.lesson.title,
                    class_name=school_class.name,
                    code=school_class.display_code,
                ),
                "success",
            )
            return redirect(url_for(".assignment_page", assignment_id=assignment.public_id), 303)
    fields = [
        form.count,
        form.variant_mode,
        form.attempts_allowed,
        form.feedback,
        form.closes_at,
        *(form[field.name] for field in topic_fields),
    ]
    problems = [(f"#{field.id}", field.errors[0]) for field in fields if field.errors]
    status = 422 if request.method == "POST" else 200
    return render_template(
        "teacher/assign.html",
        school_class=school_class,
        lesson=entry.lesson,
        form=form,
        topic_fields=topic_fields,
        bank_size=len(bank),
        problems=problems,
    ), status


# --- an assignment's results ----------------------------------------------------------------


@bp.get("/assignments/<assignment_id>")
def assignment_page(assignment_id: str):
    """The students table, charts, skill averages, item analysis, and the printing forms."""
    assignment = _assignment_or_404(assignment_id)
    return _assignment_page(assignment, AnswerKeyForm(formdata=None), None)


@bp.get("/assignments/<assignment_id>/key.pdf")
def answer_key(assignment_id: str):
    """The answer key and answer grid of one variant (any code: a student's, or the class set's)."""
    assignment = _assignment_or_404(assignment_id)
    entry = _entry_or_404(assignment)
    form = AnswerKeyForm(formdata=request.args)
    if not form.validate():
        return _assignment_page(assignment, form, None), 422
    seed = seed_from_code(form.variant.data or "")
    data = printing.worksheet(
        entry, seed, key=True, quiz_options=quiz_options(assignment.options), page_size=form.page_size.data
    )
    return printing.pdf_response(data, printing.safe_filename(entry.lesson.id, "key", variant_code(seed)))


@bp.post("/assignments/<assignment_id>/class-set")
def class_set(assignment_id: str):
    """Queue one worksheet per student (named when names are given), each on the student's own variant, with keys.

    The class set is made in the background (:mod:`quizgen.web.print_jobs`): the teacher lands on the job's
    page at once, and the same request again, while that job waits or runs, lands on the same page.
    """
    assignment = _assignment_or_404(assignment_id)
    entry = _entry_or_404(assignment)
    form = ClassSetForm()
    if not form.validate_on_submit():
        return _assignment_page(assignment, AnswerKeyForm(formdata=None), form), 422
    names = form.name_list
    count = len(names) or form.copies.data or 1
    shared = assignment.variant_mode == "shared"
    seeds = None
    if form.used_variants.data and not shared:
        used = _variants_used(assignment)
        if not used:
            form.used_variants.errors = [_("No student has started yet: there are no online variants to print.")]
            return _assignment_page(assignment, AnswerKeyForm(formdata=None), form), 422
        names, seeds = [name for name, _seed in used], [seed for _name, seed in used]
        count = len(names)
    request_ = ClassSetRequest(
        lesson_id=entry.lesson.id,
        class_seed=assignment.class_seed,
        count=count,
        names=names or None,
        keys="none" if shared else form.keys.data,
        odd_page_starts=form.odd_pages.data,
        quiz_options=quiz_options(assignment.options).describe(),
        shared=shared,
        page_size=printing.print_options(form.page_size.data).page_size,
        base_url=printing.print_options(form.page_size.data).base_url,
        seeds=seeds,
        assignment=assignment.public_id,
    )
    filename = printing.safe_filename(entry.lesson.id, "class-set", str(count))
    return print_jobs.start_class_set(assignment, request_, filename)


def _variants_used(assignment: Assignment) -> list[tuple[str, int]]:
    """Each student who started (excluded attempts aside), by name, with the variant of their latest attempt."""
    latest: dict[str, AttemptRow] = {}
    for row in assignment_attempt_rows(db_session(), assignment.id):
        if not row.excluded and (row.student_key not in latest or row.number > latest[row.student_key].number):
            latest[row.student_key] = row
    chosen = sorted(latest.values(), key=lambda row: (row.student_name.casefold(), row.student_key))
    return [(row.student_name, row.seed) for row in chosen][:CLASS_SET_MAX]


@bp.get("/assignments/<assignment_id>/results.csv")
def results_export(assignment_id: str):
    """Every submitted attempt's answers, one row per student per item, for a spreadsheet."""
    assignment = _assignment_or_404(assignment_id)
    entry = _entry_or_404(assignment)
    db = db_session()
    text = results_csv(
        assignment.school_class.name,
        assignment,
        entry.lesson,
        assignment_attempt_rows(db, assignment.id),
        assignment_response_rows(db, assignment.id),
        bank=entry.bank,
    )
    response = make_response(text.encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    filename = printing.safe_filename(entry.lesson.id, "results", utc_now().strftime("%Y%m%d")).removesuffix(".pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@bp.route("/assignments/<assignment_id>/marking", methods=["GET", "POST"])
def marking(assignment_id: str):
    """Open responses listed with the rubric beside them; the marks entered update the students' scores."""
    assignment = _assignment_or_404(assignment_id)
    entry = _entry_or_404(assignment)
    open_items = [item for item in entry.bank if question_type(item).marked_by_teacher]
    db = db_session()
    attempts = {row.id: row for row in assignment_attempt_rows(db, assignment.id)}
    responses = [
        row
        for row in assignment_response_rows(db, assignment.id, [item.id for item in open_items])
        if row.status != "unanswered" and row.attempt_id in attempts
    ]
    slots = [
        MarkSlot(
            mark_field_name(attempts[row.attempt_id].public_id, row.item_id),
            row.attempt_id,
            attempts[row.attempt_id].public_id,
            row.item_id,
        )
        for row in responses
    ]
    levels = {
        item.id: sorted({level.points for level in getattr(item, "rubric", ())} | {0}, reverse=True)
        for item in open_items
    }
    current: dict[str, str] = {}
    for slot, row in zip(slots, responses, strict=False):
        current[slot.name] = NOT_MARKED if row.status == "pending" else _points_value(row.points)
        current[comment_field_name(slot.name)] = row.comment or ""
    if request.method == "POST":
        # Answers submitted after the page was opened have no field in it: they are left as they are.
        posted = set(request.form) - {"csrf_token"}
        known = {slot.name for slot in slots} | {comment_field_name(slot.name) for slot in slots}
        if posted - known or any(len(request.form.getlist(name)) > 1 for name in posted):
            abort(
                400,
                _(
                    "The marking form has answers that are not part of this assignment. Nothing was saved. "
                    "Reload the marking page and enter the marks again."
                ),
            )
        slots = [slot for slot in slots if slot.name in posted]
        form = marking_form_class(slots, levels)()
        if not form.validate_on_submit():
            too_long = any(form[comment_field_name(slot.name)].errors for slot in slots)
            abort(
                400,
                _(
                    "A comment is longer than %(max)s characters. Nothing was saved. Go back, shorten it and save again.",
                    max=COMMENT_MAX,
                )
                if too_long
                else _(
                    "The marking form was changed or damaged: a mark is not one of the rubric's. Nothing was saved. "
                    "Reload the marking page and enter the marks again."
                ),
            )
        marks = [
            Mark(
                slot.attempt_id,
                slot.item_id,
                None if form[slot.name].data == NOT_MARKED else float(form[slot.name].data),
            )
            for slot in slots
        ]
        changed = record_marks(db, assignment.id, marks)
        record_comments(
            db,
            assignment.id,
            [
                Comment(slot.attempt_id, slot.item_id, form[comment_field_name(slot.name)].data or "")
                for slot in slots
                if comment_field_name(slot.name) in posted
            ],
        )
        flash(
            ngettext(
                "Saved: %(num)s mark changed; the scores are updated.",
                "Saved: %(num)s marks changed; the scores are updated.",
                changed,
            ),
            "success",
        )
        return redirect(url_for(".marking", assignment_id=assignment.public_id, show=request.args.get("show")), 303)
    form = marking_form_class(slots, levels)(data=current)
    show_all = request.args.get("show") == "all"
    groups = []
    for item in open_items:
        entries = [
            (slot, attempts[slot.attempt_id], row)
            for slot, row in zip(slots, responses, strict=False)
            if row.item_id == item.id and (show_all or row.status == "pending")
        ]
        entries.sort(key=lambda e: (e[1].student_name.casefold(), e[1].number))
        if entries:
            groups.append((item, entries))
    waiting = sum(row.status == "pending" for row in responses)
    return render_template(
        "teacher/marking.html",
        assignment=assignment,
        school_class=assignment.school_class,
        lesson=entry.lesson,
        form=form,
        groups=groups,
        waiting=waiting,
        answered=len(responses),
        show_all=show_all,
        comment_field_name=comment_field_name,
        paragraph_number=entry.lesson.paragraph_number,
    )


# --- helpers -------------------------------------------------------------------------------------


def _class_or_404(public_id: str) -> SchoolClass:
    school_class = teacher_class(db_session(), current_user.id, public_id)
    if school_class is None:
        abort(404, _("There is no class with this address among your classes."))
    return school_class


def _assignment_or_404(public_id: str) -> Assignment:
    assignment = teacher_assignment(db_session(), current_user.id, public_id)
    if assignment is None:
        abort(404, _("There is no assignment with this address among your classes."))
    return assignment


def _entry_or_404(assignment: Assignment) -> LessonEntry:
    entry = library().get(assignment.lesson_id)
    if entry is None:
        abort(404, _("The lesson of this assignment is no longer in the lessons folder."))
    return entry


def _lesson_titles() -> dict[str, str]:
    return {entry.lesson.id: entry.lesson.title for entry in library().entries()}


def _utc(local: datetime | None) -> datetime | None:
    """A date and time typed in the site's zone, as UTC."""
    if local is None:
        return None
    return local.replace(tzinfo=time_zone()).astimezone(UTC)


def _points_value(points: float) -> str:
    return str(int(points)) if float(points).is_integer() else str(points)


def _dashboard(form: ClassForm):
    summaries = class_summaries(db_session(), current_user.id)
    problems = [("#name", form.name.errors[0])] if form.name.errors else []
    return render_template(
        "teacher/dashboard.html",
        classes=summaries,
        form=form,
        problems=problems,
        lesson_conflicts=library().conflicts(),
    )


def _sort_arguments() -> tuple[str, bool]:
    sort = request.args.get("sort", "name")
    if sort not in SORT_KEYS:
        sort = "name"
    return sort, request.args.get("order") == "desc"


def _assignment_page(assignment: Assignment, key_form: AnswerKeyForm, set_form: ClassSetForm | None):
    entry = _entry_or_404(assignment)
    db = db_session()
    attempts = assignment_attempt_rows(db, assignment.id)
    responses = assignment_response_rows(db, assignment.id)
    sort, descending = _sort_arguments()
    report = assignment_report(entry.lesson, attempts, responses, sort=sort, descending=descending, bank=entry.bank)
    shared = assignment.variant_mode == "shared"
    if not key_form.variant.data and not key_form.errors:
        key_form.variant.data = variant_code(assignment.class_seed if shared else derive_seed(assignment.class_seed, 0))
    if set_form is None:
        names = sorted({row.student_name for row in attempts if not row.excluded}, key=str.casefold)
        set_form = ClassSetForm(formdata=None, data={"names": "\n".join(names), "copies": None if names else 25})
    problems = [
        (f"#{field.id}", field.errors[0])
        for field in (key_form.variant, set_form.names, set_form.copies, set_form.used_variants)
        if field.errors
    ]
    options = quiz_options(assignment.options)
    item_filter = ItemFilter(
        flagged=request.args.get("flagged") == "1",
        topic=request.args.get("topic") or "",
        type=request.args.get("type") or "",
        topics=sorted({item.item.topic for item in report.items}),
        types=sorted({item.item.type for item in report.items}),
    )
    return render_template(
        "teacher/assignment.html",
        counts=student_counts(db, [assignment.id])[assignment.id],
        item_filter=item_filter,
        shown_items=[item for item in report.items if item_filter.keeps(item)],
        min_answers=MIN_ANSWERS_FOR_FLAGS,
        attempt_rules=[(name, RULE_LABELS[name]) for name in ATTEMPT_RULES],
        action_form=ActionForm(),
        assignment=assignment,
        school_class=assignment.school_class,
        lesson=entry.lesson,
        report=report,
        sort=sort,
        descending=descending,
        key_form=key_form,
        set_form=set_form,
        problems=problems,
        shared=shared,
        settings=_settings(assignment, entry.lesson, options),
        class_set_variants=[variant_code(derive_seed(assignment.class_seed, index)) for index in range(3)],
    )


def _settings(assignment: Assignment, lesson: Lesson, options: QuizOptions) -> list[tuple[str, str]]:
    """The assignment's settings in words, in the teacher's language."""
    if options.count:
        drawn = _("%(count)s per student", count=options.count)
    elif options.topics:
        drawn = _("%(count)s per student", count=sum(options.topics.values()))
    else:
        drawn = _("%(count)s per student (the lesson's default)", count=lesson.quiz_length or len(item_bank(lesson)))
    if options.topics:
        drawn += " \u2014 " + ", ".join(
            _("%(count)s on %(topic)s", count=count, topic=topic) for topic, count in options.topics.items()
        )
    settings = [
        (_("Questions"), drawn),
        (_("Variants"), _("one shared variant") if assignment.variant_mode == "shared" else _("one per student")),
        (_("Attempts allowed"), str(assignment.attempts_allowed)),
        (
            _("Results shown"),
            _("right after submitting") if assignment.feedback == "immediate" else _("after the close date"),
        ),
        (_("Closes"), local_time(assignment.closes_at) if assignment.closes_at else _("never")),
    ]
    return settings


# The teaching-module pages, and the routes for one student, the grid and the controls, live in their own
# modules on this blueprint (and so sit behind require_teacher).
from . import class_control, print_jobs, teacher_lessons  # noqa: E402, F401
