"""In-memory fakes of the approvals (PASS IAE), their numbers and calendar."""

import uuid
from datetime import date
from typing import TYPE_CHECKING

from domain.approvals.approvals import Approval, ApprovalChangedConcurrently
from domain.approvals.numbers import PassNumberTaken

if TYPE_CHECKING:
    from tests.fakes.unit_of_work import FakeUnitOfWork


class FakeApprovals:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Approval] = {}

    async def get_by_number(self, number: str) -> Approval | None:
        return next((a for a in self.rows.values() if a.number == number), None)

    async def get_by_prolongation(self, prolongation_id: uuid.UUID) -> Approval | None:
        return next((a for a in self.rows.values() if a.prolongation(prolongation_id) is not None), None)

    async def for_job_seeker(self, job_seeker_id: uuid.UUID) -> list[Approval]:
        mine = [a for a in self.rows.values() if a.job_seeker_id == job_seeker_id]
        return sorted(mine, key=lambda a: a.rank, reverse=True)

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
