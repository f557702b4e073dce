"""Job seekers, NIR lookups audit, eligibility diagnoses

Revision ID: 0003_job_seekers
Revises: 0002_job_postings
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_job_seekers"
down_revision: str | None = "0002_job_postings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_seekers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("first_name", sa.String(length=150), nullable=False),
        sa.Column("last_name", sa.String(length=150), nullable=False),
        sa.Column("birthdate", sa.Date(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("nir", sa.String(length=15), nullable=True),
        sa.Column("france_travail_id", sa.String(length=20), nullable=True),
        sa.Column("commune", sa.String(length=5), nullable=True),
        sa.Column("wished_rome_codes", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_company_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "created_by_organisation_id IS NULL OR created_by_company_id IS NULL",
            name=op.f("ck_job_seekers_one_creator_tenant"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_company_id"], ["companies.id"], name=op.f("fk_job_seekers_created_by_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_organisation_id"],
            ["prescriber_organisations.id"],
            name="fk_job_seekers_creator_organisation",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"], ["users.id"], name=op.f("fk_job_seekers_created_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_job_seekers_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_seekers")),
        sa.UniqueConstraint("user_id", name=op.f("uq_job_seekers_user_id")),
    )
    with op.batch_alter_table("job_seekers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_seekers_created_by_company_id"), ["created_by_company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_job_seekers_created_by_organisation_id"), ["created_by_organisation_id"], unique=False
        )
        for column in ("nir", "email"):
            where = sa.text(f"{column} IS NOT NULL")
            batch_op.create_index(
                f"uq_job_seekers_{column}", [column], unique=True, sqlite_where=where, postgresql_where=where
            )

    op.create_table(
        "eligibility_diagnoses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("job_seeker_id", sa.Uuid(), nullable=False),
        sa.Column("author_kind", sa.String(length=10), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("author_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("author_company_id", sa.Uuid(), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(author_kind = 'prescriber' AND author_organisation_id IS NOT NULL AND author_company_id IS NULL)"
            " OR (author_kind = 'employer' AND author_company_id IS NOT NULL AND author_organisation_id IS NULL)",
            name=op.f("ck_eligibility_diagnoses_one_author_tenant"),
        ),
        sa.ForeignKeyConstraint(
            ["author_company_id"], ["companies.id"], name=op.f("fk_eligibility_diagnoses_author_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["author_organisation_id"],
            ["prescriber_organisations.id"],
            name="fk_eligibility_diagnoses_author_organisation",
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"], ["users.id"], name=op.f("fk_eligibility_diagnoses_author_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["job_seeker_id"], ["job_seekers.id"], name=op.f("fk_eligibility_diagnoses_job_seeker_id_job_seekers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_diagnoses")),
    )
    with op.batch_alter_table("eligibility_diagnoses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eligibility_diagnoses_job_seeker_id"), ["job_seeker_id"], unique=False)

    op.create_table(
        "job_seeker_lookups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("found_job_seeker_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "(company_id IS NULL) <> (organisation_id IS NULL)", name=op.f("ck_job_seeker_lookups_one_tenant")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_clients.id"], name=op.f("fk_job_seeker_lookups_client_id_api_clients")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_job_seeker_lookups_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["found_job_seeker_id"],
            ["job_seekers.id"],
            name=op.f("fk_job_seeker_lookups_found_job_seeker_id_job_seekers"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["prescriber_organisations.id"],
            name=op.f("fk_job_seeker_lookups_organisation_id_prescriber_organisations"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_job_seeker_lookups_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_seeker_lookups")),
    )
    with op.batch_alter_table("job_seeker_lookups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_seeker_lookups_found_job_seeker_id"), ["found_job_seeker_id"], unique=False
        )

    _profiles_for_existing_job_seeker_accounts()


_users = sa.table(
    "users",
    sa.column("id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("email", sa.String()),
    sa.column("first_name", sa.String()),
    sa.column("last_name", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_job_seekers = sa.table(
    "job_seekers",
    sa.column("id", sa.Uuid()),
    sa.column("first_name", sa.String()),
    sa.column("last_name", sa.String()),
    sa.column("email", sa.String()),
    sa.column("wished_rome_codes", sa.JSON()),
    sa.column("user_id", sa.Uuid()),
    sa.column("created_by_user_id", sa.Uuid()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def _profiles_for_existing_job_seeker_accounts() -> None:
    # Every job seeker account has its profile from now on (signup creates it);
    # accounts made before get theirs here, created by themselves.
    connection = op.get_bind()
    accounts = connection.execute(
        sa.select(_users.c.id, _users.c.email, _users.c.first_name, _users.c.last_name, _users.c.created_at).where(
            _users.c.kind == "job_seeker"
        )
    ).all()
    profiles = [
        {
            "id": uuid.uuid4(),
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "wished_rome_codes": [],
            "user_id": user_id,
            "created_by_user_id": user_id,
            "created_at": created_at,
            "updated_at": created_at,
        }
        for user_id, email, first_name, last_name, created_at in accounts
    ]
    if profiles:
        connection.execute(_job_seekers.insert(), profiles)


def downgrade() -> None:
    with op.batch_alter_table("job_seeker_lookups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_seeker_lookups_found_job_seeker_id"))
    op.drop_table("job_seeker_lookups")

    with op.batch_alter_table("eligibility_diagnoses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eligibility_diagnoses_job_seeker_id"))
    op.drop_table("eligibility_diagnoses")

    with op.batch_alter_table("job_seekers", schema=None) as batch_op:
        batch_op.drop_index("uq_job_seekers_email")
        batch_op.drop_index("uq_job_seekers_nir")
        batch_op.drop_index(batch_op.f("ix_job_seekers_created_by_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_job_seekers_created_by_company_id"))
    op.drop_table("job_seekers")
