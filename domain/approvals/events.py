"""What happens to a PASS IAE, recorded by the aggregate for the outbox."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class ApprovalIssued:
    event_id: UUID
    occurred_at: datetime
    approval_number: str
    job_seeker_id: UUID
    company_id: UUID
    candidature_id: UUID
    start_at: date
    end_at: date


@dataclass(slots=True, frozen=True)
class ApprovalReused:
    event_id: UUID
    occurred_at: datetime
    approval_number: str
    company_id: UUID
    candidature_id: UUID
    hiring_start: date


@dataclass(slots=True, frozen=True)
class ApprovalSuspended:
    event_id: UUID
    occurred_at: datetime
    approval_number: str
    suspension_id: UUID
    start_at: date
    end_at: date
    reason: str


@dataclass(slots=True, frozen=True)
class ProlongationRequested:
    event_id: UUID
    occurred_at: datetime
    approval_number: str
    prolongation_id: UUID
    reason: str
    end_at: date
    requested_by_company_id: UUID
    # None when the reason is granted on request (no prescriber decides).
    prescriber_organisation_id: UUID | None
    assigned_to_user_id: UUID | None = None


@dataclass(slots=True, frozen=True)
class ProlongationDecided:
    event_id: UUID
    occurred_at: datetime
    approval_number: str
    prolongation_id: UUID
    granted: bool
    deny_reason: str | None
    requested_by_company_id: UUID
    requested_by_user_id: UUID | None
    prescriber_organisation_id: UUID | None = None
    deny_reason_code: str | None = None
    proposed_actions: tuple[str, ...] = ()
    proposed_actions_explanation: str = ""


@dataclass(slots=True, frozen=True)
class SuspensionChanged:
    """Its end moved (changed, or the suspension ended early)."""

    event_id: UUID
    occurred_at: datetime
    approval_number: str
    suspension_id: UUID
    start_at: date
    end_at: date


@dataclass(slots=True, frozen=True)
class SuspensionDeleted:
    event_id: UUID
    occurred_at: datetime
    approval_number: str
    suspension_id: UUID


@dataclass(slots=True, frozen=True)
class ApprovalMoved:
    """The hire that issued it, not started yet, now starts another day: so does the PASS IAE."""

    event_id: UUID
    occurred_at: datetime
    approval_number: str
    candidature_id: UUID
    start_at: date
    end_at: date
