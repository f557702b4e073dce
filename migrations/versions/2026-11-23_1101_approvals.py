"""PASS IAE approvals, hires, suspensions, prolongation requests, number counter

Revision ID: 0004_approvals
Revises: 0003_job_seekers
"""

from collections.abc import Sequence

revision: str = "0004_approvals"
down_revision: str | None = "0003_job_seekers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
