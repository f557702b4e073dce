"""job postings and geo columns

Revision ID: 0002_job_postings
Revises: 0001_identity
Create Date: 2026-11-23 05:49:13.703307
"""

import math
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_job_postings"
down_revision: str | None = "0001_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_postings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("appellation_code", sa.String(length=10), nullable=False),
        sa.Column("rome_code", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("contract_type", sa.String(length=30), nullable=False),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column("commune", sa.String(length=5), nullable=False),
        sa.Column("city", sa.String(length=255), nullable=False),
        sa.Column("department", sa.String(length=3), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("geo_x", sa.Float(), nullable=False),
        sa.Column("geo_y", sa.Float(), nullable=False),
        sa.Column("geo_z", sa.Float(), nullable=False),
        sa.Column("open_positions", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("open_positions >= 0", name=op.f("ck_job_postings_open_positions_not_negative")),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_job_postings_company_id_companies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_postings")),
    )
    with op.batch_alter_table("job_postings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_postings_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_postings_latitude_longitude"), ["latitude", "longitude"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_postings_rome_code"), ["rome_code"], unique=False)

    with op.batch_alter_table("companies", schema=None) as batch_op:
        for name in ("geo_x", "geo_y", "geo_z"):
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
    _backfill_company_unit_vectors()
    with op.batch_alter_table("companies", schema=None) as batch_op:
        for name in ("geo_x", "geo_y", "geo_z"):
            batch_op.alter_column(name, existing_type=sa.Float(), nullable=False)


def _backfill_company_unit_vectors() -> None:
    # Inlined on purpose: a migration must not change when the code it ran with does.
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, latitude, longitude FROM companies")).all()
    for company_id, latitude, longitude in rows:
        lat, lon = math.radians(latitude), math.radians(longitude)
        connection.execute(
            sa.text("UPDATE companies SET geo_x = :x, geo_y = :y, geo_z = :z WHERE id = :id"),
            {
                "x": math.cos(lat) * math.cos(lon),
                "y": math.cos(lat) * math.sin(lon),
                "z": math.sin(lat),
                "id": company_id,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_column("geo_z")
        batch_op.drop_column("geo_y")
        batch_op.drop_column("geo_x")

    with op.batch_alter_table("job_postings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_postings_rome_code"))
        batch_op.drop_index(batch_op.f("ix_job_postings_latitude_longitude"))
        batch_op.drop_index(batch_op.f("ix_job_postings_company_id"))

    op.drop_table("job_postings")
