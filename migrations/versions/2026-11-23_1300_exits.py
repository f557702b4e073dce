"""Exits of hires, their follow-ups and corrections

Revision ID: 0009_exits
Revises: 0007_job_seeker_sex
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_exits"
down_revision: str | None = "0007_job_seeker_sex"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exits",
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("exit_at", sa.Date(), nullable=False),
        sa.Column("hours_worked", sa.Integer(), nullable=False),
        sa.Column("exit_kind", sa.String(length=30), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("hours_worked >= 0", name=op.f("ck_exits_hours_not_negative")),
        sa.ForeignKeyConstraint(
            ["candidature_id"], ["candidatures.id"], name=op.f("fk_exits_candidature_id_candidatures")
        ),
        sa.PrimaryKeyConstraint("candidature_id", name=op.f("pk_exits")),
    )
    with op.batch_alter_table("exits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exits_exit_at"), ["exit_at"], unique=False)

    op.create_table(
        "exit_follow_ups",
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("horizon_months", sa.Integer(), nullable=False),
        sa.Column("situation", sa.String(length=30), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("horizon_months IN (3, 6, 12)", name=op.f("ck_exit_follow_ups_horizon")),
        sa.ForeignKeyConstraint(
            ["candidature_id"], ["exits.candidature_id"], name=op.f("fk_exit_follow_ups_candidature_id_exits")
        ),
        sa.PrimaryKeyConstraint("candidature_id", "horizon_months", name=op.f("pk_exit_follow_ups")),
    )

    op.create_table(
        "exit_corrections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("horizon_months", sa.Integer(), nullable=True),
        sa.Column("previous", sa.String(length=30), nullable=False),
        sa.Column("corrected", sa.String(length=30), nullable=False),
        sa.Column("corrected_by", sa.Uuid(), nullable=True),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"], ["exits.candidature_id"], name=op.f("fk_exit_corrections_candidature_id_exits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exit_corrections")),
    )
    with op.batch_alter_table("exit_corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exit_corrections_candidature_id"), ["candidature_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exit_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exit_corrections_candidature_id"))
    op.drop_table("exit_corrections")
    op.drop_table("exit_follow_ups")
    with op.batch_alter_table("exits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exits_exit_at"))
    op.drop_table("exits")
