"""Prescriber organisations come from the operator's referential or start
pending; staff's decisions are recorded

France Travail agencies get their SAFIR code (unique) and may share a SIRET;
any other organisation is the only one of its SIRET. Organisations of kinds
habilitated by law that were created at signup were habilitated by a person's
own declaration: they now wait for staff (or for the referential to list them).

Revision ID: 0018_structures_trust
Revises: 0017_invitations
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_structures_trust"
down_revision: str | None = "0017_invitations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "prescriber_organisations"
NOT_AN_AGENCY = sa.text("kind <> 'FT'")
# Inlined on purpose: a migration must not change when the code it ran with does.
BACKFILL = """
UPDATE prescriber_organisations SET source = 'signup', address_line = '', postal_code = '',
    habilitation = CASE WHEN kind IN ('FT', 'ML', 'CAP_EMPLOI') THEN 'pending' ELSE habilitation END,
    habilitation_decided_at = CASE WHEN kind IN ('FT', 'ML', 'CAP_EMPLOI') THEN NULL ELSE habilitation_decided_at END
"""
BACK_TO_VALIDATED = (
    "UPDATE prescriber_organisations SET habilitation = 'validated' WHERE kind IN ('FT', 'ML', 'CAP_EMPLOI')"
)
SHARED_SIRETS = "SELECT siret FROM prescriber_organisations WHERE kind <> 'FT' GROUP BY siret HAVING COUNT(*) > 1"


def upgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("safir_code", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("address_line", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("postal_code", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("commune", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("city", sa.String(length=255), nullable=True))
    op.execute(BACKFILL)
    _refuse_shared_sirets()
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for column, length in (("source", 20), ("address_line", 255), ("postal_code", 5)):
            batch_op.alter_column(column, existing_type=sa.String(length=length), nullable=False)
        batch_op.drop_constraint("uq_prescriber_organisations_siret_kind", type_="unique")
        batch_op.create_unique_constraint(op.f("uq_prescriber_organisations_safir_code"), ["safir_code"])
        batch_op.create_check_constraint(
            op.f("ck_prescriber_organisations_safir_only_ft"), "safir_code IS NULL OR kind = 'FT'"
        )
        batch_op.create_check_constraint(
            op.f("ck_prescriber_organisations_source"), "source IN ('referential', 'signup')"
        )
    op.create_index(op.f("ix_prescriber_organisations_siret"), TABLE, ["siret"])
    op.create_index(
        "uq_prescriber_organisations_siret_except_ft",
        TABLE,
        ["siret"],
        unique=True,
        sqlite_where=NOT_AN_AGENCY,
        postgresql_where=NOT_AN_AGENCY,
    )
    _create_staff_decisions()


def _refuse_shared_sirets() -> None:
    shared = [siret for (siret,) in op.get_bind().execute(sa.text(SHARED_SIRETS))]
    if shared:
        raise RuntimeError(
            "one organisation per SIRET: merge the organisations sharing these SIRETs first: " + ", ".join(shared)
        )


def _create_staff_decisions() -> None:
    op.create_table(
        "staff_decisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("comment", sa.String(), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(company_id IS NULL) <> (organisation_id IS NULL)", name=op.f("ck_staff_decisions_one_tenant")
        ),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_staff_decisions_company_id_companies")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["prescriber_organisations.id"],
            name=op.f("fk_staff_decisions_organisation_id_prescriber_organisations"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_staff_decisions_user_id_users")),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_staff_decisions_decided_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_decisions")),
    )
    op.create_index(op.f("ix_staff_decisions_decided_at_id"), "staff_decisions", ["decided_at", "id"])
    op.create_index(op.f("ix_staff_decisions_subject_id"), "staff_decisions", ["subject_id"])


def downgrade() -> None:
    op.drop_table("staff_decisions")
    op.drop_index("uq_prescriber_organisations_siret_except_ft", table_name=TABLE)
    op.drop_index(op.f("ix_prescriber_organisations_siret"), table_name=TABLE)
    # Back to "habilitated on creation"; France Travail agencies sharing a SIRET
    # cannot go back (the old unique SIRET and kind refuses them).
    op.execute(BACK_TO_VALIDATED)
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_prescriber_organisations_source"), type_="check")
        batch_op.drop_constraint(op.f("ck_prescriber_organisations_safir_only_ft"), type_="check")
        batch_op.drop_constraint(op.f("uq_prescriber_organisations_safir_code"), type_="unique")
        batch_op.create_unique_constraint("uq_prescriber_organisations_siret_kind", ["siret", "kind"])
        for column in ("city", "commune", "postal_code", "address_line", "email", "safir_code", "source"):
            batch_op.drop_column(column)
