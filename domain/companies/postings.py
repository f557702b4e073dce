"""Publishing and editing job postings (fiches de poste)."""

import dataclasses
from dataclasses import dataclass
from uuid import UUID

from domain.companies.job_postings import ContractType, InvalidJobPosting, JobPosting, PostingCard
from domain.companies.policies import ensure_can_edit_company
from domain.errors import FieldError, NotFound
from domain.identity.principal import Principal
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork
from domain.referentials.bundle import Referentials


@dataclass(slots=True, frozen=True)
class PostingDraft:
    appellation_code: str
    contract_type: ContractType
    title: str = ""
    description: str = ""
    hours_per_week: int | None = None
    commune: str | None = None  # the company's commune when not given
    open_positions: int = 1
    is_active: bool = True


async def publish_job_posting(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    referentials: Referentials,
    company_id: UUID,
    draft: PostingDraft,
) -> PostingCard:
    """Publish a job posting for a company.

    - Members of the company acting for it (403); unknown company 404.
    - The appellation must be in the ROME referential and the commune in the
      INSEE one (422 naming the field); the location defaults to the company's.
    """
    async with uow:
        company = await uow.companies.get(company_id)
        if company is None:
            raise NotFound("Structure introuvable.")
        ensure_can_edit_company(actor, company_id)
        rome_code = _rome_code(referentials, draft.appellation_code)
        place = _place(referentials, draft.commune or company.commune)
        now = clock.now()
        posting = JobPosting(
            id=ids.new_id(),
            company_id=company.id,
            appellation_code=draft.appellation_code,
            rome_code=rome_code,
            title=draft.title,
            description=draft.description,
            contract_type=draft.contract_type,
            hours_per_week=draft.hours_per_week,
            open_positions=draft.open_positions,
            is_active=draft.is_active,
            created_at=now,
            updated_at=now,
            **place,
        )
        await uow.job_postings.add(posting)
        await uow.commit()
        return PostingCard(posting, company)


async def revise_job_posting(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    referentials: Referentials,
    posting_id: UUID,
    changes: dict[str, object],
) -> PostingCard:
    """Change some fields of a job posting (``is_active: false`` closes it; it is
    never deleted, so candidatures keep pointing at what was published).

    - Members of the posting's company acting for it (403); unknown posting 404.
    - Same referential checks as at publication (422 naming the field).
    """
    async with uow:
        posting = await uow.job_postings.get(posting_id)
        if posting is None:
            raise NotFound("Fiche de poste introuvable.")
        ensure_can_edit_company(actor, posting.company_id)
        updates = dict(changes)
        if "appellation_code" in updates:
            updates["rome_code"] = _rome_code(referentials, str(updates["appellation_code"]))
        if "commune" in updates:
            updates.update(_place(referentials, str(updates.pop("commune"))))
        revised = dataclasses.replace(posting, **updates, updated_at=clock.now())  # type: ignore[arg-type]
        for field in dataclasses.fields(JobPosting):
            setattr(posting, field.name, getattr(revised, field.name))
        company = await uow.companies.get(posting.company_id)
        assert company is not None  # a posting's company is never deleted (foreign key)
        await uow.commit()
        return PostingCard(posting, company)


async def get_job_posting(*, uow: UnitOfWork, posting_id: UUID) -> PostingCard:
    """A job posting, active or closed, with its company. Public."""
    async with uow:
        posting = await uow.job_postings.get(posting_id)
        company = await uow.companies.get(posting.company_id) if posting else None
    if posting is None or company is None:
        raise NotFound("Fiche de poste introuvable.")
    return PostingCard(posting, company)


async def open_postings_of(*, uow: UnitOfWork, company_id: UUID) -> list[JobPosting]:
    """A company's active job postings, newest first. Public."""
    async with uow:
        return [posting for posting in await uow.job_postings.for_company(company_id) if posting.is_active]


def _rome_code(referentials: Referentials, appellation_code: str) -> str:
    appellation = referentials.rome.appellation(appellation_code)
    if appellation is None:
        raise InvalidJobPosting(
            f"L'appellation ROME {appellation_code} n'existe pas.",
            errors=[FieldError("/appellation_code", "unknown ROME appellation code")],
        )
    return appellation.rome_code


def _place(referentials: Referentials, insee_code: str) -> dict[str, object]:
    commune = referentials.communes.get(insee_code)
    if commune is None:
        raise InvalidJobPosting(
            f"La commune {insee_code} n'existe pas.", errors=[FieldError("/commune", "unknown INSEE commune code")]
        )
    return {
        "commune": commune.insee_code,
        "city": commune.name,
        "department": commune.department,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
    }
