"""Transactional outbox

Revision ID: 0006_outbox
Revises: 0005_candidatures
"""

from collections.abc import Sequence

revision: str = "0006_outbox"
down_revision: str | None = "0005_candidatures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
