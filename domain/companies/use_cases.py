from uuid import UUID

from domain.companies.companies import Company
from domain.errors import NotFound
from domain.ports import UnitOfWork


async def get_company(*, uow: UnitOfWork, company_id: UUID) -> Company:
    """A company's public profile. Anyone, even anonymous: job seekers and
    prescribers choose where to apply from it."""
    async with uow:
        company = await uow.companies.get(company_id)
    if company is None:
        raise NotFound("Structure introuvable.")
    return company
