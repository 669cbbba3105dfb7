"""Class sets printed in the background: the print_job table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the print_job table (unless ``create_all`` from newer models already made it)."""
    if "print_job" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "print_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("lesson_id", sa.String(length=80), nullable=False),
        sa.Column("active_key", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("worksheets", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=160), nullable=False),
        sa.Column("result_key", sa.String(length=64), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignment.id"], name=op.f("fk_print_job_assignment_id_assignment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_print_job_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_job")),
        sa.UniqueConstraint("active_key", name=op.f("uq_print_job_active_key")),
        sa.UniqueConstraint("public_id", name=op.f("uq_print_job_public_id")),
    )
    with op.batch_alter_table("print_job") as batch:
        batch.create_index(batch.f("ix_print_job_assignment_id"), ["assignment_id"], unique=False)
        batch.create_index(batch.f("ix_print_job_teacher_id"), ["teacher_id"], unique=False)


def downgrade() -> None:
    """Drop the print_job table (job states are lost; finished PDFs stay in their folder until trimmed)."""
    op.drop_table("print_job")
