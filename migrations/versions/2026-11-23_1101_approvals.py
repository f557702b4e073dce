"""PASS IAE approvals, hires, suspensions, prolongation requests, number counter

Revision ID: 0004_approvals
Revises: 0003_job_seekers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_approvals"
down_revision: str | None = "0003_job_seekers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pass_number_counters",
        sa.Column("prefix", sa.String(length=5), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name=op.f("pk_pass_number_counters")),
    )
    op.create_table(
        "approvals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("job_seeker_id", sa.Uuid(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("start_at", sa.Date(), nullable=False),
        sa.Column("end_at", sa.Date(), nullable=False),
        sa.Column("diagnosis_id", sa.Uuid(), nullable=True),
        sa.Column("issued_by_company_id", sa.Uuid(), nullable=False),
        sa.Column("issued_by_candidature_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("end_at >= start_at", name=op.f("ck_approvals_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["diagnosis_id"], ["eligibility_diagnoses.id"], name=op.f("fk_approvals_diagnosis_id_eligibility_diagnoses")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_company_id"], ["companies.id"], name=op.f("fk_approvals_issued_by_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["job_seeker_id"], ["job_seekers.id"], name=op.f("fk_approvals_job_seeker_id_job_seekers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
        sa.UniqueConstraint("job_seeker_id", "rank", name=op.f("uq_approvals_job_seeker_id_rank")),
        sa.UniqueConstraint("number", name=op.f("uq_approvals_number")),
    )
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approvals_end_at"), ["end_at"], unique=False)

    op.create_table(
        "approval_hires",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("approval_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("hiring_start", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["approval_id"], ["approvals.id"], name=op.f("fk_approval_hires_approval_id_approvals")
        ),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_approval_hires_company_id_companies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_hires")),
    )
    with op.batch_alter_table("approval_hires", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approval_hires_approval_id"), ["approval_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_approval_hires_company_id"), ["company_id"], unique=False)

    op.create_table(
        "approval_suspensions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("approval_id", sa.Uuid(), nullable=False),
        sa.Column("start_at", sa.Date(), nullable=False),
        sa.Column("end_at", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_at >= start_at", name=op.f("ck_approval_suspensions_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["approval_id"], ["approvals.id"], name=op.f("fk_approval_suspensions_approval_id_approvals")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_approval_suspensions_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"], ["users.id"], name=op.f("fk_approval_suspensions_created_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_suspensions")),
    )
    with op.batch_alter_table("approval_suspensions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approval_suspensions_approval_id"), ["approval_id"], unique=False)

    op.create_table(
        "approval_prolongations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("approval_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("start_at", sa.Date(), nullable=False),
        sa.Column("end_at", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("requested_by_company_id", sa.Uuid(), nullable=False),
        sa.Column("prescriber_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("message", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("deny_reason", sa.String(), nullable=True),
        sa.CheckConstraint("end_at >= start_at", name=op.f("ck_approval_prolongations_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["approval_id"], ["approvals.id"], name=op.f("fk_approval_prolongations_approval_id_approvals")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"], ["users.id"], name=op.f("fk_approval_prolongations_decided_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["prescriber_organisation_id"],
            ["prescriber_organisations.id"],
            name="fk_approval_prolongations_deciding_organisation",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_company_id"],
            ["companies.id"],
            name=op.f("fk_approval_prolongations_requested_by_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"], ["users.id"], name=op.f("fk_approval_prolongations_requested_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_prolongations")),
    )
    with op.batch_alter_table("approval_prolongations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approval_prolongations_approval_id"), ["approval_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_approval_prolongations_prescriber_organisation_id"),
            ["prescriber_organisation_id"],
            unique=False,
        )
        pending = sa.text("status = 'pending'")
        batch_op.create_index(
            "uq_approval_prolongations_pending",
            ["approval_id"],
            unique=True,
            sqlite_where=pending,
            postgresql_where=pending,
        )


def downgrade() -> None:
    op.drop_table("approval_prolongations")
    op.drop_table("approval_suspensions")
    op.drop_table("approval_hires")
    op.drop_table("approvals")
    op.drop_table("pass_number_counters")
