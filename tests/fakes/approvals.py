"""In-memory fakes of the approvals (PASS IAE), their numbers and calendar."""

import uuid
from datetime import date
from typing import TYPE_CHECKING

from domain.approvals.approvals import Approval, ApprovalChangedConcurrently
from domain.approvals.inbox import InboxEntry, InboxFilters, InboxPosition
from domain.approvals.numbers import PassNumberTaken
from domain.approvals.prolongations import Prolongation
from domain.identity.memberships import Tenant, TenantKind

if TYPE_CHECKING:
    from tests.fakes.unit_of_work import FakeUnitOfWork


class FakeApprovals:
    def __init__(self, uow: "FakeUnitOfWork | None" = None) -> None:
        self.rows: dict[uuid.UUID, Approval] = {}
        self._uow = uow  # the memberships and users the inbox of a prescriber depends on

    async def get_by_number(self, number: str) -> Approval | None:
        return next((a for a in self.rows.values() if a.number == number), None)

    async def get_by_prolongation(self, prolongation_id: uuid.UUID) -> Approval | None:
        return next((a for a in self.rows.values() if a.prolongation(prolongation_id) is not None), None)

    async def for_job_seeker(self, job_seeker_id: uuid.UUID) -> list[Approval]:
        mine = [a for a in self.rows.values() if a.job_seeker_id == job_seeker_id]
        return sorted(mine, key=lambda a: a.rank, reverse=True)

    async def prolongation_requests(
        self, *, filters: InboxFilters, after: InboxPosition | None, limit: int
    ) -> list[InboxEntry]:
        entries = [
            InboxEntry(a.number, a.job_seeker_id, a.end_at, p)
            for a in self.rows.values()
            for p in a.prolongations
            if filters.match(p, assignee_present=self._assignee_present(p))
        ]
        entries.sort(key=lambda e: (e.prolongation.requested_at, e.prolongation.id), reverse=True)
        if after is not None:
            entries = [
                e for e in entries if (e.prolongation.requested_at, e.prolongation.id) < (after.requested_at, after.id)
            ]
        return entries[:limit]

    def _assignee_present(self, prolongation: Prolongation) -> bool:
        user_id, organisation_id = prolongation.assigned_to_user_id, prolongation.prescriber_organisation_id
        if self._uow is None or user_id is None or organisation_id is None:
            return False
        user = self._uow.users.rows.get(user_id)
        tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation_id)
        member = any(m.user_id == user_id and m.tenant == tenant and m.is_active for m in self._uow.memberships.rows)
        return user is not None and user.is_active and member

    async def add(self, approval: Approval) -> None:
        if await self.get_by_number(approval.number) is not None:
            raise PassNumberTaken("Ce numéro de PASS IAE est déjà attribué.")
        if any(a.rank == approval.rank for a in await self.for_job_seeker(approval.job_seeker_id)):
            raise ApprovalChangedConcurrently("Un PASS IAE vient d'être délivré à cette personne.")
        self.rows[approval.id] = approval


class FakePassNumbers:
    def __init__(self) -> None:
        self.rows: dict[str, int] = {}

    async def next_sequence(self, prefix: str) -> int:
        self.rows[prefix] = self.rows.get(prefix, 0) + 1
        return self.rows[prefix]


class FakeApprovalCalendar:
    def __init__(self, uow: "FakeUnitOfWork") -> None:
        self._uow = uow

    async def numbers_ending_between(self, first: date, last: date) -> list[str]:
        approvals = sorted(self._uow.approvals.rows.values(), key=lambda a: (a.end_at, a.number))
        return [a.number for a in approvals if first <= a.end_at <= last and not a.is_cancelled]
