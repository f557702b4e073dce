"""In-memory fakes of the candidatures and idempotency keys repositories."""

import uuid
from collections import Counter

from domain.candidatures.candidatures import Candidature
from domain.candidatures.idempotency import IdempotencyRecord
from domain.candidatures.listing import CandidatureFilters, Position, Readers
from domain.candidatures.state_machine import CandidatureState
from domain.candidatures.submission import AlreadyPending


class FakeCandidatures:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Candidature] = {}

    async def get(self, candidature_id: uuid.UUID) -> Candidature | None:
        return self.rows.get(candidature_id)

    async def get_for_update(self, candidature_id: uuid.UUID) -> Candidature | None:
        return self.rows.get(candidature_id)

    async def add(self, candidature: Candidature) -> None:
        if candidature.is_pending and await self.pending_for(
            job_seeker_id=candidature.job_seeker_id, company_id=candidature.company_id
        ):
            raise AlreadyPending("Ce candidat a déjà une candidature en cours auprès de cette structure.")
        self.rows[candidature.id] = candidature

    async def pending_for(self, *, job_seeker_id: uuid.UUID, company_id: uuid.UUID) -> Candidature | None:
        return next(
            (
                c
                for c in self.rows.values()
                if c.job_seeker_id == job_seeker_id and c.company_id == company_id and c.is_pending
            ),
            None,
        )

    async def pending_of_job_seeker(self, job_seeker_id: uuid.UUID) -> list[Candidature]:
        mine = [c for c in self.rows.values() if c.job_seeker_id == job_seeker_id and c.is_pending]
        return sorted(mine, key=lambda c: c.id)

    async def pending_company_ids(self, job_seeker_id: uuid.UUID) -> frozenset[uuid.UUID]:
        return frozenset(c.company_id for c in await self.pending_of_job_seeker(job_seeker_id))

    async def obsoleted_by(self, candidature_id: uuid.UUID) -> list[Candidature]:
        return [c for c in self.rows.values() if c.obsoleted_by_id == candidature_id]

    async def page(
        self, *, readers: Readers, filters: CandidatureFilters, after: Position | None, limit: int
    ) -> list[Candidature]:
        found = [
            c
            for c in self.rows.values()
            if readers.include(c) and filters.match(c) and (after is None or after.precedes(c))
        ]
        return sorted(found, key=lambda c: (c.created_at, c.id), reverse=True)[:limit]

    async def count_by_state(self, *, readers: Readers, filters: CandidatureFilters) -> dict[CandidatureState, int]:
        return dict(Counter(c.state for c in self.rows.values() if readers.include(c) and filters.match(c)))


class FakeIdempotencyKeys:
    """``in_flight`` holds the keys another transaction is using, for tests."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], IdempotencyRecord] = {}
        self.in_flight: set[tuple[str, str]] = set()

    async def claim(self, *, caller: str, key: str) -> bool:
        return (caller, key) not in self.in_flight

    async def get(self, *, caller: str, key: str) -> IdempotencyRecord | None:
        return self.rows.get((caller, key))

    async def put(self, record: IdempotencyRecord) -> None:
        self.rows[(record.caller, record.key)] = record
