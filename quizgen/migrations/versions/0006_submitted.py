"""Only submitted attempts count against an assignment's allowance: assignment_attempt.submitted_number.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from typing import cast

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEX = "ix_assignment_attempt_submitted_number"


def upgrade() -> None:
    """Add the column and its unique index; number each student's submitted attempts in the order they started."""
    inspector = sa.inspect(op.get_bind())
    if "submitted_number" not in {column["name"] for column in inspector.get_columns("assignment_attempt")}:
        with op.batch_alter_table("assignment_attempt") as batch:
            batch.add_column(sa.Column("submitted_number", sa.Integer(), nullable=True))
        links = sa.table(
            "assignment_attempt",
            sa.column("attempt_id", sa.Integer()),
            sa.column("assignment_id", sa.Integer()),
            sa.column("student_key", sa.String()),
            sa.column("number", sa.Integer()),
            sa.column("submitted_number", sa.Integer()),
        )
        attempts = sa.table("attempt", sa.column("id", sa.Integer()), sa.column("submitted_at", sa.DateTime()))
        bind = op.get_bind()
        rows = bind.execute(
            sa.select(links.c.attempt_id, links.c.assignment_id, links.c.student_key)
            .join(attempts, attempts.c.id == links.c.attempt_id)
            .where(attempts.c.submitted_at.is_not(None))
            .order_by(links.c.assignment_id, links.c.student_key, links.c.number)
        ).all()
        counted: dict[tuple[int, str], int] = {}
        for attempt_id, assignment_id, key in rows:
            student = (cast(int, assignment_id), str(key))
            counted[student] = counted.get(student, 0) + 1
            bind.execute(
                sa.update(links).where(links.c.attempt_id == attempt_id).values(submitted_number=counted[student])
            )
    if INDEX not in {index["name"] for index in sa.inspect(op.get_bind()).get_indexes("assignment_attempt")}:
        op.create_index(INDEX, "assignment_attempt", ["assignment_id", "student_key", "submitted_number"], unique=True)


def downgrade() -> None:
    """Drop the column: attempts are counted as started again."""
    op.drop_index(INDEX, table_name="assignment_attempt")
    with op.batch_alter_table("assignment_attempt") as batch:
        batch.drop_column("submitted_number")
