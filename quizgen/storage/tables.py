"""Quizgen's tables (SQLAlchemy models) and the small values they are made of."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    mapped_column,
    relationship,
)


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


def table_of(model: type[Base]) -> Table:
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
