"""Teachers, classes and assignments: who teaches what, the counts every page shows, marks."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Text,
    bindparam,
    false,
    func,
    literal,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import (
    Session,
    contains_eager,
)

from .engine import writing
from .tables import (
    FEEDBACK_MODES,
    JOIN_CODE_LENGTH,
    VARIANT_MODES,
    Assignment,
    AssignmentAttempt,
    Attempt,
    AttemptAllowance,
    Response,
    SchoolClass,
    Teacher,
    new_join_code,
    new_session_token,
    normalize_join_code,
    table_of,
)


def find_teacher_by_email(session: Session, email: str) -> Teacher | None:
    """The teacher with this e-mail address (compared in lower case), or ``None``."""
    return session.scalar(select(Teacher).where(Teacher.email == email.strip().lower()))


def find_teacher_by_session_token(session: Session, token: str) -> Teacher | None:
    """The teacher whose current session token this is, or ``None`` (signed out, or never valid)."""
    if not token:
        return None
    return session.scalar(select(Teacher).where(Teacher.session_token == token))


def create_teacher(session: Session, email: str, password_hash: str) -> Teacher:
    """A new teacher account, committed (the e-mail address is stored in lower case)."""
    teacher = Teacher(email=email.strip().lower(), password_hash=password_hash)
    with writing(session):
        session.add(teacher)
    return teacher


def set_teacher_password(session: Session, teacher_id: int, password_hash: str) -> None:
    """Store a new password and end every session signed in with the old one, in one transaction."""
    with writing(session):
        session.execute(
            update(Teacher)
            .where(Teacher.id == teacher_id)
            .values(password_hash=password_hash, session_token=new_session_token())
        )


def end_teacher_sessions(session: Session, teacher_id: int) -> None:
    """Replace the teacher's session token (and commit): every cookie signed in with the old one stops working."""
    with writing(session):
        session.execute(update(Teacher).where(Teacher.id == teacher_id).values(session_token=new_session_token()))


def create_class(session: Session, teacher_id: int, name: str, attempts: int = 5) -> SchoolClass:
    """A new class with a fresh join code (drawn again on the rare collision), committed."""
    for attempt in range(1, attempts + 1):
        school_class = SchoolClass(teacher_id=teacher_id, name=name, join_code=new_join_code())
        session.add(school_class)
        try:
            session.commit()
            return school_class
        except IntegrityError:
            session.rollback()
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def create_assignment(
    session: Session,
    class_id: int,
    lesson_id: str,
    options: dict[str, Any],
    *,
    class_seed: int,
    variant_mode: str = "per-student",
    attempts_allowed: int = 1,
    feedback: str = "immediate",
    closes_at: datetime | None = None,
) -> Assignment:
    """A lesson given to a class, committed; from now on the class's code joins this assignment of the lesson."""
    if variant_mode not in VARIANT_MODES or feedback not in FEEDBACK_MODES:
        raise ValueError(f"unknown variant mode {variant_mode!r} or feedback {feedback!r}")
    assignment = Assignment(
        class_id=class_id,
        lesson_id=lesson_id,
        options=options,
        variant_mode=variant_mode,
        class_seed=class_seed,
        attempts_allowed=attempts_allowed,
        feedback=feedback,
        closes_at=closes_at,
    )
    with writing(session):
        session.add(assignment)
    return assignment


def find_class_by_join_code(session: Session, typed: str) -> SchoolClass | None:
    """The class a student's typed code names, or ``None``."""
    code = normalize_join_code(typed)
    if len(code) != JOIN_CODE_LENGTH:
        return None
    return session.scalar(select(SchoolClass).where(SchoolClass.join_code == code))


def teacher_class(session: Session, teacher_id: int, public_id: str) -> SchoolClass | None:
    """The class with this public id if this teacher owns it, else ``None`` (another teacher's class looks absent)."""
    return session.scalar(
        select(SchoolClass).where(SchoolClass.public_id == public_id, SchoolClass.teacher_id == teacher_id)
    )


def teacher_assignment(session: Session, teacher_id: int, public_id: str) -> Assignment | None:
    """The assignment with this public id if it belongs to one of this teacher's classes, else ``None``."""
    return session.scalar(
        select(Assignment)
        .join(SchoolClass, Assignment.class_id == SchoolClass.id)
        .where(Assignment.public_id == public_id, SchoolClass.teacher_id == teacher_id)
        .options(contains_eager(Assignment.school_class))
    )


def current_assignment(session: Session, class_id: int, lesson_id: str) -> Assignment | None:
    """The class's most recent assignment of this lesson (the one a student's code joins), or ``None``."""
    return session.scalar(
        select(Assignment)
        .where(Assignment.class_id == class_id, Assignment.lesson_id == lesson_id)
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class StudentCounts:
    """Who has taken part, counted the same way on the dashboard, class and assignment pages.

    Each student counts once per assignment (by their key), excluded test
    attempts not at all: ``submitted`` students have handed in at least one
    attempt, ``in_progress`` students have started but handed in none, and
    ``students`` is the two together.
    """

    submitted: int = 0
    in_progress: int = 0

    @property
    def students(self) -> int:
        """Everyone who started: submitted plus in progress."""
        return self.submitted + self.in_progress

    def __add__(self, other: StudentCounts) -> StudentCounts:
        return StudentCounts(self.submitted + other.submitted, self.in_progress + other.in_progress)


def student_counts(session: Session, assignment_ids: list[int]) -> dict[int, StudentCounts]:
    """:class:`StudentCounts` of each assignment, in one query (assignments nobody started count zero)."""
    counts = dict.fromkeys(assignment_ids, StudentCounts())
    if not assignment_ids:
        return counts
    per_student = (
        select(
            AssignmentAttempt.assignment_id.label("assignment_id"),
            AssignmentAttempt.student_key.label("student_key"),
            func.count(Attempt.submitted_at).label("handed_in"),
        )
        .join(Attempt, Attempt.id == AssignmentAttempt.attempt_id)
        .where(AssignmentAttempt.assignment_id.in_(assignment_ids), AssignmentAttempt.excluded.is_(false()))
        .group_by(AssignmentAttempt.assignment_id, AssignmentAttempt.student_key)
        .subquery()
    )
    rows = session.execute(
        select(
            per_student.c.assignment_id,
            func.count().filter(per_student.c.handed_in > 0),
            func.count().filter(per_student.c.handed_in == 0),
        ).group_by(per_student.c.assignment_id)
    )
    for assignment_id, submitted, in_progress in rows:
        counts[cast(int, assignment_id)] = StudentCounts(cast(int, submitted), cast(int, in_progress))
    return counts


def class_summaries(session: Session, teacher_id: int) -> list[tuple[SchoolClass, int, StudentCounts]]:
    """Each of the teacher's classes with its number of assignments and its students' counts summed over them."""
    classes = list(
        session.scalars(
            select(SchoolClass).where(SchoolClass.teacher_id == teacher_id).order_by(SchoolClass.name, SchoolClass.id)
        )
    )
    if not classes:
        return []
    assignments = session.execute(
        select(Assignment.id, Assignment.class_id).where(Assignment.class_id.in_([c.id for c in classes]))
    ).all()
    counts = student_counts(session, [assignment_id for assignment_id, _ in assignments])
    totals = {c.id: (0, StudentCounts()) for c in classes}
    for assignment_id, class_id in assignments:
        number, summed = totals[class_id]
        totals[class_id] = (number + 1, summed + counts[assignment_id])
    return [(c, *totals[c.id]) for c in classes]


def assignment_summaries(session: Session, class_id: int) -> list[tuple[Assignment, StudentCounts]]:
    """The class's assignments (newest first), each with its :class:`StudentCounts`."""
    assignments = list(
        session.scalars(
            select(Assignment)
            .where(Assignment.class_id == class_id)
            .order_by(Assignment.created_at.desc(), Assignment.id.desc())
        )
    )
    counts = student_counts(session, [a.id for a in assignments])
    return [(a, counts[a.id]) for a in assignments]


def extra_attempts(session: Session, assignment_id: int, key: str) -> int:
    """Attempts the teacher allowed this student beyond the assignment's own number."""
    extra = session.scalar(
        select(AttemptAllowance.extra).where(
            AttemptAllowance.assignment_id == assignment_id, AttemptAllowance.student_key == key
        )
    )
    return extra or 0


def extra_attempts_by_assignment(session: Session, key: str, assignment_ids: list[int]) -> dict[int, int]:
    """The extra attempts one student was allowed at each of these assignments (absent: none), in one query."""
    rows = session.execute(
        select(AttemptAllowance.assignment_id, AttemptAllowance.extra).where(
            AttemptAllowance.student_key == key, AttemptAllowance.assignment_id.in_(assignment_ids)
        )
    )
    return {row.assignment_id: row.extra for row in rows}


def next_attempt_number(session: Session, assignment_id: int, key: str) -> int:
    """The number the student's next attempt at the assignment gets (1 for the first)."""
    last = session.scalar(
        select(func.max(AssignmentAttempt.number)).where(
            AssignmentAttempt.assignment_id == assignment_id, AssignmentAttempt.student_key == key
        )
    )
    return (last or 0) + 1


def next_submitted_number(session: Session, assignment_id: int, key: str) -> int:
    """The number the student's next submitted attempt at the assignment gets.

    Past the largest, not the count: a deleted attempt leaves a gap.
    """
    last = session.scalar(
        select(func.max(AssignmentAttempt.submitted_number)).where(
            AssignmentAttempt.assignment_id == assignment_id, AssignmentAttempt.student_key == key
        )
    )
    return (last or 0) + 1


def submitted_attempts(session: Session, assignment_id: int, key: str) -> int:
    """How many attempts the student has submitted at the assignment: the ones its allowance counts."""
    return (
        session.scalar(
            select(func.count(AssignmentAttempt.submitted_number)).where(
                AssignmentAttempt.assignment_id == assignment_id, AssignmentAttempt.student_key == key
            )
        )
        or 0
    )


def attempts_by_student(session: Session, assignment_id: int, key: str) -> list[Attempt]:
    """One student's attempts at an assignment, in the order they were started."""
    return list(
        session.scalars(
            select(Attempt)
            .join(AssignmentAttempt, AssignmentAttempt.attempt_id == Attempt.id)
            .where(AssignmentAttempt.assignment_id == assignment_id, AssignmentAttempt.student_key == key)
            .order_by(AssignmentAttempt.number)
        )
    )


@dataclass(frozen=True)
class AttemptRow:
    """One attempt at an assignment as the results page lists it."""

    id: int
    public_id: str
    student_name: str
    student_key: str
    number: int
    variant_code: str
    seed: int
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    max_score: float
    excluded: bool = False


class ResponseRow(NamedTuple):
    """One stored response of an attempt at an assignment (a named tuple: a results page builds thousands)."""

    attempt_id: int
    item_id: str
    position: int
    response: Any
    points: float
    max_points: float
    status: str
    comment: str | None = None


def assignment_attempt_rows(session: Session, assignment_id: int, key: str | None = None) -> list[AttemptRow]:
    """Every attempt at the assignment (or only one student's, by ``key``), in one query."""
    query = (
        select(
            Attempt.id,
            Attempt.public_id,
            Attempt.student_name,
            AssignmentAttempt.student_key,
            AssignmentAttempt.number,
            Attempt.variant_code,
            Attempt.seed,
            Attempt.started_at,
            Attempt.submitted_at,
            Attempt.score,
            Attempt.max_score,
            AssignmentAttempt.excluded,
        )
        .join(AssignmentAttempt, AssignmentAttempt.attempt_id == Attempt.id)
        .where(AssignmentAttempt.assignment_id == assignment_id)
        .order_by(Attempt.started_at, Attempt.id)
    )
    if key is not None:
        query = query.where(AssignmentAttempt.student_key == key)
    return [AttemptRow(*row) for row in session.execute(query)]


def assignment_response_rows(
    session: Session,
    assignment_id: int,
    item_ids: list[str] | None = None,
    *,
    attempt_ids: list[int] | None = None,
    with_answers: bool = True,
) -> list[ResponseRow]:
    """Every stored response of the assignment's attempts, in one query.

    ``item_ids`` or ``attempt_ids`` keep only those items' or attempts' responses; without
    ``with_answers`` the answers themselves are not read (``response`` is None): the
    grid and the gradebook need only points and statuses, and decoding thousands of
    answers is most of the cost of the query.
    """
    responses, links = table_of(Response), table_of(AssignmentAttempt)
    # The answers are read as their JSON text and decoded here: the column type's own decoding costs twice as
    # much on a 9,000-row page, and the plain table columns skip the ORM's row processing.
    answer = sql_cast(responses.c.response, Text) if with_answers else literal(None)
    query = (
        select(
            responses.c.attempt_id,
            responses.c.item_id,
            responses.c.position,
            answer.label("response"),
            responses.c.points,
            responses.c.max_points,
            responses.c.status,
            responses.c.comment,
        )
        .join(links, links.c.attempt_id == responses.c.attempt_id)
        .where(links.c.assignment_id == assignment_id)
        .order_by(responses.c.attempt_id, responses.c.position)
    )
    if item_ids is not None:
        query = query.where(responses.c.item_id.in_(item_ids))
    if attempt_ids is not None:
        query = query.where(responses.c.attempt_id.in_(attempt_ids))
    rows = session.execute(query)
    if not with_answers:
        return [ResponseRow(*row) for row in cast(Iterable[tuple[Any, ...]], rows)]
    # Positional: the select lists ResponseRow's fields in order; only the answer is decoded on the way.
    return [
        ResponseRow(
            row[0], row[1], row[2], None if row[3] is None else json.loads(row[3]), row[4], row[5], row[6], row[7]
        )
        for row in cast(Iterable[tuple[Any, ...]], rows)
    ]


@dataclass(frozen=True)
class Mark:
    """A teacher's mark for one open response: ``points`` None puts it back to "awaiting marking"."""

    attempt_id: int
    item_id: str
    points: float | None


def record_marks(session: Session, assignment_id: int, marks: list[Mark]) -> int:
    """Store teacher marks and recompute the affected attempts' scores, in one transaction; returns rows changed.

    Only responses of this assignment's attempts that wait for or already
    have a mark change (never an unanswered one); a mark outside 0..max is
    clamped.  Three statements whatever the number of marks: one read, one
    batched update, one score recomputation.
    """
    if not marks:
        return 0
    with writing(session):
        return _store_marks(session, assignment_id, marks)


def _store_marks(session: Session, assignment_id: int, marks: list[Mark]) -> int:
    stored = table_of(Response)
    linked = select(AssignmentAttempt.attempt_id).where(AssignmentAttempt.assignment_id == assignment_id)
    current = {
        (row.attempt_id, row.item_id): row
        for row in session.execute(
            select(
                stored.c.id,
                stored.c.attempt_id,
                stored.c.item_id,
                stored.c.points,
                stored.c.max_points,
                stored.c.status,
            ).where(
                stored.c.item_id.in_(sorted({mark.item_id for mark in marks})),
                stored.c.status != "unanswered",
                stored.c.attempt_id.in_(linked),
            )
        )
    }
    changes = []
    touched: set[int] = set()
    for mark in marks:
        row = current.get((mark.attempt_id, mark.item_id))
        if row is None:
            continue
        if mark.points is None:
            points, status = 0.0, "pending"
        else:
            points = max(0.0, min(float(row.max_points), float(mark.points)))
            status = "correct" if points == row.max_points else "wrong" if points == 0 else "partial"
        if (points, status) != (row.points, row.status):
            changes.append({"row_id": row.id, "new_points": points, "new_status": status})
            touched.add(row.attempt_id)
    if changes:
        session.execute(
            update(stored)
            .where(stored.c.id == bindparam("row_id"))
            .values(points=bindparam("new_points"), status=bindparam("new_status")),
            changes,
        )
        attempts = table_of(Attempt)
        total = (
            select(func.coalesce(func.sum(stored.c.points), 0.0))
            .where(stored.c.attempt_id == attempts.c.id)
            .scalar_subquery()
        )
        session.execute(
            update(attempts)
            .where(attempts.c.id.in_(sorted(touched)), attempts.c.submitted_at.is_not(None))
            .values(score=total)
        )
    return len(changes)
