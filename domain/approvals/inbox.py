"""Lists of prolongation requests: their filters, keyset and entries."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.approvals.prolongations import Prolongation, ProlongationStatus


@dataclass(slots=True, frozen=True)
class InboxFilters:
    """Which requests a list holds; no scope at all (staff): every one."""

    status: ProlongationStatus | None = None
    company_id: UUID | None = None  # asked by this company
    organisation_id: UUID | None = None  # decided by this organisation
    # With ``organisation_id``: only those this member decides (addressed to
    # him, to nobody, or to someone who has left the organisation).
    decider_id: UUID | None = None
    requested_from: datetime | None = None  # included
    requested_before: datetime | None = None  # excluded

    def match(self, prolongation: Prolongation, *, assignee_present: bool) -> bool:
        """Whether ``prolongation`` is listed (``assignee_present``: see
        ``prolongation_deciders.assignee_present``)."""
        p = prolongation
        decided_by_him = self.decider_id is None or not assignee_present or p.assigned_to_user_id == self.decider_id
        return (
            (self.status is None or p.status is self.status)
            and (self.company_id is None or p.requested_by_company_id == self.company_id)
            and (self.organisation_id is None or p.prescriber_organisation_id == self.organisation_id)
            and decided_by_him
            and (self.requested_from is None or p.requested_at >= self.requested_from)
            and (self.requested_before is None or p.requested_at < self.requested_before)
        )


@dataclass(slots=True, frozen=True)
class InboxPosition:
    """Where a page of a newest-first list ends: the last request's instant and id."""

    requested_at: datetime
    id: UUID


@dataclass(slots=True, frozen=True)
class InboxEntry:
    """A request, with the PASS IAE it would prolong."""

    approval_number: str
    job_seeker_id: UUID
    approval_end_at: date
    prolongation: Prolongation

    @property
    def position(self) -> InboxPosition:
        return InboxPosition(self.prolongation.requested_at, self.prolongation.id)


@dataclass(slots=True, frozen=True)
class InboxPage:
    items: list[InboxEntry]
    next: InboxPosition | None
