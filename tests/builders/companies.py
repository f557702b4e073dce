"""Builders of companies and their job postings, named for the situation they set up."""

import itertools

from api.bootstrap import Container
from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import ContractType, JobPosting
from domain.identity.memberships import (
    Tenant,
    TenantKind,
)
from domain.referentials.communes import Commune

_serial = itertools.count(1)


def a_siret() -> str:
    """A fresh SIRET whose SIREN and whole number both pass the Luhn check."""
    siren = _with_check_digit(f"9{next(_serial):07d}")
    return _with_check_digit(siren + "0001")


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if _luhn(body + d))


def _luhn(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def company_tenant(company: Company) -> Tenant:
    return Tenant(TenantKind.COMPANY, company.id)


async def a_company(
    container: Container,
    *,
    kind: CompanyKind = CompanyKind.EI,
    siret: str | None = None,
    active: bool = True,
    commune: str = "75111",
    auth_email: str | None = None,
) -> Company:
    now = container.clock.now()
    place = _commune(container, commune)
    company = Company(
        id=container.ids.new_id(),
        siret=siret or a_siret(),
        kind=kind,
        name=f"Structure {kind} {next(_serial)}",
        address_line="1 rue de la Paix",
        postal_code=place.postal_codes[0],
        commune=place.insee_code,
        city=place.name,
        department=place.department,
        latitude=place.latitude,
        longitude=place.longitude,
        created_at=now,
        updated_at=now,
        is_active=active,
        auth_email=auth_email,
    )
    uow = container.new_uow()
    async with uow:
        await uow.companies.add(company)
        await uow.commit()
    return company


def _commune(container: Container, insee_code: str) -> Commune:
    commune = container.referentials.communes.get(insee_code)
    assert commune is not None, f"no commune {insee_code} in the referential"
    return commune


async def a_job_posting(
    container: Container,
    company: Company,
    *,
    commune: str | None = None,
    appellation_code: str = "11573",
    contract_type: ContractType = ContractType.FIXED_TERM_I,
    open_positions: int = 1,
    is_active: bool = True,
) -> JobPosting:
    """A posting stored as it would be published; its place is the company's unless given."""
    place = _commune(container, commune or company.commune)
    appellation = container.referentials.rome.appellation(appellation_code)
    assert appellation is not None, f"no appellation {appellation_code} in the referential"
    now = container.clock.now()
    posting = JobPosting(
        id=container.ids.new_id(),
        company_id=company.id,
        appellation_code=appellation_code,
        rome_code=appellation.rome_code,
        title="",
        description="",
        contract_type=contract_type,
        hours_per_week=None,
        commune=place.insee_code,
        city=place.name,
        department=place.department,
        latitude=place.latitude,
        longitude=place.longitude,
        open_positions=open_positions,
        is_active=is_active,
        created_at=now,
        updated_at=now,
    )
    uow = container.new_uow()
    async with uow:
        await uow.job_postings.add(posting)
        await uow.commit()
    return posting
