"""Candidatures remember the instant they were first answered

Revision ID: 0011_candidature_first_answer
Revises: 0010_employee_records
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_candidature_first_answer"
down_revision: str | None = "0010_employee_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Inlined on purpose: a migration must not change when the code it ran with does.
# The first answer is the first move out of ``new`` in the history (both engines
# store instants so that MIN orders them in time: timestamptz, fixed-width text).
BACKFILL = """
UPDATE candidatures SET first_answered_at = (
    SELECT MIN(t.at) FROM candidature_transitions AS t
    WHERE t.candidature_id = candidatures.id AND t.from_state = 'new'
)
"""


def upgrade() -> None:
    with op.batch_alter_table("candidatures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_answered_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(BACKFILL)


def downgrade() -> None:
    # Copying the table (batch mode's way on SQLite) would drop a table its
    # history references; SQLite has dropped columns in place since 3.35.
    with op.batch_alter_table("candidatures", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("first_answered_at")
