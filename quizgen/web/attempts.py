"""Attempts as the student's browser sees them: which attempts it may open, starting one, grading one."""

from __future__ import annotations

from typing import NoReturn

from flask import abort, session
from flask_babel import gettext as _

from ..grading import grade
from ..library import LessonEntry
from ..quiz import Quiz, QuizOptions, build_quiz, random_seed, variant_code
from ..storage import Assignment, Attempt, DraftTarget, NewAttempt, ScoredResponse, find_attempt
from ..storage import start_attempt as store_new_attempt
from .database import db_session

SESSION_KEY = "attempts"
REMEMBERED_ATTEMPTS = 30
# Roster students this browser has proven to be (by personal code): their attempts open here, from any device.
IDENTITY_KEY = "students"
REMEMBERED_STUDENTS = 10


def remember_attempt(public_id: str) -> None:
    """Let this browser open the attempt (kept in the signed session cookie)."""
    known = [known_id for known_id in session.get(SESSION_KEY, []) if known_id != public_id]
    session[SESSION_KEY] = [public_id, *known][:REMEMBERED_ATTEMPTS]


def owns_attempt(public_id: str) -> bool:
    """Whether this browser started the attempt."""
    return public_id in session.get(SESSION_KEY, [])


def remember_student(key: str) -> None:
    """This browser has proven to be roster student ``key`` (``r:<id>``)."""
    known = [known_key for known_key in session.get(IDENTITY_KEY, []) if known_key != key]
    session[IDENTITY_KEY] = [key, *known][:REMEMBERED_STUDENTS]


def forget_student(key: str) -> None:
    """This browser stops being roster student ``key`` (the "not you?" button)."""
    session[IDENTITY_KEY] = [known_key for known_key in session.get(IDENTITY_KEY, []) if known_key != key]


def proven_students() -> list[str]:
    """The roster keys this browser has proven."""
    return list(session.get(IDENTITY_KEY, []))


def may_open(attempt: Attempt) -> bool:
    """Whether this browser started the attempt, or proved to be the roster student it belongs to."""
    if owns_attempt(attempt.public_id):
        return True
    link = attempt.link
    return link is not None and link.student_key in session.get(IDENTITY_KEY, [])


def may_open_target(target: DraftTarget) -> bool:
    """:func:`may_open` for an attempt read as a :class:`~quizgen.storage.DraftTarget` (the save's lean read)."""
    if owns_attempt(target.public_id):
        return True
    return target.student_key is not None and target.student_key in session.get(IDENTITY_KEY, [])


def owned_attempt_or_404(public_id: str) -> Attempt:
    """The attempt, if it exists and this browser may open it; otherwise a 404 page (another's attempt looks absent)."""
    attempt = find_attempt(db_session(), public_id)
    if attempt is not None and not may_open(attempt):
        attempt = None
    if attempt is None:
        not_yours()
    return attempt


def not_yours() -> NoReturn:
    """The 404 page for an attempt that does not exist or that this browser may not open (they look the same)."""
    abort(
        404,
        _(
            "There is no quiz attempt with this address in this browser. "
            "Open your class page (Join a class) and sign in with your name and personal code "
            "to see your quizzes from any device."
        ),
    )


def quiz_options(stored: dict | None) -> QuizOptions:
    """Quiz options from their stored form (``QuizOptions.describe()``)."""
    stored = stored or {}
    return QuizOptions(
        count=stored.get("count"),
        topics=dict(stored.get("topics") or {}),
        objectives=dict(stored.get("objectives") or {}),
        shuffle_items=stored.get("shuffle_items", True),
    )


def options_of(attempt: Attempt) -> QuizOptions:
    """The quiz options the attempt was started with."""
    return quiz_options(attempt.options)


def quiz_of(attempt: Attempt, entry: LessonEntry) -> Quiz:
    """The variant the attempt was given, rebuilt from its seed."""
    return build_quiz(entry.lesson, attempt.seed, options_of(attempt), bank=entry.bank)


def start_attempt(
    entry: LessonEntry,
    student_name: str,
    class_code: str | None,
    start_token: str,
    options: QuizOptions | None = None,
    *,
    seed: int | None = None,
    assignment: Assignment | None = None,
    key: str | None = None,
) -> tuple[Attempt, bool]:
    """Start an attempt on variant ``seed`` (default: a fresh random one); ``(attempt, created)``.

    A start form sent twice gets the attempt the first one created; with an
    ``assignment``, :class:`AttemptsUsedUp` when the student has none left
    (see :func:`quizgen.storage.start_attempt`).
    """
    options = options or QuizOptions()
    chosen_seed = random_seed() if seed is None else seed
    quiz = build_quiz(entry.lesson, chosen_seed, options, bank=entry.bank)
    new = NewAttempt(
        start_token=start_token,
        lesson_id=entry.lesson.id,
        lesson_hash=entry.content_hash,
        seed=chosen_seed,
        variant_code=variant_code(chosen_seed),
        options=options.describe(),
        student_name=student_name,
        class_code=class_code or None,
        max_score=quiz.max_points,
        student_key=key,
    )
    return store_new_attempt(db_session(), new, assignment)


def grade_quiz(quiz: Quiz, responses: dict) -> list[ScoredResponse]:
    """Grade every item of the quiz; unanswered items score 0, open responses wait for the teacher."""
    scored = []
    for entry in quiz.items:
        response = responses.get(entry.id)
        outcome = grade(entry.item, response)
        scored.append(
            ScoredResponse(entry.id, entry.number, response, outcome.points, outcome.max_points, outcome.status)
        )
    return scored
