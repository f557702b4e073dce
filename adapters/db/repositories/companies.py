import dataclasses
from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from sqlmodel import select

from adapters.db.repositories.geo import geo_columns
from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import CompanyRow
from domain.companies.companies import Company, CompanyKind

_FIELDS = [field.name for field in dataclasses.fields(Company)]
# The columns a company is read from without the ORM, in ``company_from_values`` order.
COMPANY_COLUMNS = tuple(CompanyRow.__table__.c[name] for name in _FIELDS)


def company_from_row(row: CompanyRow) -> Company:
    values = {name: getattr(row, name) for name in _FIELDS}
    return Company(**{**values, "kind": CompanyKind(row.kind)})


def company_from_values(values: Sequence[Any]) -> Company:
    """The company held by the values of ``COMPANY_COLUMNS``, in that order."""
    fields = dict(zip(_FIELDS, values, strict=True))
    fields["kind"] = CompanyKind(fields["kind"])
    return Company(**fields)


class SqlCompanyRepository(TrackingRepository[Company, CompanyRow]):
    row_type = CompanyRow

    async def get(self, company_id: UUID) -> Company | None:
        return self._track(await self._session.get(CompanyRow, company_id))

    async def by_siret(self, siret: str) -> Sequence[Company]:
        rows = await self._session.exec(select(CompanyRow).where(CompanyRow.siret == siret))
        return self._track_all(rows)

    async def by_sirets(self, sirets: Collection[str]) -> Sequence[Company]:
        rows = await self._session.exec(select(CompanyRow).where(CompanyRow.siret.in_(sorted(sirets))))
        return self._track_all(rows)

    async def add(self, company: Company) -> None:
        await self._insert(company)

    async def add_all(self, companies: Sequence[Company]) -> None:
        await self._insert_all(companies)

    def _to_domain(self, row: CompanyRow) -> Company:
        return company_from_row(row)

    def _columns(self, company: Company) -> dict[str, Any]:
        values = {name: getattr(company, name) for name in _FIELDS}
        return {**values, "kind": str(company.kind), **geo_columns(company.latitude, company.longitude)}
