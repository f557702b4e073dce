"""Employee records found by their PASS IAE number: a PASS change looks its
records up (the unique constraint leads with the measure, not the number)

Revision ID: 0015_records_by_approval
Revises: 0014_declared_lines
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015_records_by_approval"
down_revision: str | None = "0014_declared_lines"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_employee_records_approval_number"), "employee_records", ["approval_number"])


def downgrade() -> None:
    op.drop_index(op.f("ix_employee_records_approval_number"), table_name="employee_records")
