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

from ..quiz import QuizOptions
from ..storage import Assignment, Attempt, SchoolClass, current_assignment, find_class_by_join_code
from .attempts import quiz_options
from .database import db_session


@dataclass(frozen=True)
class Enrolment:
    """The class a code names and its assignment of the lesson."""

    school_class: SchoolClass
    assignment: Assignment


class JoinError(Exception):
    """Why a class code cannot be used for this lesson (the message is for the student)."""


def join(code: str, lesson_id: str) -> Enrolment:
    """The class and assignment a typed code leads to, or :class:`JoinError` saying what is wrong."""
    db = db_session()
    school_class = find_class_by_join_code(db, code)
    if school_class is None:
        raise JoinError(
            _(
                "No class has the code \u201c%(code)s\u201d. Check the code your teacher gave you "
                "(six letters and digits, like K7Q-M2X).",
                code=code[:20],
            )
        )
    assignment = current_assignment(db, school_class.id, lesson_id)
    if assignment is None:
        raise JoinError(
            _(
                "Your class has not been given this lesson. Check that you opened the lesson your "
                "teacher set: your class page (Join a class) lists them."
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


def seed_for(assignment: Assignment, chosen: int | None) -> int | None:
    """The variant an attempt at the assignment gets: the shared one, else the worksheet's (or None: random)."""
    return assignment.class_seed if assignment.variant_mode == "shared" else chosen


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
