"""The declaration of each ready employee record, rendered as its batch line;
records claimed by a batch being uploaded, in a table of their own

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
    op.create_table(
        "employee_record_claims",
        sa.Column("batch_file", sa.String(length=27), nullable=False),
        sa.Column("line", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["employee_records.id"], name=op.f("fk_employee_record_claims_record_id_employee_records")
        ),
        sa.PrimaryKeyConstraint("batch_file", "line", name=op.f("pk_employee_record_claims")),
        sa.UniqueConstraint("record_id", name=op.f("uq_employee_record_claims_record_id")),
    )
    # Records claimed before this revision move to the new table, off the record row.
    op.execute(
        "INSERT INTO employee_record_claims (batch_file, line, record_id) "
        "SELECT batch_file, batch_line, id FROM employee_records WHERE state = 'ready' AND batch_file IS NOT NULL"
    )
    op.execute("UPDATE employee_records SET batch_file = NULL, batch_line = NULL WHERE state = 'ready'")


def downgrade() -> None:
    op.execute(
        "UPDATE employee_records SET batch_file = (SELECT batch_file FROM employee_record_claims c "
        "WHERE c.record_id = employee_records.id), batch_line = (SELECT line FROM employee_record_claims c "
        "WHERE c.record_id = employee_records.id) WHERE state = 'ready'"
    )
    op.drop_table("employee_record_claims")
    op.drop_table("declared_lines")
