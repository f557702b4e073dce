"""What happened to a candidature, recorded by the aggregate for the outbox
(notifications per DOMAIN.md "Notifications")."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class CandidatureEvent:
    event_id: UUID
    occurred_at: datetime
    candidature_id: UUID
    job_seeker_id: UUID
    company_id: UUID
    actor_id: UUID | None


@dataclass(slots=True, frozen=True)
class CandidatureSubmitted(CandidatureEvent):
    sender_kind: str
    sender_organisation_id: UUID | None
    sender_company_id: UUID | None


@dataclass(slots=True, frozen=True)
class CandidatureStateChanged(CandidatureEvent):
    """Process, postpone, pool, prior to hire and back, obsolete and reset."""

    transition: str
    from_state: str
    to_state: str


@dataclass(slots=True, frozen=True)
class CandidatureAccepted(CandidatureEvent):
    hiring_start_at: date
    hiring_end_at: date | None
    approval_number: str | None
    approval_start_at: date | None
    approval_end_at: date | None
    approval_issued: bool  # a new PASS IAE, not one reused


@dataclass(slots=True, frozen=True)
class CandidatureRefused(CandidatureEvent):
    reason: str
    message: str


@dataclass(slots=True, frozen=True)
class HireCancelled(CandidatureEvent):
    approval_number: str | None


@dataclass(slots=True, frozen=True)
class CandidatureTransferred(CandidatureEvent):
    from_company_id: UUID


@dataclass(slots=True, frozen=True)
class HiringDatesChanged(CandidatureEvent):
    hiring_start_at: date
    hiring_end_at: date | None
