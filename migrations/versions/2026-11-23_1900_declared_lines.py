"""The declaration of each ready employee record, rendered as its batch line

Revision ID: 0014_declared_lines
Revises: 0013_employee_record_updates
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_declared_lines"
down_revision: str | None = "0013_employee_record_updates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No backfill: the export renders the line of a ready record that has none.
    op.create_table(
        "declared_lines",
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["employee_records.id"],
            name=op.f("fk_declared_lines_record_id_employee_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_declared_lines")),
    )


def downgrade() -> None:
    op.drop_table("declared_lines")
