"""Students' attempts: starting one, saving its draft, handing it in."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    bindparam,
    insert,
    null,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import (
    Session,
)

from .classes import extra_attempts, next_attempt_number, next_submitted_number, submitted_attempts
from .engine import SQLITE_DURABLE_COMMIT, writing
from .tables import Assignment, AssignmentAttempt, Attempt, Response, student_key, table_of, utc_now


@dataclass(frozen=True)
class ScoredResponse:
    """A graded answer, ready to be stored."""

    item_id: str
    position: int
    response: Any
    points: float
    max_points: float
    status: str


def find_attempt(session: Session, public_id: str) -> Attempt | None:
    """The attempt with this public id, or ``None``."""
    return session.scalar(select(Attempt).where(Attempt.public_id == public_id))


def find_attempt_by_start_token(session: Session, start_token: str) -> Attempt | None:
    """The attempt a start form with this token created, or ``None``."""
    return session.scalar(select(Attempt).where(Attempt.start_token == start_token))


def record_submission(
    session: Session, attempt_id: int, expected_seq: int, responses: list[ScoredResponse], now: datetime | None = None
) -> bool:
    """Store the graded responses and close the attempt, atomically; False when the form was stale.

    The attempt is closed only if it is still open and still at
    ``expected_seq``; otherwise nothing is written.  The transaction is
    committed before this returns True, so the caller may acknowledge.
    An ``Attempt`` already loaded in ``session`` keeps its old values until refreshed.

    In an assignment the submission is counted against the student's
    allowance in the same transaction: :class:`AttemptsUsedUp`, with
    nothing written, when they have already submitted every attempt allowed
    (from another device, or in a race with another submission).
    """
    # A lost race for a submitted number means another submission of the student's was just counted: count
    # again.  Every round someone wins, so the allowance runs out in time; the bound is only a safety net.
    for round_number in range(_SUBMIT_ROUNDS):
        try:
            return _record_submission(session, attempt_id, expected_seq, responses, now)
        except IntegrityError:
            if round_number == _SUBMIT_ROUNDS - 1:
                raise
    raise AssertionError("unreachable")


_SUBMIT_ROUNDS = 64


def _record_submission(
    session: Session, attempt_id: int, expected_seq: int, responses: list[ScoredResponse], now: datetime | None
) -> bool:
    # Plain table statements: nothing here needs the ORM identity map, and rowcount must be exact.
    attempts, stored = table_of(Attempt), table_of(Response)
    if session.get_bind().dialect.name == "sqlite":
        # A student's handed-in work waits for the disk, unlike a draft: it survives a power cut too.
        session.execute(SQLITE_DURABLE_COMMIT)
    with writing(session):
        # An UPDATE's result is a CursorResult, which has the rowcount; Session.execute's types only say Result.
        result = cast(
            CursorResult[Any],
            session.execute(
                update(attempts)
                .where(attempts.c.id == attempt_id, attempts.c.seq == expected_seq, attempts.c.submitted_at.is_(None))
                .values(
                    submitted_at=now or utc_now(),
                    seq=attempts.c.seq + 1,
                    score=sum(r.points for r in responses),
                    draft=null(),
                )
            ),
        )
        if result.rowcount != 1:
            return False
        _count_submission(session, attempt_id)
        if responses:
            session.execute(
                insert(stored),
                [
                    {
                        "attempt_id": attempt_id,
                        "item_id": r.item_id,
                        "position": r.position,
                        "response": r.response,
                        "points": r.points,
                        "max_points": r.max_points,
                        "status": r.status,
                    }
                    for r in responses
                ],
            )
    return True


class AttemptsUsedUp(Exception):
    """The student has submitted every attempt the assignment allows."""


def _count_submission(session: Session, attempt_id: int) -> None:
    """Number the attempt among its student's submitted ones, or raise :class:`AttemptsUsedUp` (in a transaction)."""
    link = session.execute(
        select(AssignmentAttempt.assignment_id, AssignmentAttempt.student_key).where(
            AssignmentAttempt.attempt_id == attempt_id
        )
    ).first()
    if link is None:
        return  # not in an assignment: nothing limits it
    assignment_id, key = link
    # The number is read before the count, and the order matters where each statement sees the latest commits
    # (PostgreSQL): a hand-in committed after the number was read either takes the same number (this one then
    # fails on the unique index and counts again) or is already in the count.  Counted first, a hand-in
    # committed in between would be missed by the count and passed by the number.
    number = next_submitted_number(session, assignment_id, key)
    allowed = session.scalar(select(Assignment.attempts_allowed).where(Assignment.id == assignment_id)) or 0
    if submitted_attempts(session, assignment_id, key) >= allowed + extra_attempts(session, assignment_id, key):
        raise AttemptsUsedUp()
    session.execute(
        update(AssignmentAttempt)
        .where(AssignmentAttempt.attempt_id == attempt_id)
        .values(submitted_number=number)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class NewAttempt:
    """What an attempt starts with; the variant (``seed``) and its maximum score are fixed by the caller."""

    start_token: str
    lesson_id: str
    lesson_hash: str
    seed: int
    variant_code: str
    options: dict[str, Any]
    student_name: str
    class_code: str | None
    max_score: float
    # Who the attempt counts for in an assignment: a roster student's ``r:<id>``; None means by typed name.
    student_key: str | None = None


# Starts of one student racing for the next number: each lost round means another start won one.
_START_ROUNDS = 8


def start_attempt(session: Session, new: NewAttempt, assignment: Assignment | None = None) -> tuple[Attempt, bool]:
    """Store a new attempt, committed, or find the one its start token already made; ``(attempt, created)``.

    A start form sent twice (double click, refresh, back button) carries the
    same token and gets the attempt the first one created.  With an
    ``assignment`` the attempt is numbered for the student and linked in the
    same transaction; :class:`AttemptsUsedUp` when they have already
    submitted every attempt allowed (attempts started and never submitted do
    not count; :func:`record_submission` checks the allowance again).
    Starts racing for the same number cannot both win (the numbers are
    unique): the loser counts again.
    """
    rounds = 1 if assignment is None else _START_ROUNDS
    for last_round in (index == rounds - 1 for index in range(rounds)):
        existing = find_attempt_by_start_token(session, new.start_token)
        if existing is not None:
            return existing, False
        attempt = Attempt(
            start_token=new.start_token,
            lesson_id=new.lesson_id,
            lesson_hash=new.lesson_hash,
            variant_code=new.variant_code,
            seed=new.seed,
            options=new.options,
            student_name=new.student_name,
            class_code=new.class_code,
            max_score=new.max_score,
        )
        if assignment is not None:
            key = new.student_key or student_key(new.student_name)
            if submitted_attempts(session, assignment.id, key) >= assignment.attempts_allowed + extra_attempts(
                session, assignment.id, key
            ):
                session.rollback()
                raise AttemptsUsedUp()
            number = next_attempt_number(session, assignment.id, key)
            attempt.link = AssignmentAttempt(assignment_id=assignment.id, student_key=key, number=number)
        session.add(attempt)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            existing = find_attempt_by_start_token(session, new.start_token)
            if existing is not None:
                return existing, False  # the same form, sent twice at the same moment
            if last_round:
                raise
            continue  # another start took this attempt number: count again
        return attempt, True
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class DraftTarget:
    """What a save needs to know about an attempt, read in one statement without loading the ORM object."""

    id: int
    public_id: str
    lesson_id: str
    lesson_hash: str
    seq: int
    is_submitted: bool
    student_key: str | None
    """The assignment's student key (``r:<roster id>`` for a proven roster student), ``None`` outside a class."""


_ATTEMPTS, _LINKS = table_of(Attempt), table_of(AssignmentAttempt)
# Built once: students save every few seconds, and building a statement costs more than running this one.
_DRAFT_TARGET = (
    select(
        _ATTEMPTS.c.id,
        _ATTEMPTS.c.lesson_id,
        _ATTEMPTS.c.lesson_hash,
        _ATTEMPTS.c.seq,
        _ATTEMPTS.c.submitted_at.is_not(None).label("submitted"),
        _LINKS.c.student_key,
    )
    .select_from(_ATTEMPTS.outerjoin(_LINKS, _LINKS.c.attempt_id == _ATTEMPTS.c.id))
    .where(_ATTEMPTS.c.public_id == bindparam("attempt"))
)
_SAVE_DRAFT = (
    update(_ATTEMPTS)
    .where(
        _ATTEMPTS.c.public_id == bindparam("attempt"),
        _ATTEMPTS.c.seq == bindparam("expected_seq"),
        _ATTEMPTS.c.submitted_at.is_(None),
    )
    .values(draft=bindparam("new_draft"), draft_saved_at=bindparam("saved_at"), seq=_ATTEMPTS.c.seq + 1)
    .returning(_ATTEMPTS.c.lesson_id, _ATTEMPTS.c.lesson_hash)
)
# The same, for a browser that does not hold the attempt but has proven to be one of these roster students.
_SAVE_STUDENTS_DRAFT = _SAVE_DRAFT.where(
    _ATTEMPTS.c.id.in_(
        select(_LINKS.c.attempt_id).where(_LINKS.c.student_key.in_(bindparam("student_keys", expanding=True)))
    )
)


@dataclass(frozen=True)
class SavedDraft:
    """A stored draft: the attempt's new sequence number (the page's next save carries it) and its lesson."""

    seq: int
    lesson_id: str


_DRAFTS_NEED_NO_FLUSH = text("SET LOCAL synchronous_commit TO OFF")


def find_draft_target(db: Session | Connection, public_id: str) -> DraftTarget | None:
    """The attempt with this public id as a save sees it, or ``None`` (one indexed SELECT, no ORM load)."""
    row = db.execute(_DRAFT_TARGET, {"attempt": public_id}).first()
    if row is None:
        return None
    return DraftTarget(row.id, public_id, row.lesson_id, row.lesson_hash, row.seq, bool(row.submitted), row.student_key)


def save_draft(
    db: Session | Connection,
    public_id: str,
    expected_seq: int,
    draft: dict[str, list[str]],
    now: datetime | None = None,
    *,
    student_keys: Collection[str] | None = None,
    lesson_is_current: Callable[[str, str], bool] | None = None,
) -> SavedDraft | None:
    """Store the answers of an open attempt as a draft, committed; its new sequence number and lesson, or None.

    One conditional UPDATE: it writes only if the attempt is open and at
    ``expected_seq`` (a save from an out-of-date page, after another device
    saved or the quiz was submitted, or a replayed request writes nothing),
    and, with ``student_keys``, only if the attempt belongs to one of those
    roster students.  ``lesson_is_current(lesson_id, lesson_hash)`` can
    refuse it before the commit (the author edited the lesson since).  On
    None, :func:`find_draft_target` tells why.  ``db`` may be a bare
    Connection: a save needs no ORM session.
    """
    values: dict[str, Any] = {
        "attempt": public_id,
        "expected_seq": expected_seq,
        "new_draft": draft,
        "saved_at": now or utc_now(),
    }
    statement = _SAVE_DRAFT
    if student_keys is not None:
        statement, values["student_keys"] = _SAVE_STUDENTS_DRAFT, list(student_keys)
    try:
        if (db.get_bind() if isinstance(db, Session) else db).dialect.name == "postgresql":
            # The draft's commit does not wait for the disk: a server crash may lose the last seconds of a draft
            # (the page still holds them), never a submission, and it can never leave half a draft.
            db.execute(_DRAFTS_NEED_NO_FLUSH)
        row = db.execute(statement, values).first()
        if row is None or (lesson_is_current is not None and not lesson_is_current(row.lesson_id, row.lesson_hash)):
            db.rollback()
            return None
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return SavedDraft(expected_seq + 1, row.lesson_id)
