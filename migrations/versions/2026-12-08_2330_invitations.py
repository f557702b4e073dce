"""Invitations to join a company or a prescriber organisation; the official
address of a company (auth_email, from the ASP referential) and, on a first
member's membership, where and when his proof link was sent

Existing companies get no auth_email until the referential is imported again.

Revision ID: 0017_invitations
Revises: 0016_account_links
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_invitations"
down_revision: str | None = "0016_account_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auth_email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proof_sent_to", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("proof_sent_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "invitations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("first_name", sa.String(length=150), nullable=False),
        sa.Column("last_name", sa.String(length=150), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("invited_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by", sa.Uuid(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("(company_id IS NULL) <> (organisation_id IS NULL)", name=op.f("ck_invitations_one_tenant")),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_invitations_company_id_companies")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["prescriber_organisations.id"],
            name=op.f("fk_invitations_organisation_id_prescriber_organisations"),
        ),
        sa.ForeignKeyConstraint(["invited_by"], ["users.id"], name=op.f("fk_invitations_invited_by_users")),
        sa.ForeignKeyConstraint(["accepted_by"], ["users.id"], name=op.f("fk_invitations_accepted_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitations_organisation_id"), ["organisation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_invitations_company_id"))
    op.drop_table("invitations")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("proof_sent_at")
        batch_op.drop_column("proof_sent_to")
    # Copying the table (batch mode's way on SQLite) would drop a table other
    # tables reference; SQLite has dropped columns in place since 3.35.
    with op.batch_alter_table("companies", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("auth_email")
