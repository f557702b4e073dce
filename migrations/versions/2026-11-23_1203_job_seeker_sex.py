"""Job seekers' sex (checked against the NIR's first digit)

Revision ID: 0007_job_seeker_sex
Revises: 0006_outbox
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_job_seeker_sex"
down_revision: str | None = "0006_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_seekers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sex", sa.String(length=1), nullable=True))
        batch_op.create_check_constraint(op.f("ck_job_seekers_sex"), "sex IN ('F', 'M')")


def downgrade() -> None:
    with op.batch_alter_table("job_seekers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_job_seekers_sex"), type_="check")
        batch_op.drop_column("sex")
