"""Class rosters: students who prove their name with a personal code."""

from __future__ import annotations

from sqlalchemy import (
    func,
    select,
    update,
)
from sqlalchemy.orm import (
    Session,
)

from .classes import next_attempt_number, next_submitted_number
from .engine import writing
from .tables import (
    Assignment,
    AssignmentAttempt,
    Attempt,
    RosterStudent,
    new_personal_code,
    normalize_join_code,
    student_key,
)


def roster(session: Session, class_id: int) -> list[RosterStudent]:
    """The class's students, by name (then by when they joined)."""
    return list(
        session.scalars(
            select(RosterStudent)
            .where(RosterStudent.class_id == class_id)
            .order_by(func.lower(RosterStudent.name), RosterStudent.id)
        )
    )


def add_roster_students(
    session: Session, class_id: int, names: list[str], *, approved: bool = True
) -> list[RosterStudent]:
    """New roster students with fresh personal codes, committed (a repeated name is another student)."""
    students = [
        RosterStudent(class_id=class_id, name=name, code=new_personal_code(), approved=approved) for name in names
    ]
    with writing(session):
        session.add_all(students)
    return students


def find_roster_student(session: Session, class_id: int, public_id: str) -> RosterStudent | None:
    """The class's roster student with this public id, or ``None``."""
    return session.scalar(
        select(RosterStudent).where(RosterStudent.class_id == class_id, RosterStudent.public_id == public_id)
    )


def roster_student_by_id(session: Session, roster_id: int) -> RosterStudent | None:
    """The roster student with this id, or ``None`` (removed)."""
    return session.get(RosterStudent, roster_id)


def prove_roster_student(session: Session, class_id: int, name: str, code: str) -> RosterStudent | None:
    """The class's student with this name (case and spacing aside) and personal code, or ``None``."""
    typed_code = normalize_join_code(code)
    wanted = student_key(name)
    for candidate in session.scalars(
        select(RosterStudent).where(RosterStudent.class_id == class_id, RosterStudent.code == typed_code)
    ):
        if student_key(candidate.name) == wanted:
            return candidate
    return None


def update_roster_student(
    session: Session, student: RosterStudent, *, name: str | None = None, approved: bool | None = None
) -> None:
    """Rename or approve a roster student, committed (their attempts keep their key)."""
    with writing(session):
        if name is not None:
            student.name = name
        if approved is not None:
            student.approved = approved


def new_code_for(session: Session, student: RosterStudent) -> str:
    """Give the student a new personal code (the old one stops working), committed; returns it."""
    with writing(session):
        student.code = new_personal_code()
    return student.code


def remove_roster_student(session: Session, student: RosterStudent) -> None:
    """Take the student off the roster, committed; attempts they made stay in the results under their name."""
    with writing(session):
        session.delete(student)


def merge_roster_students(session: Session, keep: RosterStudent, duplicate: RosterStudent) -> None:
    """Make ``duplicate``'s attempts ``keep``'s and remove ``duplicate``, in one transaction.

    Their attempts are numbered after ``keep``'s own in each assignment, and
    take ``keep``'s name.
    """
    if keep.class_id != duplicate.class_id or keep.id == duplicate.id:
        raise ValueError("only two different students of one class can be merged")
    with writing(session):
        moved = session.scalars(
            select(AssignmentAttempt)
            .where(AssignmentAttempt.student_key == duplicate.key)
            .order_by(AssignmentAttempt.assignment_id, AssignmentAttempt.number)
        ).all()
        for link in moved:
            link.number = next_attempt_number(session, link.assignment_id, keep.key)
            if link.submitted_number is not None:
                link.submitted_number = next_submitted_number(session, link.assignment_id, keep.key)
            link.student_key = keep.key
            session.flush()  # the next count sees this one
        session.execute(
            update(Attempt).where(Attempt.id.in_([link.attempt_id for link in moved])).values(student_name=keep.name)
        )
        session.delete(duplicate)


def class_assignments(session: Session, class_id: int) -> list[Assignment]:
    """The class's assignments a student can see: the newest of each lesson, newest first."""
    newest: dict[str, Assignment] = {}
    for assignment in session.scalars(
        select(Assignment)
        .where(Assignment.class_id == class_id)
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())
    ):
        newest.setdefault(assignment.lesson_id, assignment)
    return list(newest.values())


def student_attempts_in_class(session: Session, class_id: int, key: str) -> list[tuple[Attempt, AssignmentAttempt]]:
    """A roster student's attempts at every assignment of the class, oldest first."""
    rows = session.execute(
        select(Attempt, AssignmentAttempt)
        .join(AssignmentAttempt, AssignmentAttempt.attempt_id == Attempt.id)
        .join(Assignment, Assignment.id == AssignmentAttempt.assignment_id)
        .where(Assignment.class_id == class_id, AssignmentAttempt.student_key == key)
        .order_by(AssignmentAttempt.assignment_id, AssignmentAttempt.number)
    )
    return [(attempt, link) for attempt, link in rows]
