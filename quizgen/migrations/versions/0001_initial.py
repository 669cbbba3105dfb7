"""The schema when migrations were introduced: attempts and responses, teachers, classes and assignments.

Revision ID: 0001
Revises:
Create Date: 2026-12-01

A database made by ``create_all`` before migrations existed already has
some or all of these tables: only the missing ones are created (databases
from before the teacher pages lack those four), so such a database is
adopted as if stamped at this revision, its rows untouched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table of this revision that the database does not have yet, parents before children."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES:
        if name not in existing:
            create()


def downgrade() -> None:
    """Drop every table (and all data): back to an empty database."""
    for name, _ in reversed(TABLES):
        op.drop_table(name)


def _attempt() -> None:
    op.create_table(
        "attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("start_token", sa.String(length=64), nullable=True),
        sa.Column("lesson_id", sa.String(length=80), nullable=False),
        sa.Column("lesson_hash", sa.String(length=64), nullable=False),
        sa.Column("variant_code", sa.String(length=16), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("student_name", sa.String(length=80), nullable=False),
        sa.Column("class_code", sa.String(length=40), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("max_score", sa.Double(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt")),
        sa.UniqueConstraint("public_id", name=op.f("uq_attempt_public_id")),
        sa.UniqueConstraint("start_token", name=op.f("uq_attempt_start_token")),
    )
    op.create_index(op.f("ix_attempt_class_code"), "attempt", ["class_code"], unique=False)
    op.create_index(op.f("ix_attempt_lesson_id"), "attempt", ["lesson_id"], unique=False)


def _response() -> None:
    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("points", sa.Double(), nullable=False),
        sa.Column("max_points", sa.Double(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempt.id"], name=op.f("fk_response_attempt_id_attempt"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response")),
        sa.UniqueConstraint("attempt_id", "item_id", name=op.f("uq_response_attempt_id")),
    )
    op.create_index(op.f("ix_response_attempt_id"), "response", ["attempt_id"], unique=False)


def _teacher() -> None:
    op.create_table(
        "teacher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher")),
        sa.UniqueConstraint("email", name=op.f("uq_teacher_email")),
        sa.UniqueConstraint("public_id", name=op.f("uq_teacher_public_id")),
        sa.UniqueConstraint("session_token", name=op.f("uq_teacher_session_token")),
    )


def _school_class() -> None:
    op.create_table(
        "school_class",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("join_code", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_school_class_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_class")),
        sa.UniqueConstraint("join_code", name=op.f("uq_school_class_join_code")),
        sa.UniqueConstraint("public_id", name=op.f("uq_school_class_public_id")),
    )
    op.create_index(op.f("ix_school_class_teacher_id"), "school_class", ["teacher_id"], unique=False)


def _assignment() -> None:
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.String(length=80), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("variant_mode", sa.String(length=16), nullable=False),
        sa.Column("class_seed", sa.BigInteger(), nullable=False),
        sa.Column("attempts_allowed", sa.Integer(), nullable=False),
        sa.Column("feedback", sa.String(length=16), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"], ["school_class.id"], name=op.f("fk_assignment_class_id_school_class"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint("public_id", name=op.f("uq_assignment_public_id")),
    )
    op.create_index(op.f("ix_assignment_class_id"), "assignment", ["class_id"], unique=False)


def _assignment_attempt() -> None:
    op.create_table(
        "assignment_attempt",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("student_key", sa.String(length=80), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_assignment_attempt_assignment_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempt.id"], name=op.f("fk_assignment_attempt_attempt_id_attempt"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("attempt_id", name=op.f("pk_assignment_attempt")),
        sa.UniqueConstraint("assignment_id", "student_key", "number", name=op.f("uq_assignment_attempt_assignment_id")),
    )
    op.create_index(op.f("ix_assignment_attempt_assignment_id"), "assignment_attempt", ["assignment_id"], unique=False)


TABLES = [
    ("attempt", _attempt),
    ("response", _response),
    ("teacher", _teacher),
    ("school_class", _school_class),
    ("assignment", _assignment),
    ("assignment_attempt", _assignment_attempt),
]
