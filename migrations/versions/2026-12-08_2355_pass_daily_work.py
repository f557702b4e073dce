"""Prolongation requests addressed to a prescriber, and denied with a reason
code and proposed actions; indexes for their lists and reminders

Revision ID: 0023_pass_daily_work
Revises: 0019_personal_data_guards
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_pass_daily_work"
down_revision: str | None = "0019_personal_data_guards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("approval_prolongations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_to_user_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("deny_reason_code", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("deny_proposed_actions", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column("deny_proposed_actions_explanation", sa.String(), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_approval_prolongations_assigned_to_user_id_users"), "users", ["assigned_to_user_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_approval_prolongations_assigned_to_user_id"), ["assigned_to_user_id"])
        batch_op.create_index(
            batch_op.f("ix_approval_prolongations_requested_by_company_id_requested_at"),
            ["requested_by_company_id", "requested_at"],
        )
        batch_op.create_index(batch_op.f("ix_approval_prolongations_status_requested_at"), ["status", "requested_at"])


def downgrade() -> None:
    with op.batch_alter_table("approval_prolongations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_prolongations_status_requested_at"))
        batch_op.drop_index(batch_op.f("ix_approval_prolongations_requested_by_company_id_requested_at"))
        batch_op.drop_index(batch_op.f("ix_approval_prolongations_assigned_to_user_id"))
        batch_op.drop_constraint(batch_op.f("fk_approval_prolongations_assigned_to_user_id_users"), type_="foreignkey")
        batch_op.drop_column("deny_proposed_actions_explanation")
        batch_op.drop_column("deny_proposed_actions")
        batch_op.drop_column("deny_reason_code")
        batch_op.drop_column("assigned_to_user_id")
