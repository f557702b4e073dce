"""Ports of the job seekers area."""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.job_seekers.changes import JobSeekerChange
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerLinks, NirLookup
from domain.job_seekers.lookup_budget import NirLookupRefusal, SpentBudgetReport


class JobSeekerRepository(Protocol):
    async def get(self, job_seeker_id: UUID) -> JobSeeker | None:
        """The job seeker with this id, or None."""
        ...

    async def get_by_user(self, user_id: UUID) -> JobSeeker | None:
        """The profile of the person with this account, or None."""
        ...

    async def get_by_nir(self, nir: str) -> JobSeeker | None:
        """The job seeker with this compact NIR, or None."""
        ...

    async def get_by_email(self, email: str) -> JobSeeker | None:
        """The job seeker with this (normalised) email, or None."""
        ...

    async def add(self, job_seeker: JobSeeker) -> None:
        """Store a new job seeker; a NIR, an email or an account already
        taken raises ``Conflict``."""
        ...

    async def links(self, job_seeker_id: UUID) -> JobSeekerLinks:
        """The organisations and companies that followed him (see ``JobSeekerLinks``)."""
        ...

    async def record_lookup(self, lookup: NirLookup) -> None:
        """Audit a lookup by NIR (which links nobody: see ``was_found_by``)."""
        ...

    async def was_found_by(self, job_seeker_id: UUID, *, organisation_id: UUID | None, company_id: UUID | None) -> bool:
        """Whether a lookup by NIR made for this organisation or company found him."""
        ...

    async def candidature_tenants(self, job_seeker_id: UUID) -> JobSeekerLinks:
        """The organisations that sent a candidature for him and the companies
        that received one (a self-prescribing company is both), in any state."""
        ...

    async def holds_approval(self, job_seeker_id: UUID) -> bool:
        """Whether a PASS IAE was ever issued to him, cancelled ones included."""
        ...


class JobSeekerChangeRepository(Protocol):
    async def add_all(self, changes: Sequence[JobSeekerChange]) -> None:
        """Keep the changes of one edit."""
        ...

    async def of_job_seeker(
        self, job_seeker_id: UUID, *, after: tuple[datetime, UUID] | None, limit: int
    ) -> list[JobSeekerChange]:
        """His changes, newest first (then by id, descending), after the
        ``(at, id)`` of the last one of the previous page."""
        ...


class NirLookupRefusalRepository(Protocol):
    async def record(self, refusal: NirLookupRefusal) -> None:
        """Count a refusal in the one record of its subject and window: the first
        one creates it (its id, tenant, budget and instant), the next ones
        count and move its last instant, atomically across workers."""
        ...

    async def spent_budgets(self, *, after: tuple[datetime, UUID] | None, limit: int) -> list[SpentBudgetReport]:
        """The records, newest first refusal first (then by id, descending),
        after the ``(first_refused_at, id)`` of the previous page, each with
        the audited lookups and misses of its subject in its window."""
        ...
