from uuid import UUID

from fastapi import APIRouter, Request, status

from api.http.deps import ContainerDep, PrincipalDep, UowDep
from api.http.pagination import next_link
from api.http.schemas.common import problems
from api.http.schemas.companies import CompanyHitOut, CompanyOut, CompanyPage, CompanyUpdate
from api.http.schemas.job_postings import JobPostingCreate, JobPostingOut
from api.http.schemas.search import AroundDep
from domain.companies.companies import CompanyCard
from domain.companies.postings import PostingDraft, publish_job_posting
from domain.companies.profile import ProfileChanges, get_company, update_company_profile
from domain.matching.search import search_companies

router = APIRouter(prefix="/companies", tags=["companies"])


def _out(card: CompanyCard) -> CompanyOut:
    return CompanyOut.of(card.company, active_job_postings=card.active_job_postings)


@router.get(
    "",
    operation_id="companies-search",
    summary="Companies around a commune, nearest first",
    description=search_companies.__doc__,
    response_model=CompanyPage,
    responses=problems(422),
)
async def search(request: Request, container: ContainerDep, around: AroundDep) -> CompanyPage:
    page = await search_companies(search=container.search, communes=container.referentials.communes, around=around)
    items = [
        CompanyHitOut.of(
            hit.item.company, active_job_postings=hit.item.active_job_postings, distance_km=hit.distance_km
        )
        for hit in page.items
    ]
    return CompanyPage(items=items, next=next_link(request, page.next))


@router.get(
    "/{company_id}",
    operation_id="companies-get",
    summary="A company's public profile",
    description=get_company.__doc__,
    response_model=CompanyOut,
    responses=problems(404),
)
async def get(company_id: UUID, uow: UowDep) -> CompanyOut:
    return _out(await get_company(uow=uow, company_id=company_id))


@router.patch(
    "/{company_id}",
    operation_id="companies-update",
    summary="Edit a company's profile (its members)",
    description=update_company_profile.__doc__,
    response_model=CompanyOut,
    responses=problems(401, 403, 404, 422),
)
async def update(company_id: UUID, body: CompanyUpdate, container: ContainerDep, principal: PrincipalDep) -> CompanyOut:
    changes = ProfileChanges(**body.model_dump(exclude_unset=True))
    card = await update_company_profile(
        uow=container.new_uow(), actor=principal, clock=container.clock, company_id=company_id, changes=changes
    )
    return _out(card)


@router.post(
    "/{company_id}/job-postings",
    operation_id="job-postings-create",
    summary="Publish a job posting (members of the company)",
    description=publish_job_posting.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=JobPostingOut,
    responses=problems(401, 403, 404, 422),
)
async def publish(
    company_id: UUID, body: JobPostingCreate, container: ContainerDep, principal: PrincipalDep
) -> JobPostingOut:
    card = await publish_job_posting(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        referentials=container.referentials,
        company_id=company_id,
        draft=PostingDraft(**body.model_dump()),
    )
    return JobPostingOut.of(card.posting, card.company, container.referentials.rome)
