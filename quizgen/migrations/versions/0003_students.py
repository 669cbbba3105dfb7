"""Students: class rosters with personal codes, and saved drafts of open attempts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the roster table and the draft columns of ``attempt`` (what a ``create_all`` database already has is kept)."""
    inspector = sa.inspect(op.get_bind())
    if "roster_student" not in inspector.get_table_names():
        _roster_student()
    columns = {column["name"] for column in inspector.get_columns("attempt")}
    missing = [name for name in ("draft", "draft_saved_at") if name not in columns]
    if missing:
        with op.batch_alter_table("attempt") as batch:
            if "draft" in missing:
                batch.add_column(sa.Column("draft", sa.JSON(), nullable=True))
            if "draft_saved_at" in missing:
                batch.add_column(sa.Column("draft_saved_at", sa.DateTime(timezone=True), nullable=True))


def _roster_student() -> None:
    op.create_table(
        "roster_student",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_class.id"],
            name=op.f("fk_roster_student_class_id_school_class"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_student")),
        sa.UniqueConstraint("public_id", name=op.f("uq_roster_student_public_id")),
    )
    op.create_index(op.f("ix_roster_student_class_id"), "roster_student", ["class_id"], unique=False)


def downgrade() -> None:
    """Drop the draft columns and the roster."""
    with op.batch_alter_table("attempt") as batch:
        batch.drop_column("draft_saved_at")
        batch.drop_column("draft")
    op.drop_index(op.f("ix_roster_student_class_id"), table_name="roster_student")
    op.drop_table("roster_student")
