"""Ports of the job seekers area."""

from typing import Protocol
from uuid import UUID

from domain.job_seekers.job_seekers import JobSeeker, JobSeekerLinks, NirLookup


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
        """Audit a lookup by NIR; a lookup that found him links its tenant to him."""
        ...
