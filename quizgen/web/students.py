"""Pages for students: the catalog, a lesson, its quiz, and the result.

Routes
    GET  /                              catalog of lessons
    GET  /lessons/<lesson_id>           reading passage and start form (``?variant=CODE``: a printed worksheet's)
    GET  /lessons/<lesson_id>/worksheet.pdf   a printable worksheet, no key (``?variant=CODE``, ``&paper=Letter``)
    POST /lessons/<lesson_id>/start     start an attempt (in a class when a class code is given)
    GET  /attempts/<id>                 the quiz (redirects to the result once submitted)
    POST /attempts/<id>                 submit the quiz (first, with the page's blank check: a list of blank questions)
    POST /attempts/<id>/save            save the answers as a draft, not graded (autosave, or "Save and continue later")
    GET  /attempts/<id>/result          score and feedback
    POST /attempts/<id>/another         start a new attempt on another variant

An attempt can be opened from the browser that started it (its id is kept
in the signed session) or by a roster student who showed their personal code
on the class page, from any browser; any other id gets a 404.

The variant is fixed here, on the server, when the attempt starts: a random
one, or the one printed on the student's worksheet (its code, checked with
its check character).  In an assignment the server alone chooses: the class's
shared variant for a first attempt when it has one, else a random variant
the student has not had (a typed code is ignored there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, abort, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..library import LessonEntry
from ..quiz import QuizOptions, random_seed, seed_from_code, variant_code
from ..storage import (
    Assignment,
    Attempt,
    AttemptsUsedUp,
    DraftTarget,
    attempts_by_student,
    current_assignment,
    extra_attempts,
    find_class_by_join_code,
    find_draft_target,
    record_submission,
    save_draft,
    student_key,
    submitted_attempts,
    utc_now,
)
from . import printing
from .attempts import (
    grade_quiz,
    may_open_target,
    not_yours,
    owned_attempt_or_404,
    owns_attempt,
    proven_students,
    quiz_of,
    remember_attempt,
    start_attempt,
)
from .classes import JoinError, assignment_of, assignment_options, join, local_time, seed_for, time_zone
from .database import database, db_session
from .errors import render_error
from .forms import (
    AnotherVariantForm,
    QuizFormSpec,
    StartForm,
    current_values,
    find_tampering,
    quiz_form_spec,
    read_answers,
    read_draft,
    restorable_draft,
    started_in_this_browser,
)
from .i18n import set_page_language
from .lessons import lesson_or_404, library, markdown_block, question_count
from .results import attempt_result

bp = Blueprint("students", __name__)

SEQ_FIELD = "seq"
# Sent by the quiz page's submit button until the student has seen the list of blank questions once.
BLANK_CHECK_FIELD = "check_blank"


@bp.get("/")
def catalog():
    """Every lesson with its level, objectives, question count and time."""
    lessons = [(entry.lesson, question_count(entry)) for entry in library().entries()]
    return render_template("catalog.html", lessons=lessons)


@bp.get("/lessons/<lesson_id>")
def lesson(lesson_id: str):
    """The reading passage, its source and objectives, the start form and the worksheet download.

    ``?variant=CODE`` (the link in a printed worksheet's QR code) fills in the
    start form's variant code, so the web quiz has the worksheet's questions.
    """
    entry = lesson_or_404(lesson_id)
    set_page_language(entry.lesson.language)
    typed = request.args.get("variant", "")
    form = StartForm()
    notice = None
    if typed:
        try:
            form.variant_code.data = variant_code(seed_from_code(typed[:40]))
        except ValueError:
            shown = f" “{typed}”" if len(typed) <= 20 else ""
            notice = _(
                "The variant code%(code)s in this link is not valid, so it was left out. Check the code "
                "printed at the top of your worksheet, or start the quiz on a new variant.",
                code=shown,
            )
    return _lesson_page(entry, form, notice=notice)


@bp.get("/lessons/<lesson_id>/worksheet.pdf")
def worksheet(lesson_id: str):
    """The lesson as a printable worksheet (questions only, never the key): a new variant, or ``?variant=CODE``."""
    entry = lesson_or_404(lesson_id)
    set_page_language(entry.lesson.language)
    typed = request.args.get("variant", "").strip()
    paper = request.args.get("paper", "A4")
    if paper not in printing.PAGE_SIZES:
        abort(400, _("Choose A4 or Letter paper."))
    if typed:
        try:
            seed = seed_from_code(typed[:40])
        except ValueError:
            abort(
                400,
                _(
                    "The variant code in this link is not valid. Check the code printed on the worksheet, "
                    "or download a worksheet on a new variant from the lesson page."
                ),
            )
    else:
        seed = random_seed()
    data = printing.worksheet(entry, seed, page_size=paper)
    return printing.pdf_response(data, printing.safe_filename(entry.lesson.id, variant_code(seed)))


@bp.post("/lessons/<lesson_id>/start")
def start(lesson_id: str):
    """Start an attempt for the name given; the variant is chosen here, on the server, never by a hidden field."""
    entry = lesson_or_404(lesson_id)
    set_page_language(entry.lesson.language)
    form = StartForm(formdata=request.form)
    form.validate()
    if form.start_token.errors:
        abort(400, _("The start form was changed or damaged. Reload the lesson page and start again."))
    if form.errors:
        return _lesson_page(entry, form), 422
    seed = seed_from_code(form.variant_code.data) if form.variant_code.data else None
    assignment = class_code = None
    if form.class_code.data:
        try:
            enrolment = join(form.class_code.data, entry.lesson.id)
        except JoinError as error:
            form.class_code.errors = [*form.class_code.errors, str(error)]
            return _lesson_page(entry, form), error.status
        assignment, class_code = enrolment.assignment, enrolment.school_class.join_code
    # Validated above: the name is required and the start token well formed.
    name, start_token = form.student_name.data or "", form.start_token.data or ""
    if assignment is not None:
        # This browser's open attempt is continued, not doubled; one open elsewhere (a lost tab, another device)
        # locks nobody out: only submitted attempts count, so a new one starts here.
        unfinished = _unfinished_attempt(assignment, name)
        if unfinished is not None:
            return redirect(url_for(".quiz", attempt_id=unfinished.public_id), 303)
    try:
        return _open_new_attempt(entry, name, class_code, start_token, seed=seed, assignment=assignment)
    except AttemptsUsedUp:
        if assignment is None:  # only an assignment limits attempts
            raise
        form.class_code.errors = [*form.class_code.errors, _used_up_message(assignment, name, student_key(name))]
        return _lesson_page(entry, form), 422


@bp.get("/attempts/<attempt_id>")
def quiz(attempt_id: str):
    """The quiz page of an open attempt."""
    attempt = owned_attempt_or_404(attempt_id)
    if attempt.is_submitted:
        return redirect(url_for(".result", attempt_id=attempt.public_id), 303)
    entry = _lesson_of(attempt)
    if entry.content_hash != attempt.lesson_hash:
        return _lesson_changed(entry)
    spec = quiz_form_spec(quiz_of(attempt, entry), entry.content_hash)
    return _quiz_page(entry, attempt, spec, None, {}, values=restorable_draft(attempt.draft, spec))


def _checked_quiz_form(attempt: Attempt, entry: LessonEntry):
    """The attempt's form spec and the posted sequence number; a 400 for a tampered or damaged form."""
    spec = quiz_form_spec(quiz_of(attempt, entry), entry.content_hash)
    problem = find_tampering(request.form, spec)
    seq = request.form.get("seq", "")
    if problem is None and not (seq.isascii() and seq.isdigit()):
        problem = _("The quiz form was changed or damaged. Reload the quiz page and answer there.")
    if problem:
        abort(400, problem)
    return spec, seq


@bp.post("/attempts/<attempt_id>")
def submit(attempt_id: str):
    """Grade and store the answers, once: a repeated or stale form is refused without writing anything."""
    attempt = owned_attempt_or_404(attempt_id)
    if attempt.is_submitted:
        return _already_submitted(attempt.public_id)
    entry = _lesson_of(attempt)
    if entry.content_hash != attempt.lesson_hash:
        return _lesson_changed(entry)
    spec, seq = _checked_quiz_form(attempt, entry)
    if int(seq) != attempt.seq:
        return _stale_form(attempt.public_id)
    form = spec.form_class(formdata=request.form)
    answers = read_answers(form, spec)
    if answers.errors:
        return _quiz_page(entry, attempt, spec, form, answers.errors), 422
    if request.form.get(BLANK_CHECK_FIELD):
        blank = [question.entry.number for question in spec.questions if answers.responses[question.entry.id] is None]
        if blank:
            return _quiz_page(entry, attempt, spec, form, {}, blank=blank)
    scored = grade_quiz(spec.quiz, answers.responses)
    try:
        recorded = record_submission(db_session(), attempt.id, attempt.seq, scored)
    except AttemptsUsedUp:
        return _over_allowance(attempt)
    if not recorded:
        db_session().refresh(attempt)
        return _already_submitted(attempt.public_id) if attempt.is_submitted else _stale_form(attempt.public_id)
    return redirect(url_for(".result", attempt_id=attempt.public_id), 303)


def _over_allowance(attempt: Attempt):
    """The student already submitted every attempt allowed (elsewhere): keep these answers as a draft, say so."""
    save_draft(db_session(), attempt.public_id, attempt.seq, read_draft(request.form).draft, utc_now())
    assignment = assignment_of(attempt)
    allowed = _allowed_attempts(assignment, attempt.link.student_key) if assignment and attempt.link else 1
    return render_error(
        409,
        _("No attempts left"),
        ngettext(
            "You have already handed in the one attempt this class allows for this lesson, so this quiz was not "
            "handed in. Your answers are saved in it: if your teacher allows you another attempt, open it again "
            "and submit.",
            "You have already handed in the %(num)s attempts this class allows for this lesson, so this quiz was "
            "not handed in. Your answers are saved in it: if your teacher allows you another attempt, open it "
            "again and submit.",
            allowed,
        ),
        link=(url_for(".quiz", attempt_id=attempt.public_id), _("Back to the quiz")),
    )


def _allowed_attempts(assignment: Assignment, key: str) -> int:
    """The attempts this student may hand in: the assignment's own number and any extra the teacher gave."""
    return assignment.attempts_allowed + extra_attempts(db_session(), assignment.id, key)


@bp.post("/attempts/<attempt_id>/save")
def save(attempt_id: str):
    """Save the answers so far (never graded): from the page's autosave script (JSON) or its no-script button.

    A save from an out-of-date page (saved meanwhile on another device, or
    already submitted) or a replayed request is refused and writes nothing.
    Students save every few seconds, so a save builds no quiz and loads no
    ORM object: the answers are checked against what any quiz form can hold
    (the quiz page restores only the variant's own inputs, see
    :func:`~.forms.restorable_draft`; nothing in a draft is ever graded), and
    one conditional UPDATE writes them.  Only a refused save reads the
    attempt, to say why.
    """
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    owned = owns_attempt(attempt_id)
    proven = proven_students()
    if not owned and not proven:
        not_yours()
    seq = request.form.get(SEQ_FIELD, "")
    read = read_draft(request.form)
    if read.problem or not _is_seq(seq):
        return _damaged_save(attempt_id, seq, wants_json)
    now = utc_now()
    with database().engine.connect() as connection:
        saved = save_draft(
            connection,
            attempt_id,
            int(seq),
            read.draft,
            now,
            student_keys=None if owned else proven,
            lesson_is_current=_lesson_is_current,
        )
        if saved is None:
            return _save_refused(find_draft_target(connection, attempt_id), wants_json)
    entry = library().get(saved.lesson_id)
    set_page_language(entry.lesson.language if entry is not None else None)
    if wants_json:
        return jsonify(seq=saved.seq, message=_saved_message(now))
    return redirect(url_for(".quiz", attempt_id=attempt_id, saved=1), 303)


def _lesson_is_current(lesson_id: str, lesson_hash: str) -> bool:
    """Whether the lesson an attempt was started on is still served as it was then."""
    entry = library().get(lesson_id)
    return entry is not None and entry.content_hash == lesson_hash


def _is_seq(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 9


def _damaged_save(attempt_id: str, seq: str, wants_json: bool):
    """A 400 for a save whose form cannot have come from the quiz page, in the lesson's language."""
    with database().engine.connect() as connection:
        target = find_draft_target(connection, attempt_id)
    if target is None or not may_open_target(target):
        not_yours()
    set_page_language(_lesson_of(target.lesson_id).lesson.language)
    problem = read_draft(request.form).problem
    if problem is None and not _is_seq(seq):
        problem = _("The quiz form was changed or damaged. Reload the quiz page and answer there.")
    if wants_json:
        return jsonify(error=problem), 400
    abort(400, problem)


def _save_refused(target: DraftTarget | None, wants_json: bool):
    """Why a save was refused (it wrote nothing): another's or no attempt, a lost lesson, or a stale form."""
    if target is None or not may_open_target(target):
        not_yours()
    entry = _lesson_of(target.lesson_id)
    if target.is_submitted:
        if wants_json:
            return _refused_json(_("This quiz was already submitted, so these answers were not saved."), target.seq)
        return _already_submitted(target.public_id)
    if entry.content_hash != target.lesson_hash:
        return _lesson_changed(entry)
    if wants_json:
        return _refused_json(
            _(
                "Not saved: this quiz was saved or changed in another window or device. "
                "Reload the page to see the latest answers."
            ),
            target.seq,
        )
    return _stale_form(target.public_id)


@bp.get("/attempts/<attempt_id>/result")
def result(attempt_id: str):
    """Score, feedback for each question, skill summary, and another variant (unless results wait for a date)."""
    attempt = owned_attempt_or_404(attempt_id)
    if not attempt.is_submitted:
        return redirect(url_for(".quiz", attempt_id=attempt.public_id), 303)
    entry = _lesson_of(attempt)
    assignment = assignment_of(attempt)
    key = attempt.link.student_key if attempt.link else ""
    can_try_again = assignment is None or (
        not assignment.is_closed()
        and submitted_attempts(db_session(), assignment.id, key) < _allowed_attempts(assignment, key)
    )
    if assignment is not None and assignment.feedback_withheld():
        page = render_template(
            "result_withheld.html",
            lesson=entry.lesson,
            attempt=attempt,
            release=local_time(assignment.closes_at),
            another_form=AnotherVariantForm(),
            can_try_again=can_try_again,
            shared=assignment.variant_mode == "shared",
        )
    else:
        page = render_template(
            "result.html",
            lesson=entry.lesson,
            attempt=attempt,
            result=attempt_result(attempt, entry.lesson, entry.bank),
            lesson_changed=entry.content_hash != attempt.lesson_hash,
            another_form=AnotherVariantForm(),
            can_try_again=can_try_again,
            shared=assignment is not None and assignment.variant_mode == "shared",
        )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/attempts/<attempt_id>/another")
def another_variant(attempt_id: str):
    """A new attempt for the same student on a new variant of the same lesson (in the same assignment, if any)."""
    attempt = owned_attempt_or_404(attempt_id)
    entry = _lesson_of(attempt)
    form = AnotherVariantForm(formdata=request.form)
    if not form.validate():
        abort(400, _("The form was changed or damaged. Go back to your result and try again."))
    assignment = assignment_of(attempt)
    back = (url_for(".result", attempt_id=attempt.public_id), _("Back to your result"))
    if assignment is not None and assignment.is_closed():
        return render_error(
            409,
            _("Assignment closed"),
            _(
                "This assignment closed on %(time)s, so no new attempt can start.",
                time=local_time(assignment.closes_at),
            ),
            link=back,
        )
    try:
        return _open_new_attempt(
            entry, attempt.student_name, attempt.class_code, form.start_token.data or "", assignment=assignment
        )
    except AttemptsUsedUp:
        if assignment is None:  # only an assignment limits attempts
            raise
        message = _used_up_message(assignment, attempt.student_name, student_key(attempt.student_name))
        return render_error(409, _("No attempts left"), message, link=back)


def _open_new_attempt(
    entry: LessonEntry,
    name: str,
    class_code: str | None,
    start_token: str,
    *,
    seed: int | None = None,
    assignment: Assignment | None = None,
):
    options = assignment_options(assignment) if assignment is not None else QuizOptions()
    if assignment is not None:
        seen = {earlier.seed for earlier in attempts_by_student(db_session(), assignment.id, student_key(name))}
        seed = seed_for(assignment, seen)
    attempt, created = start_attempt(entry, name, class_code, start_token, options, seed=seed, assignment=assignment)
    if not created and not owns_attempt(attempt.public_id) and not started_in_this_browser(start_token):
        return render_error(
            409,
            _("Form already used"),
            _("This start form was already used. Reload the lesson page to start a quiz."),
            link=(url_for(".lesson", lesson_id=entry.lesson.id), _("Back to the lesson")),
        )
    remember_attempt(attempt.public_id)
    return redirect(url_for(".quiz", attempt_id=attempt.public_id), 303)


def _unfinished_attempt(assignment: Assignment, name: str) -> Attempt | None:
    """This browser's open attempt at the assignment under this name, if any (to continue it)."""
    for attempt in reversed(attempts_by_student(db_session(), assignment.id, student_key(name))):
        if not attempt.is_submitted and owns_attempt(attempt.public_id):
            return attempt
    return None


def _used_up_message(assignment: Assignment, name: str, key: str) -> str:
    return ngettext(
        "\u201c%(name)s\u201d has already handed in the one attempt this class allows for this lesson. "
        "Ask your teacher if you need another.",
        "\u201c%(name)s\u201d has already handed in the %(num)s attempts this class allows for this lesson. "
        "Ask your teacher if you need another.",
        _allowed_attempts(assignment, key),
        name=name,
    )


def _lesson_of(attempt: Attempt | str) -> LessonEntry:
    entry = library().get(attempt if isinstance(attempt, str) else attempt.lesson_id)
    if entry is None:
        abort(404, _("The lesson of this quiz is no longer available."))
    set_page_language(entry.lesson.language)
    return entry


def _lesson_page(entry: LessonEntry, form: StartForm, notice: str | None = None):
    fields = (form.student_name, form.class_code, form.variant_code)
    problems = [(f"#{field.id}", field.errors[0]) for field in fields if field.errors]
    return render_template(
        "lesson.html",
        lesson=entry.lesson,
        form=form,
        question_count=question_count(entry),
        problems=problems,
        notice=notice,
        show_variant=bool(form.variant_code.data or form.variant_code.errors),
        class_assignment=_class_assignment(entry),
    )


@dataclass(frozen=True)
class ClassAssignmentFacts:
    """The real settings of the class's assignment of a lesson, for the lesson page (``?class=CODE``)."""

    class_name: str
    questions: int
    due: str
    attempts: int
    release: str
    url: str


def _class_assignment(entry: LessonEntry) -> ClassAssignmentFacts | None:
    """The settings of the assignment a class link (``?class=CODE``, from the class page) points at, if any."""
    typed = request.args.get("class", "")[:20]
    if not typed:
        return None
    school_class = find_class_by_join_code(db_session(), typed)
    if school_class is None:
        return None
    assignment = current_assignment(db_session(), school_class.id, entry.lesson.id)
    if assignment is None:
        return None
    options = assignment_options(assignment)
    return ClassAssignmentFacts(
        class_name=school_class.name,
        questions=options.count or sum(options.topics.values()) or question_count(entry),
        due=local_time(assignment.closes_at),
        attempts=assignment.attempts_allowed,
        release=local_time(assignment.closes_at) if assignment.feedback == "after-close" else "",
        url=url_for("join.class_home", code=school_class.join_code),
    )


def _quiz_page(
    entry: LessonEntry,
    attempt: Attempt,
    spec: QuizFormSpec,
    form,
    errors: dict[int, list[str]],
    *,
    values: dict[str, list[str]] | None = None,
    blank: list[int] | None = None,
):
    problems = [
        (f"#question-{number}", _("Question %(number)s: %(problem)s", number=number, problem=" ".join(messages)))
        for number, messages in sorted(errors.items())
    ]
    response = make_response(
        render_template(
            "quiz.html",
            lesson=entry.lesson,
            attempt=attempt,
            spec=spec,
            errors=errors,
            problems=problems,
            values=values if values is not None else current_values(form, spec) if errors or blank else {},
            blank=blank or [],
            saved_message=_saved_message(attempt.draft_saved_at),
            just_saved=request.args.get("saved") == "1",
            paragraph_texts=_paragraph_texts(entry),
            max_points=spec.quiz.max_points,
            paragraph_numbers={
                paragraph.id: number for number, paragraph in enumerate(entry.lesson.paragraphs, start=1)
            },
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _saved_message(saved_at: datetime | None) -> str:
    """``Saved 10:42`` in the site's time zone (empty when nothing was saved)."""
    if saved_at is None:
        return ""
    return _("Saved %(time)s", time=saved_at.astimezone(time_zone()).strftime("%H:%M"))


def _refused_json(message: str, seq: int):
    return jsonify(error=message, seq=seq), 409


_PARAGRAPH_CACHE: dict[str, dict[int, str]] = {}


def _paragraph_texts(entry: LessonEntry) -> dict[int, str]:
    """Each paragraph's HTML by number, rendered once per lesson version (the quiz page opens them in place)."""
    texts = _PARAGRAPH_CACHE.get(entry.content_hash)
    if texts is None:
        texts = {number: str(markdown_block(p.text)) for number, p in enumerate(entry.lesson.paragraphs, start=1)}
        if len(_PARAGRAPH_CACHE) > 64:
            _PARAGRAPH_CACHE.clear()
        _PARAGRAPH_CACHE[entry.content_hash] = texts
    return texts


def _already_submitted(public_id: str):
    return render_error(
        409,
        _("Already submitted"),
        _("This quiz was already submitted, so these answers were not saved and your score has not changed."),
        link=(url_for(".result", attempt_id=public_id), _("See your result")),
    )


def _stale_form(public_id: str):
    return render_error(
        409,
        _("Out-of-date form"),
        _(
            "This quiz form is out of date (it was opened before a later change to your attempt), so it was not saved. "
            "Open the quiz again to continue."
        ),
        link=(url_for(".quiz", attempt_id=public_id), _("Open the quiz")),
    )


def _lesson_changed(entry: LessonEntry):
    return render_error(
        409,
        _("Lesson updated"),
        _(
            "The author edited this lesson after you started, so this quiz can no longer be checked. "
            "Nothing was saved. Open the lesson again and start a new quiz."
        ),
        link=(url_for(".lesson", lesson_id=entry.lesson.id), _("Open the lesson")),
    )
