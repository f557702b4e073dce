"""Ports of the candidatures area."""

from typing import Protocol
from uuid import UUID

from domain.candidatures.candidatures import Candidature
from domain.candidatures.idempotency import IdempotencyRecord
from domain.candidatures.listing import CandidatureFilters, Position, Readers
from domain.candidatures.state_machine import CandidatureState


class CandidatureRepository(Protocol):
    async def get(self, candidature_id: UUID) -> Candidature | None:
        """The candidature with this id, with its history, or None."""
        ...

    async def get_for_update(self, candidature_id: UUID) -> Candidature | None:
        """Same, locked until the end of the transaction (PostgreSQL), so that
        two answers to one candidature do not overwrite each other."""
        ...

    async def add(self, candidature: Candidature) -> None:
        """Store a new candidature; a second pending one of a job seeker to one
        company raises ``AlreadyPending``."""
        ...

    async def pending_for(self, *, job_seeker_id: UUID, company_id: UUID) -> Candidature | None:
        """The pending candidature of a job seeker to a company, if any."""
        ...

    async def pending_of_job_seeker(self, job_seeker_id: UUID) -> list[Candidature]:
        """Every pending candidature of a job seeker, locked (PostgreSQL) in id order."""
        ...

    async def pending_company_ids(self, job_seeker_id: UUID) -> frozenset[UUID]:
        """The companies a job seeker has a pending candidature with, read without locking."""
        ...

    async def obsoleted_by(self, candidature_id: UUID) -> list[Candidature]:
        """The candidatures made obsolete by this one's acceptance, locked (PostgreSQL)."""
        ...

    async def page(
        self, *, readers: Readers, filters: CandidatureFilters, after: Position | None, limit: int
    ) -> list[Candidature]:
        """At most ``limit`` candidatures ``readers`` include that match
        ``filters``, newest first (then by id, descending), strictly after ``after``."""
        ...

    async def count_by_state(self, *, readers: Readers, filters: CandidatureFilters) -> dict[CandidatureState, int]:
        """How many candidatures ``readers`` include match ``filters``, per
        state (states with none left out)."""
        ...


class IdempotencyKeyRepository(Protocol):
    async def claim(self, *, caller: str, key: str) -> bool:
        """Hold the key until the end of the transaction; False when another
        transaction holds it (the same request still in flight)."""
        ...

    async def get(self, *, caller: str, key: str) -> IdempotencyRecord | None:
        """The answer stored for this caller's key, expired or not, or None."""
        ...

    async def put(self, record: IdempotencyRecord) -> None:
        """Store the answer to a request, replacing an expired one of the same key."""
        ...
