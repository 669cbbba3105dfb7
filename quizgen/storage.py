"""Stored quiz attempts, teachers, classes and assignments (SQLAlchemy 2), independent of any web framework.

The same code runs on SQLite (the default: WAL mode, a busy timeout) and on
PostgreSQL.  The web app, the teacher pages and the benchmarks share these
models; every table belongs to :class:`Base`'s metadata in this module, and
:mod:`quizgen.migrations` keeps databases in step with it
(:meth:`Database.upgrade_schema`).

Every write is a function here that owns its transaction: it commits
before it returns, or rolls back and raises, so callers (the web views)
never commit, roll back or retry themselves.

Tables: ``attempt`` and ``response`` (the student quiz); ``teacher``,
``school_class``, ``assignment``, and ``assignment_attempt`` (which links an
attempt to the assignment it was made for, numbered per student as started
and as submitted, so an attempt limit holds even when two submissions race).

A submission is written by :func:`record_submission` in one transaction whose
first statement is a conditional ``UPDATE`` on the attempt's sequence
number: of two concurrent submissions of the same form, exactly one matches
the row, and the other writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    false,
    func,
    insert,
    literal,
    null,
    select,
    text,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    contains_eager,
    mapped_column,
    relationship,
    sessionmaker,
)

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

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _table(model: type[Base]) -> Table:
    """The table a model maps: always a ``Table`` here, though SQLAlchemy types ``__table__`` as any FROM clause."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a single table")
    return table


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
    # Answers saved before submitting (form field name -> values), never graded; cleared by the submission.
    draft: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan", passive_deletes=True
    )
    # The assignment the attempt was made for (None for a quiz taken without a class code).
    link: Mapped[AssignmentAttempt | None] = relationship(
        back_populates="attempt", uselist=False, cascade="all, delete-orphan", passive_deletes=True
    )

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
    # The teacher's comment on this answer, shown on the student's result.
    comment: Mapped[str | None] = mapped_column(Text)

    attempt: Mapped[Attempt] = relationship(back_populates="responses")


# --- teachers, classes and assignments -------------------------------------------------

# Join codes avoid characters that are easy to confuse when read aloud or copied from a board:
# no 0/O, 1/I/L, or U (which turns codes into words).
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    """A random class join code (6 characters, about 29 bits), stored without the hyphen it is shown with."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(text: str) -> str:
    """A typed join code as stored: upper case, without spaces or hyphens."""
    return "".join(text.split()).replace("-", "").upper()


def format_join_code(code: str) -> str:
    """``K7QM2X`` as ``K7Q-M2X``, easier to read aloud."""
    return f"{code[:3]}-{code[3:]}" if len(code) == JOIN_CODE_LENGTH else code


def new_session_token() -> str:
    """A teacher's server-side session token: changing it ends every signed-in session."""
    return secrets.token_urlsafe(32)


class Teacher(Base):
    """A teacher account (created from the command line; there is no self-registration)."""

    __tablename__ = "teacher"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # What a signed-in session cookie holds; replaced at sign-out, so an old cookie no longer signs anyone in.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    classes: Mapped[list[SchoolClass]] = relationship(back_populates="teacher", order_by="SchoolClass.name")


class SchoolClass(Base):
    """A teacher's class; students join it by typing its code on a lesson page."""

    __tablename__ = "school_class"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    join_code: Mapped[str] = mapped_column(String(12), unique=True, default=new_join_code)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    teacher: Mapped[Teacher] = relationship(back_populates="classes")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="school_class",
        order_by="Assignment.created_at.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def display_code(self) -> str:
        """The join code as shown to students (``K7Q-M2X``)."""
        return format_join_code(self.join_code)


VARIANT_MODES = ("per-student", "shared")
FEEDBACK_MODES = ("immediate", "after-close")


class Assignment(Base):
    """A lesson given to a class, with the settings its attempts use."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(String(80))
    # QuizOptions.describe(): question count, per-topic counts.
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    # "per-student": each attempt its own variant (printed class sets derive theirs from class_seed);
    # "shared": every attempt and every printed sheet uses the variant of class_seed.
    variant_mode: Mapped[str] = mapped_column(String(16), default="per-student")
    class_seed: Mapped[int] = mapped_column(BigInteger)
    attempts_allowed: Mapped[int] = mapped_column(default=1)
    # "immediate": the result page shows feedback at once; "after-close": only after closes_at.
    feedback: Mapped[str] = mapped_column(String(16), default="immediate")
    # No new attempts start after this; with "after-close" feedback, results are released then.
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # An archived assignment is closed and listed apart on the class page; its results stay.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the settings were last edited after students had started (the page says so).
    settings_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    school_class: Mapped[SchoolClass] = relationship(back_populates="assignments")

    def is_closed(self, now: datetime | None = None) -> bool:
        """Whether no new attempts start: archived, or the close date has passed."""
        if self.archived_at is not None:
            return True
        return self.closes_at is not None and (now or utc_now()) >= self.closes_at

    def feedback_withheld(self, now: datetime | None = None) -> bool:
        """Whether students must wait for the close date to see their results."""
        return self.feedback == "after-close" and not self.is_closed(now)


class AssignmentAttempt(Base):
    """Links an attempt to its assignment: the n-th attempt one student started, and the m-th they submitted.

    Only submitted attempts count against the assignment's allowance: an
    attempt started and left open (a closed tab, a lost phone) locks nobody
    out.  ``submitted_number`` is unique per student, so two submissions
    racing for the last attempt allowed cannot both be counted.
    """

    __tablename__ = "assignment_attempt"
    __table_args__ = (
        UniqueConstraint("assignment_id", "student_key", "number"),
        Index(
            "ix_assignment_attempt_submitted_number", "assignment_id", "student_key", "submitted_number", unique=True
        ),
    )

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    student_key: Mapped[str] = mapped_column(String(80))
    # In the order the student started them (1 for the first).
    number: Mapped[int]
    # A teacher's test attempt (or one set aside): left out of statistics, gradebook, counts and class sets.
    excluded: Mapped[bool] = mapped_column(default=False, server_default=false())
    # In the order the student submitted them; None while the attempt is open.
    submitted_number: Mapped[int | None]

    attempt: Mapped[Attempt] = relationship(back_populates="link")
    assignment: Mapped[Assignment | None] = relationship()


class ThrottleCount(Base):
    """How often something happened under one key in the window that began at ``window_start``.

    Keys name what is counted: a failed sign-in for an account from an
    address, a quiz start from an address...  Kept in the database, the
    counts are shared by every worker and every server.
    """

    __tablename__ = "throttle_count"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int]
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


PRINT_JOB_STATES = ("queued", "running", "done", "failed")


class PrintJob(Base):
    """A class set being rendered in the background (:mod:`quizgen.jobs`), for one teacher.

    ``active_key`` identifies the request (teacher, assignment and every
    printing choice) while the job is queued or running, and is cleared when
    it ends: being unique, it makes a second identical request (a double
    click, on any app server) find this job instead of starting another.
    """

    __tablename__ = "print_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    # None for a class set printed from a lesson's teaching-module page rather than for an assignment.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(String(80))
    active_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    worksheets: Mapped[int]
    filename: Mapped[str] = mapped_column(String(160))
    # The finished PDF's key in the class-set store (quizgen.jobs.class_set_store).
    result_key: Mapped[str | None] = mapped_column(String(64))
    # Why the job failed, in words for the teacher.
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignment: Mapped[Assignment] = relationship()


def clean_student_name(name: str) -> str:
    """A typed name as it is stored and shown: NFKC-normalised, invisible format characters removed, spaces collapsed.

    Zero-width characters and bidi controls (Unicode category Cf) are
    invisible, so without this "Ana" and "An\u200ba" would look alike on a
    report and count as two students; NFKC folds look-alike forms
    (full-width letters, ligatures, a no-break space) into the usual ones.
    """
    visible = "".join(c for c in unicodedata.normalize("NFKC", name) if unicodedata.category(c) != "Cf")
    return " ".join(visible.split())


class AttemptAllowance(Base):
    """Attempts a teacher allowed one student beyond the assignment's ``attempts_allowed``."""

    __tablename__ = "attempt_allowance"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True)
    student_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    extra: Mapped[int] = mapped_column(default=0)


# Personal codes: short, from the join-code alphabet (nothing to confuse when copied from a paper slip).
PERSONAL_CODE_LENGTH = 4


def new_personal_code() -> str:
    """A student's personal code (4 characters, about 19.6 bits; sign-in attempts are throttled)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(PERSONAL_CODE_LENGTH))


class RosterStudent(Base):
    """A student on a class's roster: a display name and the personal code that proves it is them.

    Two students may share a name; the code tells them apart.  Attempts at
    the class's assignments are counted under :attr:`key`, never by name.
    """

    __tablename__ = "roster_student"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # Kept readable: the teacher prints it on a roster slip for a student who lost it.
    code: Mapped[str] = mapped_column(String(12))
    # A student who added themselves waits for the teacher's approval (they can work meanwhile).
    approved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    @property
    def key(self) -> str:
        """The student's identity in ``AssignmentAttempt.student_key``."""
        return roster_key(self.id)


def roster_key(roster_id: int) -> str:
    """``AssignmentAttempt.student_key`` of a roster student: stable across renames."""
    return f"r:{roster_id}"


def student_key(name: str) -> str:
    """A student's name as attempts are counted: case, spacing and invisible characters do not make another student."""
    return clean_student_name(name).casefold()[:80]


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
    """Accept ``postgres://`` and driverless ``postgresql://`` URLs; the driver is psycopg 3 (the postgres extra)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite connections get WAL mode (synchronous=NORMAL; FULL for submissions), a busy
    timeout and foreign keys."""
    engine = create_engine(normalize_database_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        _create_private_file(engine.url.database)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "checkin", _restore_sqlite_synchronous)
    return engine


def _create_private_file(database: str | None) -> None:
    """Create a new SQLite database file readable by its owner only (0600) before SQLite creates it with 0644.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's
    permissions, so students' names and answers stay private on a shared
    machine whatever the process's umask.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:
        pass  # a folder that does not exist or cannot be written: SQLite reports it when it connects


_SQLITE_SYNCHRONOUS_DEFAULT = "PRAGMA synchronous=NORMAL"
# Effective only outside a transaction: a submission sets it before its first write.
_SQLITE_DURABLE_COMMIT = text("PRAGMA synchronous=FULL")


def _restore_sqlite_synchronous(dbapi_connection, _record) -> None:
    """A connection goes back to the pool with the default durability, whatever its last transaction asked for."""
    if dbapi_connection is None:
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(_SQLITE_SYNCHRONOUS_DEFAULT)
    finally:
        cursor.close()


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        _switch_to_wal(cursor)
        # In WAL mode NORMAL never corrupts the database and loses nothing when the server process dies; only a
        # power cut or OS crash can undo the last commits.  FULL waits for the disk on every commit (~3 ms here),
        # more than all the rest of an autosave: a submission asks for FULL (see _record_submission), the many
        # drafts and other writes do not.
        cursor.execute(_SQLITE_SYNCHRONOUS_DEFAULT)
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _switch_to_wal(cursor) -> None:
    """Put the database in WAL mode, waiting while another process does the same.

    Several workers starting on a new database all switch it at once.  The
    switch needs an exclusive lock, and SQLite refuses one of two such
    requests at once rather than wait (waiting could deadlock), whatever
    the busy timeout: without a retry a worker would fail to start.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if not _driver_error_is_busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


# SQLite's "database is locked" and "database table is locked" (extended codes keep these in the low byte).
SQLITE_BUSY_CODES = frozenset({5, 6})
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked")
# PostgreSQL: lock_not_available (lock_timeout, NOWAIT), serialization_failure, deadlock_detected.
POSTGRES_BUSY_STATES = frozenset({"55P03", "40001", "40P01"})


def is_lock_timeout(error: DBAPIError) -> bool:
    """Whether the database gave up waiting for another transaction's lock: the same request may succeed later.

    Anything else (a missing table or column, a lost connection, a full
    disk) is a fault to report, not a reason to ask the user to try again.
    """
    return _driver_error_is_busy(error.orig)


def _driver_error_is_busy(original: BaseException | None) -> bool:
    """:func:`is_lock_timeout` for the database driver's own exception."""
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in POSTGRES_BUSY_STATES
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_BUSY_CODES
    return str(original).startswith(SQLITE_BUSY_MESSAGES)


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str, **engine_options: Any):
        self.engine = make_engine(url, **engine_options)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade_schema(self) -> str:
        """Bring the tables to the newest revision (safe from several processes at once); returns it.

        See :func:`quizgen.migrations.upgrade_database`.  When the upgrade fails (a database
        from a newer quizgen, a lost connection) the pooled connections are closed: a caller
        that stops there, as the web app does, leaves none open.
        """
        from .migrations import upgrade_database  # the migrations' env.py imports this module

        try:
            return upgrade_database(self.engine)
        except Exception:
            self.engine.dispose()
            raise

    def session(self) -> Session:
        """A new session; the caller closes it."""
        return self.sessions()


@contextmanager
def _writing(session: Session) -> Iterator[Session]:
    """The block's changes committed together, or rolled back (and the error raised) if any statement fails."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


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
    attempts, stored = _table(Attempt), _table(Response)
    if session.get_bind().dialect.name == "sqlite":
        # A student's handed-in work waits for the disk, unlike a draft: it survives a power cut too.
        session.execute(_SQLITE_DURABLE_COMMIT)
    with _writing(session):
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


# --- teachers, classes and assignments: queries ------------------------------------------


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
    with _writing(session):
        session.add(teacher)
    return teacher


def set_teacher_password(session: Session, teacher_id: int, password_hash: str) -> None:
    """Store a new password and end every session signed in with the old one, in one transaction."""
    with _writing(session):
        session.execute(
            update(Teacher)
            .where(Teacher.id == teacher_id)
            .values(password_hash=password_hash, session_token=new_session_token())
        )


def end_teacher_sessions(session: Session, teacher_id: int) -> None:
    """Replace the teacher's session token (and commit): every cookie signed in with the old one stops working."""
    with _writing(session):
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
    with _writing(session):
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
    responses, links = _table(Response), _table(AssignmentAttempt)
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
    with _writing(session):
        return _store_marks(session, assignment_id, marks)


def _store_marks(session: Session, assignment_id: int, marks: list[Mark]) -> int:
    stored = _table(Response)
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
        attempts = _table(Attempt)
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


# --- throttling counts and clean-up -------------------------------------------------------


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
    table = _table(ThrottleCount)
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
    with _writing(session):
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
    with _writing(session):
        session.execute(delete(ThrottleCount).where(ThrottleCount.key == key[:255]))


def clear_all_counts(session: Session) -> None:
    """Forget every throttling count (committed): for an operator who locked themselves out, and for tests."""
    with _writing(session):
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
    with _writing(session):
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


# --- class rosters -----------------------------------------------------------------------------


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
    with _writing(session):
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
    with _writing(session):
        if name is not None:
            student.name = name
        if approved is not None:
            student.approved = approved


def new_code_for(session: Session, student: RosterStudent) -> str:
    """Give the student a new personal code (the old one stops working), committed; returns it."""
    with _writing(session):
        student.code = new_personal_code()
    return student.code


def remove_roster_student(session: Session, student: RosterStudent) -> None:
    """Take the student off the roster, committed; attempts they made stay in the results under their name."""
    with _writing(session):
        session.delete(student)


def merge_roster_students(session: Session, keep: RosterStudent, duplicate: RosterStudent) -> None:
    """Make ``duplicate``'s attempts ``keep``'s and remove ``duplicate``, in one transaction.

    Their attempts are numbered after ``keep``'s own in each assignment, and
    take ``keep``'s name.
    """
    if keep.class_id != duplicate.class_id or keep.id == duplicate.id:
        raise ValueError("only two different students of one class can be merged")
    with _writing(session):
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


_ATTEMPTS, _LINKS = _table(Attempt), _table(AssignmentAttempt)
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


# --- class sets printed in the background ------------------------------------------------------


PRINT_JOBS_KEPT = timedelta(days=30)
"""How long a print job's row (its page) is kept."""


def print_job_key(teacher_id: int, request: dict[str, Any]) -> str:
    """The ``active_key`` of a request: a digest of the teacher and everything the request asks for."""
    raw = json.dumps({"teacher": teacher_id, **request}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def active_print_job(session: Session, active_key: str) -> PrintJob | None:
    """The job queued or running for this request, or ``None``."""
    return session.scalar(select(PrintJob).where(PrintJob.active_key == active_key))


def create_print_job(
    session: Session,
    teacher_id: int,
    assignment_id: int | None,
    active_key: str,
    *,
    lesson_id: str,
    worksheets: int,
    filename: str,
) -> tuple[PrintJob, bool]:
    """A new queued job, or the one already queued or running for the same request: ``(job, created)``.

    Two identical requests at once (a double click, two app servers) meet at
    the unique ``active_key``: the second insert fails and finds the first.
    Committed.
    """
    for _try in range(3):
        existing = active_print_job(session, active_key)
        if existing is not None:
            return existing, False
        job = PrintJob(
            teacher_id=teacher_id,
            assignment_id=assignment_id,
            lesson_id=lesson_id,
            active_key=active_key,
            worksheets=worksheets,
            filename=filename,
        )
        try:
            with _writing(session):
                session.add(job)
        except IntegrityError:
            continue  # the other request's job is there now (or has just ended: then try again)
        return job, True
    raise RuntimeError("could not create or find the print job")


def teacher_print_job(session: Session, teacher_id: int, public_id: str) -> PrintJob | None:
    """The job with this public id if this teacher asked for it, else ``None`` (another teacher's job is not found)."""
    return session.scalar(select(PrintJob).where(PrintJob.public_id == public_id, PrintJob.teacher_id == teacher_id))


def find_print_job(session: Session, job_id: int) -> PrintJob | None:
    """The job with this row id, or ``None`` (its assignment or teacher was deleted)."""
    return session.get(PrintJob, job_id)


def start_print_job(session: Session, job_id: int) -> bool:
    """Mark a queued job as running; False when it is not queued any more (deleted, or already taken). Committed."""
    with _writing(session):
        result = session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id, PrintJob.status == "queued")
            .values(status="running", started_at=utc_now())
        )
    return cast(CursorResult[Any], result).rowcount == 1


def finish_print_job(session: Session, job_id: int, result_key: str) -> None:
    """Mark a job as done, its PDF stored under ``result_key``; an identical request now starts anew. Committed."""
    with _writing(session):
        session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id)
            .values(status="done", result_key=result_key, active_key=None, finished_at=utc_now())
        )


def fail_print_job(session: Session, job_id: int, message: str) -> None:
    """Mark a job as failed with a message for the teacher; trying again starts a new job. Committed."""
    with _writing(session):
        session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id)
            .values(status="failed", message=message, active_key=None, finished_at=utc_now())
        )
