"""Candidatures, their history, idempotency keys

Revision ID: 0005_candidatures
Revises: 0004_approvals
"""

from collections.abc import Sequence

revision: str = "0005_candidatures"
down_revision: str | None = "0004_approvals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
