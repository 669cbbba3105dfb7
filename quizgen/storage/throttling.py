"""Counts of events in a time window (the web app's limits), and the clean-up of old rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    case,
    delete,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import (
    Session,
)

from .engine import writing
from .print_jobs import PRINT_JOBS_KEPT
from .tables import Attempt, PrintJob, ThrottleCount, UTCDateTime, table_of, utc_now


@dataclass(frozen=True)
class WindowCount:
    """A key's count in its current window, and when that window ends."""

    count: int
    window_end: datetime


def count_event(session: Session, key: str, window: timedelta, now: datetime | None = None) -> WindowCount:
    """Add one to the key's count and return it, in one atomic statement (committed).

    The count starts again at 1 when the key's window (``window`` long, from
    its first event) has ended.  ``INSERT ... ON CONFLICT DO UPDATE ...
    RETURNING`` runs as one statement on SQLite and PostgreSQL, so two
    workers or two servers counting the same key at once both see it go up.
    """
    now = now or utc_now()
    table = table_of(ThrottleCount)
    dialect = session.get_bind().dialect.name
    insert_for = postgresql_insert if dialect == "postgresql" else sqlite_insert
    ended = table.c.window_start <= literal(now - window, UTCDateTime())
    statement = (
        insert_for(table)
        .values(key=key[:255], count=1, window_start=now)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "count": case((ended, 1), else_=table.c.count + 1),
                "window_start": case((ended, literal(now, UTCDateTime())), else_=table.c.window_start),
            },
        )
        .returning(table.c.count, table.c.window_start)
    )
    with writing(session):
        row = session.execute(statement).one()
    count, window_start = int(row[0]), cast(datetime, row[1])
    return WindowCount(count, window_start + window)


def current_count(session: Session, key: str, window: timedelta, now: datetime | None = None) -> WindowCount:
    """The key's count in its current window without adding to it (0 when its window has ended)."""
    now = now or utc_now()
    row = session.execute(
        select(ThrottleCount.count, ThrottleCount.window_start).where(ThrottleCount.key == key[:255])
    ).one_or_none()
    session.rollback()  # end the read transaction: a throttle check must not hold a snapshot or a lock
    if row is None or row[1] + window <= now:
        return WindowCount(0, now)
    return WindowCount(int(row[0]), row[1] + window)


def clear_count(session: Session, key: str) -> None:
    """Forget the key's count (committed)."""
    with writing(session):
        session.execute(delete(ThrottleCount).where(ThrottleCount.key == key[:255]))


def clear_all_counts(session: Session) -> None:
    """Forget every throttling count (committed): for an operator who locked themselves out, and for tests."""
    with writing(session):
        session.execute(delete(ThrottleCount))


@dataclass(frozen=True)
class Purged:
    """What :func:`purge_stale_rows` deleted."""

    attempts: int
    counts: int
    print_jobs: int = 0


def purge_stale_rows(
    session: Session, unsubmitted_older_than: timedelta, counts_older_than: timedelta, now: datetime | None = None
) -> Purged:
    """Delete attempts never submitted that started before ``unsubmitted_older_than`` ago, old throttling counts,
    and print jobs older than :data:`PRINT_JOBS_KEPT` (their PDFs leave the class-set folder by its size bound).

    An attempt's responses and its assignment link go with it (foreign keys
    cascade).  Submitted attempts are never touched.  Committed.
    """
    now = now or utc_now()
    with writing(session):
        attempts = cast(
            CursorResult[Any],
            session.execute(
                delete(Attempt).where(Attempt.submitted_at.is_(None), Attempt.started_at < now - unsubmitted_older_than)
            ),
        ).rowcount
        counts = cast(
            CursorResult[Any],
            session.execute(delete(ThrottleCount).where(ThrottleCount.window_start < now - counts_older_than)),
        ).rowcount
        print_jobs = cast(
            CursorResult[Any], session.execute(delete(PrintJob).where(PrintJob.created_at < now - PRINT_JOBS_KEPT))
        ).rowcount
    return Purged(attempts, counts, print_jobs)
