"""Job seekers, NIR lookups audit, eligibility diagnoses

Revision ID: 0003_job_seekers
Revises: 0002_job_postings
"""

from collections.abc import Sequence

revision: str = "0003_job_seekers"
down_revision: str | None = "0002_job_postings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
