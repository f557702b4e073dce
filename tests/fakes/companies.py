"""In-memory fakes of the companies and job postings repositories."""

import uuid
from collections.abc import Collection, Sequence

from domain.companies.companies import Company
from domain.companies.job_postings import JobPosting
from domain.errors import Conflict


class FakeCompanies:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Company] = {}

    async def get(self, company_id: uuid.UUID) -> Company | None:
        return self.rows.get(company_id)

    async def by_siret(self, siret: str) -> Sequence[Company]:
        return [c for c in self.rows.values() if c.siret == siret]

    async def by_sirets(self, sirets: Collection[str]) -> Sequence[Company]:
        return [c for c in self.rows.values() if c.siret in sirets]

    async def add(self, company: Company) -> None:
        if any(c.kind is company.kind for c in await self.by_siret(company.siret)):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[company.id] = company

    async def add_all(self, companies: Sequence[Company]) -> None:
        for company in companies:
            await self.add(company)


class FakeJobPostings:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, JobPosting] = {}

    async def get(self, posting_id: uuid.UUID) -> JobPosting | None:
        return self.rows.get(posting_id)

    async def add(self, posting: JobPosting) -> None:
        self.rows[posting.id] = posting

    async def for_company(self, company_id: uuid.UUID) -> Sequence[JobPosting]:
        mine = [p for p in self.rows.values() if p.company_id == company_id]
        return sorted(mine, key=lambda p: p.created_at, reverse=True)

    async def count_active(self, company_id: uuid.UUID) -> int:
        return sum(1 for p in self.rows.values() if p.company_id == company_id and p.is_active)
