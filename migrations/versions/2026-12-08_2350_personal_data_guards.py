"""Personal data guards: the history of job seekers' profiles, the NIR lookups
refused, and the indexes that count a caller's lookups

Revision ID: 0019_personal_data_guards
Revises: 0018_structures_trust
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_personal_data_guards"
down_revision: str | None = "0018_structures_trust"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_seeker_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("job_seeker_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("by_kind", sa.String(length=20), nullable=False),
        sa.Column("by_user_id", sa.Uuid(), nullable=True),
        sa.Column("by_client_id", sa.Uuid(), nullable=True),
        sa.Column("by_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("by_company_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_client_id"], ["api_clients.id"], name=op.f("fk_job_seeker_changes_by_client_id_api_clients")
        ),
        sa.ForeignKeyConstraint(
            ["by_company_id"], ["companies.id"], name=op.f("fk_job_seeker_changes_by_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["by_organisation_id"], ["prescriber_organisations.id"], name="fk_job_seeker_changes_by_organisation"
        ),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], name=op.f("fk_job_seeker_changes_by_user_id_users")),
        sa.ForeignKeyConstraint(
            ["job_seeker_id"], ["job_seekers.id"], name=op.f("fk_job_seeker_changes_job_seeker_id_job_seekers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_seeker_changes")),
    )
    with op.batch_alter_table("job_seeker_changes", schema=None) as batch_op:
        batch_op.create_index("ix_job_seeker_changes_job_seeker_id_at_id", ["job_seeker_id", "at", "id"], unique=False)

    op.create_table(
        "nir_lookup_refusals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("spent", sa.String(length=10), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_refused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_refused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refusals", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_clients.id"], name=op.f("fk_nir_lookup_refusals_client_id_api_clients")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_nir_lookup_refusals_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["prescriber_organisations.id"], name="fk_nir_lookup_refusals_organisation"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_nir_lookup_refusals_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nir_lookup_refusals")),
        sa.UniqueConstraint(
            "subject", "window_started_at", name=op.f("uq_nir_lookup_refusals_subject_window_started_at")
        ),
    )
    with op.batch_alter_table("nir_lookup_refusals", schema=None) as batch_op:
        batch_op.create_index("ix_nir_lookup_refusals_first_refused_at_id", ["first_refused_at", "id"], unique=False)

    with op.batch_alter_table("job_seeker_lookups", schema=None) as batch_op:
        batch_op.create_index("ix_job_seeker_lookups_user_id_at", ["user_id", "at"], unique=False)
        batch_op.create_index("ix_job_seeker_lookups_client_id_at", ["client_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job_seeker_lookups", schema=None) as batch_op:
        batch_op.drop_index("ix_job_seeker_lookups_client_id_at")
        batch_op.drop_index("ix_job_seeker_lookups_user_id_at")

    with op.batch_alter_table("nir_lookup_refusals", schema=None) as batch_op:
        batch_op.drop_index("ix_nir_lookup_refusals_first_refused_at_id")
    op.drop_table("nir_lookup_refusals")

    with op.batch_alter_table("job_seeker_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_job_seeker_changes_job_seeker_id_at_id")
    op.drop_table("job_seeker_changes")
