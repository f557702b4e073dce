"""Reading and editing a company's public profile."""

from dataclasses import dataclass
from uuid import UUID

from domain.companies.companies import CompanyCard
from domain.companies.policies import ensure_can_edit_company
from domain.errors import NotFound
from domain.identity.principal import Principal
from domain.ports.system import Clock
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class ProfileChanges:
    """Only the fields given (not None) change; ``""`` clears a text field."""

    brand: str | None = None
    description: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    block_candidatures: bool | None = None
    latitude: float | None = None
    longitude: float | None = None


async def get_company(*, uow: UnitOfWork, company_id: UUID) -> CompanyCard:
    """A company's public profile. Anyone, even anonymous: job seekers and
    prescribers choose where to apply from it."""
    async with uow:
        company = await uow.companies.get(company_id)
        if company is None:
            raise NotFound("Structure introuvable.")
        return CompanyCard(company, await uow.job_postings.count_active(company_id))


async def update_company_profile(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, company_id: UUID, changes: ProfileChanges
) -> CompanyCard:
    """Edit the profile: description, contact, website, ``block_candidatures``.

    - Members of the company acting for it (403 otherwise); unknown company 404.
    - Coordinates come from the commune unless given here (a more precise address).
    """
    async with uow:
        company = await uow.companies.get(company_id)
        if company is None:
            raise NotFound("Structure introuvable.")
        ensure_can_edit_company(actor, company_id)
        company.revise_profile(
            brand=changes.brand,
            description=changes.description,
            email=changes.email,
            phone=changes.phone,
            website=changes.website,
            block_candidatures=changes.block_candidatures,
            latitude=changes.latitude,
            longitude=changes.longitude,
            at=clock.now(),
        )
        await uow.commit()
        return CompanyCard(company, await uow.job_postings.count_active(company_id))
