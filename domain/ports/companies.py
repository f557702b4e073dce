"""Ports of the companies area."""

from collections.abc import Collection, Sequence
from typing import Protocol
from uuid import UUID

from domain.companies.companies import Company
from domain.companies.job_postings import JobPosting


class CompanyRepository(Protocol):
    async def get(self, company_id: UUID) -> Company | None:
        """The company with this id, or None."""
        ...

    async def by_siret(self, siret: str) -> Sequence[Company]:
        """Every company with this SIRET (one per kind at most)."""
        ...

    async def by_sirets(self, sirets: Collection[str]) -> Sequence[Company]:
        """Every company with one of these SIRETs (for imports, in one query)."""
        ...

    async def add(self, company: Company) -> None:
        """Store a new company."""
        ...

    async def add_all(self, companies: Sequence[Company]) -> None:
        """Store new companies at once (for imports); a taken (SIRET, kind)
        raises ``Conflict``."""
        ...


class JobPostingRepository(Protocol):
    async def get(self, posting_id: UUID) -> JobPosting | None:
        """The job posting with this id, active or not, or None."""
        ...

    async def add(self, posting: JobPosting) -> None:
        """Store a new job posting."""
        ...

    async def for_company(self, company_id: UUID) -> Sequence[JobPosting]:
        """Every posting of a company, active or closed, newest first."""
        ...

    async def count_active(self, company_id: UUID) -> int:
        """How many active postings a company has."""
        ...
