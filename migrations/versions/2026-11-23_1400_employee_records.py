"""Employee records and the batch files exchanged with the ASP

Revision ID: 0010_employee_records
Revises: 0009_exits
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_employee_records"
down_revision: str | None = "0009_exits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READY_UNCLAIMED = sa.text("state = 'ready' AND batch_file IS NULL")


def upgrade() -> None:
    op.create_table(
        "employee_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("job_seeker_id", sa.Uuid(), nullable=False),
        sa.Column("approval_number", sa.String(length=12), nullable=False),
        sa.Column("siret", sa.String(length=14), nullable=False),
        sa.Column("asp_measure", sa.String(length=10), nullable=False),
        sa.Column("asp_uid", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("person", sa.JSON(), nullable=True),
        sa.Column("pass_start_at", sa.Date(), nullable=True),
        sa.Column("pass_end_at", sa.Date(), nullable=True),
        sa.Column("batch_file", sa.String(length=27), nullable=True),
        sa.Column("batch_line", sa.Integer(), nullable=True),
        sa.Column("asp_code", sa.String(length=4), nullable=True),
        sa.Column("asp_label", sa.String(length=200), nullable=True),
        sa.Column("processed_as_duplicate", sa.Boolean(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"], ["candidatures.id"], name=op.f("fk_employee_records_candidature_id_candidatures")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_employee_records_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["job_seeker_id"], ["job_seekers.id"], name=op.f("fk_employee_records_job_seeker_id_job_seekers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee_records")),
        sa.UniqueConstraint(
            "asp_measure",
            "siret",
            "approval_number",
            name=op.f("uq_employee_records_asp_measure_siret_approval_number"),
        ),
        sa.UniqueConstraint("batch_file", "batch_line", name=op.f("uq_employee_records_batch_file_batch_line")),
    )
    with op.batch_alter_table("employee_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employee_records_candidature_id"), ["candidature_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_employee_records_company_id_created_at_id"), ["company_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_employee_records_claimable",
            ["updated_at", "id"],
            unique=False,
            sqlite_where=_READY_UNCLAIMED,
            postgresql_where=_READY_UNCLAIMED,
        )

    op.create_table(
        "asp_batches",
        sa.Column("file_name", sa.String(length=27), nullable=False),
        sa.Column("movement", sa.String(length=1), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("file_name", name=op.f("pk_asp_batches")),
    )
    with op.batch_alter_table("asp_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asp_batches_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("asp_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asp_batches_state"))
    op.drop_table("asp_batches")
    with op.batch_alter_table("employee_records", schema=None) as batch_op:
        batch_op.drop_index("ix_employee_records_claimable")
        batch_op.drop_index(batch_op.f("ix_employee_records_company_id_created_at_id"))
        batch_op.drop_index(batch_op.f("ix_employee_records_candidature_id"))
    op.drop_table("employee_records")
