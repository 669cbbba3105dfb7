"""Classes as students meet them: the class code on the lesson page, and an assignment's rules.

A code names a class; the class's most recent assignment of the lesson is
the one the attempt joins, with its settings: the questions drawn, one
shared variant or one each, attempts allowed, and whether results wait for
the close date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from ..quiz import QuizOptions, random_seed
from ..storage import Assignment, Attempt, SchoolClass, current_assignment, find_class_by_join_code
from .attempts import quiz_options
from .database import db_session
from .limits import class_code_refusal, count_wrong_class_code


@dataclass(frozen=True)
class Enrolment:
    """The class a code names and its assignment of the lesson."""

    school_class: SchoolClass
    assignment: Assignment


class JoinError(Exception):
    """Why a class code cannot be used for this lesson (the message is for the student) and the page's status."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


def join(code: str, lesson_id: str) -> Enrolment:
    """The class and assignment a typed code leads to, or :class:`JoinError` saying what is wrong.

    A code that names no class and one whose class was not given this
    lesson get the same answer, and both count as a wrong guess from the
    client's address (see :mod:`quizgen.web.limits`): the answer never
    confirms that a guessed code exists.
    """
    refusal = class_code_refusal()
    if refusal is not None:
        raise JoinError(refusal.message, status=429)
    db = db_session()
    school_class = find_class_by_join_code(db, code)
    assignment = current_assignment(db, school_class.id, lesson_id) if school_class is not None else None
    if school_class is None or assignment is None:
        count_wrong_class_code()
        raise JoinError(
            _(
                "No class with the code \u201c%(code)s\u201d has been given this lesson. Check the code your "
                "teacher gave you (six letters and digits, like K7Q-M2X) and that you opened the lesson your "
                "teacher set: your class page (Join a class) lists them.",
                code=code[:20],
            )
        )
    if assignment.is_closed():
        raise JoinError(
            _(
                "This assignment closed on %(time)s. Ask your teacher if you still need to take it.",
                time=local_time(assignment.closes_at),
            )
        )
    return Enrolment(school_class, assignment)


def assignment_options(assignment: Assignment) -> QuizOptions:
    """The quiz options the assignment's attempts use."""
    return quiz_options(assignment.options)


def seed_for(assignment: Assignment, seen: set[int]) -> int:
    """The variant of a student's next attempt at the assignment, chosen by the server alone.

    The class's shared variant for a first attempt in a shared assignment,
    otherwise a fresh random one; never one in ``seen`` (the variants of the
    student's earlier attempts, whose keys a result page may have shown).
    A variant code the student types is not asked: in an assignment it would
    let them pick a variant whose answers they know.
    """
    if assignment.variant_mode == "shared" and assignment.class_seed not in seen:
        return assignment.class_seed
    while True:
        seed = random_seed()
        if seed not in seen:
            return seed


def assignment_of(attempt: Attempt) -> Assignment | None:
    """The assignment an attempt was made for, if any."""
    link = attempt.link
    return link.assignment if link is not None else None


def time_zone() -> ZoneInfo:
    """The zone dates are entered and shown in (``QUIZGEN_TIMEZONE``)."""
    return ZoneInfo(current_app.config.get("TIMEZONE") or "UTC")


def local_time(value: datetime | None, with_zone: bool = True) -> str:
    """A stored UTC time as the site's local time, e.g. ``2025-06-30 15:00 CEST``."""
    if value is None:
        return ""
    local = value.astimezone(time_zone())
    text = local.strftime("%Y-%m-%d %H:%M")
    return f"{text} {local.tzname()}" if with_zone else text
