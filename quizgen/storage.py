"""Stored quiz attempts and their responses (SQLAlchemy 2), independent of any web framework.

The same code runs on SQLite (the default: WAL mode, a busy timeout) and on
PostgreSQL.  The web app, the teacher pages and the benchmarks share these
models; later tables (teachers, classes, assignments) join :class:`Base`'s
metadata in this module so one ``create_schema`` call builds everything.

A submission is written by :func:`record_submission` in one transaction whose
first statement is a conditional ``UPDATE`` on the attempt's sequence
number: of two concurrent submissions of the same form, exactly one matches
the row, and the other writes nothing.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Engine,
    ForeignKey,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def new_public_id() -> str:
    """An unguessable id for URLs: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base; every quizgen table belongs to its metadata."""

    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class Attempt(Base):
    """One student's go at one variant of one lesson."""

    __tablename__ = "attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    # Idempotency key of the form that started the attempt: a double-clicked start button finds this row.
    start_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    lesson_id: Mapped[str] = mapped_column(String(80), index=True)
    lesson_hash: Mapped[str] = mapped_column(String(64))
    variant_code: Mapped[str] = mapped_column(String(16))
    seed: Mapped[int] = mapped_column(BigInteger)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    student_name: Mapped[str] = mapped_column(String(80))
    class_code: Mapped[str | None] = mapped_column(String(40), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float | None]
    max_score: Mapped[float]
    # Bumped by every state change; a form carries the value it was rendered with (stale-form check).
    seq: Mapped[int] = mapped_column(default=0)

    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def is_submitted(self) -> bool:
        """Whether the quiz was handed in."""
        return self.submitted_at is not None


class Response(Base):
    """The stored answer to one item of a submitted attempt."""

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("attempt_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    response: Mapped[Any | None] = mapped_column(JSON)
    points: Mapped[float]
    max_points: Mapped[float]
    status: Mapped[str] = mapped_column(String(16))

    attempt: Mapped[Attempt] = relationship(back_populates="responses")


@dataclass(frozen=True)
class ScoredResponse:
    """A graded answer, ready to be stored."""

    item_id: str
    position: int
    response: Any
    points: float
    max_points: float
    status: str


def normalize_database_url(url: str) -> str:
    """Accept ``postgres://`` and driverless ``postgresql://`` URLs; quizgen ships the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite connections get WAL mode, a busy timeout and foreign keys."""
    engine = create_engine(normalize_database_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str, **engine_options: Any):
        self.engine = make_engine(url, **engine_options)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_schema(self) -> None:
        """Create missing tables (safe to call on every start, also from several processes at once)."""
        create_schema(self.engine)

    def session(self) -> Session:
        """A new session; the caller closes it."""
        return self.sessions()


def create_schema(engine: Engine, attempts: int = 5) -> None:
    """Create every missing table.

    Workers starting together may race to create the same table; the loser
    gets an error, waits, and finds the tables there on its next try.
    """
    for attempt in range(1, attempts + 1):
        try:
            Base.metadata.create_all(engine)
            return
        except DBAPIError:
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)


def find_attempt(session: Session, public_id: str) -> Attempt | None:
    """The attempt with this public id, or ``None``."""
    return session.scalar(select(Attempt).where(Attempt.public_id == public_id))


def find_attempt_by_start_token(session: Session, start_token: str) -> Attempt | None:
    """The attempt a start form with this token created, or ``None``."""
    return session.scalar(select(Attempt).where(Attempt.start_token == start_token))


def record_submission(session: Session, attempt_id: int, expected_seq: int,
                      responses: list[ScoredResponse], now: datetime | None = None) -> bool:
    """Store the graded responses and close the attempt, atomically; False when the form was stale.

    The attempt is closed only if it is still open and still at
    ``expected_seq``; otherwise nothing is written.  The transaction is
    committed before this returns True, so the caller may acknowledge.
    An ``Attempt`` already loaded in ``session`` keeps its old values until refreshed.
    """
    # Plain table statements: nothing here needs the ORM identity map, and rowcount must be exact.
    attempts, stored = Attempt.__table__, Response.__table__
    result = session.execute(
        update(attempts)
        .where(attempts.c.id == attempt_id, attempts.c.seq == expected_seq, attempts.c.submitted_at.is_(None))
        .values(submitted_at=now or utc_now(), seq=attempts.c.seq + 1, score=sum(r.points for r in responses))
    )
    if result.rowcount != 1:
        session.rollback()
        return False
    if responses:
        session.execute(insert(stored), [
            {"attempt_id": attempt_id, "item_id": r.item_id, "position": r.position, "response": r.response,
             "points": r.points, "max_points": r.max_points, "status": r.status}
            for r in responses
        ])
    session.commit()
    return True
