"""Throttling counts shared by every worker and server (sign-ins, quiz starts, class-code guesses).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the ``throttle_count`` table."""
    op.create_table(
        "throttle_count",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_count")),
    )
    op.create_index(op.f("ix_throttle_count_window_start"), "throttle_count", ["window_start"], unique=False)


def downgrade() -> None:
    """Drop the ``throttle_count`` table (the counts only)."""
    op.drop_index(op.f("ix_throttle_count_window_start"), table_name="throttle_count")
    op.drop_table("throttle_count")
