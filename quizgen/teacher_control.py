"""A teacher's control over attempts and assignments: every write owns its transaction, as in :mod:`quizgen.storage`.

Kept beside :mod:`quizgen.storage` (which holds the models) so that the student
side and the teacher side can grow apart: extra attempts, reopening,
excluding or deleting an attempt, closing, extending, editing, archiving,
and comments on answers.  Attempts are addressed by their public id and
always together with the assignment they belong to, so a form cannot reach
another assignment's attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from .storage import (
    FEEDBACK_MODES,
    Assignment,
    AssignmentAttempt,
    Attempt,
    AttemptAllowance,
    Response,
    utc_now,
    writing,
)

COMMENT_MAX = 2000


def _linked_attempt_id(session: Session, assignment_id: int, public_id: str) -> int | None:
    return session.scalar(
        select(Attempt.id)
        .join(AssignmentAttempt, AssignmentAttempt.attempt_id == Attempt.id)
        .where(Attempt.public_id == public_id, AssignmentAttempt.assignment_id == assignment_id)
    )


def allow_another_attempt(session: Session, assignment_id: int, key: str) -> int:
    """Let one student start one more attempt than the assignment allows; returns their extra attempts now."""
    with writing(session):
        allowance = session.get(AttemptAllowance, (assignment_id, key))
        if allowance is None:
            allowance = AttemptAllowance(assignment_id=assignment_id, student_key=key, extra=0)
            session.add(allowance)
        allowance.extra += 1
        extra = allowance.extra
    return extra


def set_excluded(session: Session, assignment_id: int, public_id: str, excluded: bool) -> bool:
    """Leave an attempt out of (or put it back into) statistics, gradebook, counts and class sets."""
    with writing(session):
        attempt_id = _linked_attempt_id(session, assignment_id, public_id)
        if attempt_id is None:
            return False
        session.execute(
            update(AssignmentAttempt).where(AssignmentAttempt.attempt_id == attempt_id).values(excluded=excluded)
        )
    return True


def delete_attempt(session: Session, assignment_id: int, public_id: str) -> bool:
    """Delete an attempt and its answers for good (a teacher's test run); False when it is not this assignment's."""
    with writing(session):
        attempt_id = _linked_attempt_id(session, assignment_id, public_id)
        if attempt_id is None:
            return False
        session.execute(delete(Response).where(Response.attempt_id == attempt_id))
        session.execute(delete(AssignmentAttempt).where(AssignmentAttempt.attempt_id == attempt_id))
        session.execute(delete(Attempt).where(Attempt.id == attempt_id))
    return True


def reset_attempt(session: Session, assignment_id: int, public_id: str) -> bool:
    """Open a handed-in attempt again with no answers, on the same variant; the student submits it anew.

    The sequence number moves on, so a form rendered before the reset is
    refused as stale rather than written over the fresh start.
    """
    with writing(session):
        attempt_id = _linked_attempt_id(session, assignment_id, public_id)
        if attempt_id is None:
            return False
        session.execute(delete(Response).where(Response.attempt_id == attempt_id))
        session.execute(
            update(Attempt)
            .where(Attempt.id == attempt_id)
            .values(submitted_at=None, score=None, seq=Attempt.seq + 1, started_at=utc_now())
        )
        # Open again, it no longer counts against the allowance until it is submitted anew.
        session.execute(
            update(AssignmentAttempt).where(AssignmentAttempt.attempt_id == attempt_id).values(submitted_number=None)
        )
    return True


def set_close_date(session: Session, assignment_id: int, closes_at: datetime | None) -> None:
    """Close the assignment at ``closes_at`` (now, to close it at once; later, to extend; None for never)."""
    with writing(session):
        session.execute(update(Assignment).where(Assignment.id == assignment_id).values(closes_at=closes_at))


def set_archived(session: Session, assignment_id: int, archived: bool) -> None:
    """Archive the assignment (no new attempts, listed apart; results stay) or bring it back."""
    with writing(session):
        session.execute(
            update(Assignment).where(Assignment.id == assignment_id).values(archived_at=utc_now() if archived else None)
        )


@dataclass(frozen=True)
class SettingsChange:
    """New settings for an assignment that may already have attempts."""

    attempts_allowed: int
    feedback: str
    closes_at: datetime | None


def update_settings(session: Session, assignment_id: int, change: SettingsChange, students_started: bool) -> None:
    """Store new settings; when students had started, remember when, so the page can say so."""
    if change.feedback not in FEEDBACK_MODES:
        raise ValueError(f"unknown feedback {change.feedback!r}")
    values: dict[str, Any] = {
        "attempts_allowed": change.attempts_allowed,
        "feedback": change.feedback,
        "closes_at": change.closes_at,
    }
    if students_started:
        values["settings_changed_at"] = utc_now()
    with writing(session):
        session.execute(update(Assignment).where(Assignment.id == assignment_id).values(**values))


@dataclass(frozen=True)
class Comment:
    """A teacher's comment on one answer; empty text removes it."""

    attempt_id: int
    item_id: str
    text: str


def record_comments(session: Session, assignment_id: int, comments: list[Comment]) -> int:
    """Store comments on answers of this assignment's attempts (others are ignored); returns rows changed."""
    if not comments:
        return 0
    linked = select(AssignmentAttempt.attempt_id).where(AssignmentAttempt.assignment_id == assignment_id)
    changed = 0
    with writing(session):
        for comment in comments:
            text = comment.text.strip()[:COMMENT_MAX] or None
            result = cast(
                CursorResult[Any],
                session.execute(
                    update(Response)
                    .where(
                        Response.attempt_id == comment.attempt_id,
                        Response.item_id == comment.item_id,
                        Response.attempt_id.in_(linked),
                        Response.comment.is_distinct_from(text),
                    )
                    .values(comment=text)
                ),
            )
            changed += result.rowcount
    return changed
