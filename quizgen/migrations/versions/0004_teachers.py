"""Teachers in control: answer comments, excluded attempts, extra attempts, archived and edited assignments.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the new columns (existing rows: no comment, not excluded, not archived) and the allowance table.

    A database that ``create_all`` made from newer models (adopted as revision 0001) may have some of
    them already: only what is missing is added, as 0001 does for tables.
    """
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())

    def missing(table: str, columns: list[sa.Column]) -> list[sa.Column]:
        present = {column["name"] for column in inspector.get_columns(table)}
        return [column for column in columns if column.name not in present]

    additions = {
        "response": missing("response", [sa.Column("comment", sa.Text(), nullable=True)]),
        "assignment": missing(
            "assignment",
            [
                sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
                sa.Column("settings_changed_at", sa.DateTime(timezone=True), nullable=True),
            ],
        ),
        "assignment_attempt": missing(
            "assignment_attempt",
            [sa.Column("excluded", sa.Boolean(), server_default=sa.false(), nullable=False)],
        ),
    }
    for table, columns in additions.items():
        if columns:
            with op.batch_alter_table(table) as batch:
                for column in columns:
                    batch.add_column(column)
    if "attempt_allowance" not in tables:
        op.create_table(
            "attempt_allowance",
            sa.Column("assignment_id", sa.Integer(), nullable=False),
            sa.Column("student_key", sa.String(length=80), nullable=False),
            sa.Column("extra", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                ["assignment_id"],
                ["assignment.id"],
                name=op.f("fk_attempt_allowance_assignment_id_assignment"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("assignment_id", "student_key", name=op.f("pk_attempt_allowance")),
        )


def downgrade() -> None:
    """Drop what upgrade added (comments, exclusions, allowances and archive dates are lost)."""
    op.drop_table("attempt_allowance")
    with op.batch_alter_table("assignment_attempt") as batch:
        batch.drop_column("excluded")
    with op.batch_alter_table("assignment") as batch:
        batch.drop_column("settings_changed_at")
        batch.drop_column("archived_at")
    with op.batch_alter_table("response") as batch:
        batch.drop_column("comment")
