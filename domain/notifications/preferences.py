"""Which emails an employer member receives from each of his companies.

Only the new-candidature notice can be turned off: the others carry what a
member must know (a PASS IAE delivered, a hire cancelled)."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(slots=True)
class NotificationPreference:
    user_id: UUID
    company_id: UUID
    new_candidatures: bool
    updated_at: datetime


def default_preference(*, user_id: UUID, company_id: UUID, at: datetime) -> NotificationPreference:
    """A member who never chose receives every email."""
    return NotificationPreference(user_id=user_id, company_id=company_id, new_candidatures=True, updated_at=at)
