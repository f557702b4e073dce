import dataclasses
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import func
from sqlmodel import col, select

from adapters.db.repositories.geo import geo_columns
from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import JobPostingRow
from domain.companies.job_postings import ContractType, JobPosting

_FIELDS = [field.name for field in dataclasses.fields(JobPosting)]
# The columns a posting is read from without the ORM, in ``posting_from_values`` order.
POSTING_COLUMNS = tuple(JobPostingRow.__table__.c[name] for name in _FIELDS)


def posting_from_row(row: JobPostingRow) -> JobPosting:
    values = {name: getattr(row, name) for name in _FIELDS}
    return JobPosting(**{**values, "contract_type": ContractType(row.contract_type)})


def posting_from_values(values: Sequence[Any]) -> JobPosting:
    """The posting held by the values of ``POSTING_COLUMNS``, in that order."""
    fields = dict(zip(_FIELDS, values, strict=True))
    fields["contract_type"] = ContractType(fields["contract_type"])
    return JobPosting(**fields)


class SqlJobPostingRepository(TrackingRepository[JobPosting, JobPostingRow]):
    row_type = JobPostingRow

    async def get(self, posting_id: UUID) -> JobPosting | None:
        return self._track(await self._session.get(JobPostingRow, posting_id))

    async def add(self, posting: JobPosting) -> None:
        await self._insert(posting)

    async def for_company(self, company_id: UUID) -> Sequence[JobPosting]:
        query = select(JobPostingRow).where(JobPostingRow.company_id == company_id)
        rows = await self._session.exec(query.order_by(col(JobPostingRow.created_at).desc()))
        return self._track_all(rows)

    async def count_active(self, company_id: UUID) -> int:
        query = select(func.count()).where(JobPostingRow.company_id == company_id, JobPostingRow.is_active)
        return int((await self._session.exec(query)).one())

    def _to_domain(self, row: JobPostingRow) -> JobPosting:
        return posting_from_row(row)

    def _columns(self, posting: JobPosting) -> dict[str, Any]:
        values = {name: getattr(posting, name) for name in _FIELDS}
        return {
            **values,
            "contract_type": str(posting.contract_type),
            **geo_columns(posting.latitude, posting.longitude),
        }
