from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class HabilitationDecided:
    event_id: UUID
    occurred_at: datetime
    organisation_id: UUID
    decision: str  # "validated" or "refused"
