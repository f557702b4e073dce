"""Update notifications of employee records (movement M)

Revision ID: 0013_employee_record_updates
Revises: 0012_rate_limits
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_employee_record_updates"
down_revision: str | None = "0012_rate_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW_UNCLAIMED = sa.text("state = 'new' AND batch_file IS NULL")


def upgrade() -> None:
    op.create_table(
        "employee_record_updates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("pass_start_at", sa.Date(), nullable=False),
        sa.Column("pass_end_at", sa.Date(), nullable=False),
        sa.Column("batch_file", sa.String(length=27), nullable=True),
        sa.Column("batch_line", sa.Integer(), nullable=True),
        sa.Column("asp_code", sa.String(length=4), nullable=True),
        sa.Column("asp_label", sa.String(length=200), nullable=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["employee_records.id"],
            name=op.f("fk_employee_record_updates_record_id_employee_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee_record_updates")),
        sa.UniqueConstraint("batch_file", "batch_line", name=op.f("uq_employee_record_updates_batch_file_batch_line")),
    )
    with op.batch_alter_table("employee_record_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employee_record_updates_record_id"), ["record_id"], unique=False)
        batch_op.create_index(
            "uq_employee_record_updates_pending",
            ["record_id"],
            unique=True,
            sqlite_where=_NEW_UNCLAIMED,
            postgresql_where=_NEW_UNCLAIMED,
        )
        batch_op.create_index(
            "ix_employee_record_updates_claimable",
            ["updated_at", "id"],
            unique=False,
            sqlite_where=_NEW_UNCLAIMED,
            postgresql_where=_NEW_UNCLAIMED,
        )


def downgrade() -> None:
    with op.batch_alter_table("employee_record_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_employee_record_updates_claimable")
        batch_op.drop_index("uq_employee_record_updates_pending")
        batch_op.drop_index(batch_op.f("ix_employee_record_updates_record_id"))
    op.drop_table("employee_record_updates")
