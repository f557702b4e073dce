"""Candidatures, their history, idempotency keys

Revision ID: 0005_candidatures
Revises: 0004_approvals
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_candidatures"
down_revision: str | None = "0004_approvals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Inlined on purpose: a migration must not change when the code it ran with does.
PENDING = "state IN ('new', 'processing', 'postponed', 'prior_to_hire', 'pool')"
LISTING_INDEXES = [
    ("company_id", "created_at"),
    ("sender_organisation_id", "created_at"),
    ("job_seeker_id", "created_at"),
]


def upgrade() -> None:
    op.create_table(
        "candidatures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("job_seeker_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("job_posting_ids", sa.JSON(), nullable=False),
        sa.Column("sender_kind", sa.String(length=20), nullable=False),
        sa.Column("sender_id", sa.Uuid(), nullable=True),
        sa.Column("sender_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("sender_company_id", sa.Uuid(), nullable=True),
        sa.Column("message", sa.String(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("refusal_reason", sa.String(length=30), nullable=True),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("hiring_start_at", sa.Date(), nullable=True),
        sa.Column("hiring_end_at", sa.Date(), nullable=True),
        sa.Column("eligibility_diagnosis_id", sa.Uuid(), nullable=True),
        sa.Column("approval_number", sa.String(length=12), nullable=True),
        sa.Column("obsoleted_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "sender_organisation_id IS NULL OR sender_company_id IS NULL",
            name=op.f("ck_candidatures_one_sender_tenant"),
        ),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_candidatures_company_id_companies")),
        sa.ForeignKeyConstraint(
            ["eligibility_diagnosis_id"],
            ["eligibility_diagnoses.id"],
            name=op.f("fk_candidatures_eligibility_diagnosis_id_eligibility_diagnoses"),
        ),
        sa.ForeignKeyConstraint(
            ["job_seeker_id"], ["job_seekers.id"], name=op.f("fk_candidatures_job_seeker_id_job_seekers")
        ),
        sa.ForeignKeyConstraint(
            ["obsoleted_by_id"], ["candidatures.id"], name=op.f("fk_candidatures_obsoleted_by_id_candidatures")
        ),
        sa.ForeignKeyConstraint(
            ["sender_company_id"], ["companies.id"], name=op.f("fk_candidatures_sender_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["sender_organisation_id"], ["prescriber_organisations.id"], name="fk_candidatures_sender_organisation"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidatures")),
    )
    with op.batch_alter_table("candidatures", schema=None) as batch_op:
        for columns in LISTING_INDEXES:
            batch_op.create_index(batch_op.f(f"ix_candidatures_{'_'.join(columns)}"), list(columns), unique=False)
        batch_op.create_index(batch_op.f("ix_candidatures_approval_number"), ["approval_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidatures_obsoleted_by_id"), ["obsoleted_by_id"], unique=False)
        batch_op.create_index(
            "uq_candidatures_pending_job_seeker_company",
            ["job_seeker_id", "company_id"],
            unique=True,
            sqlite_where=sa.text(PENDING),
            postgresql_where=sa.text(PENDING),
        )

    op.create_table(
        "candidature_transitions",
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("transition", sa.String(length=30), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=False),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"], ["candidatures.id"], name=op.f("fk_candidature_transitions_candidature_id_candidatures")
        ),
        sa.PrimaryKeyConstraint("candidature_id", "position", name=op.f("pk_candidature_transitions")),
    )

    op.create_table(
        "idempotency_keys",
        sa.Column("caller", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=100), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("caller", "key", name=op.f("pk_idempotency_keys")),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotency_keys_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_keys_created_at"))
    op.drop_table("idempotency_keys")

    op.drop_table("candidature_transitions")

    with op.batch_alter_table("candidatures", schema=None) as batch_op:
        batch_op.drop_index("uq_candidatures_pending_job_seeker_company")
        batch_op.drop_index(batch_op.f("ix_candidatures_obsoleted_by_id"))
        batch_op.drop_index(batch_op.f("ix_candidatures_approval_number"))
        for columns in LISTING_INDEXES:
            batch_op.drop_index(batch_op.f(f"ix_candidatures_{'_'.join(columns)}"))
    op.drop_table("candidatures")
