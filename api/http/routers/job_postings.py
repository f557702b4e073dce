from uuid import UUID

from fastapi import APIRouter, Request

from api.http.deps import ContainerDep, PrincipalDep, UowDep
from api.http.pagination import next_link
from api.http.schemas.common import problems
from api.http.schemas.job_postings import JobPostingHitOut, JobPostingOut, JobPostingPage, JobPostingUpdate
from api.http.schemas.search import AroundDep
from domain.companies.postings import get_job_posting, revise_job_posting
from domain.matching.search import search_job_postings

router = APIRouter(prefix="/job-postings", tags=["job postings"])


@router.get(
    "",
    operation_id="job-postings-search",
    summary="Active job postings around a commune, nearest first",
    description=search_job_postings.__doc__,
    response_model=JobPostingPage,
    responses=problems(422),
)
async def search(request: Request, container: ContainerDep, around: AroundDep) -> JobPostingPage:
    page = await search_job_postings(search=container.search, communes=container.referentials.communes, around=around)
    rome = container.referentials.rome
    items = [
        JobPostingHitOut(
            **JobPostingOut.of(hit.item.posting, hit.item.company, rome).model_dump(), distance_km=hit.distance_km
        )
        for hit in page.items
    ]
    return JobPostingPage(items=items, next=next_link(request, page.next))


@router.get(
    "/{posting_id}",
    operation_id="job-postings-get",
    summary="A job posting",
    description=get_job_posting.__doc__,
    response_model=JobPostingOut,
    responses=problems(404),
)
async def get(posting_id: UUID, uow: UowDep, container: ContainerDep) -> JobPostingOut:
    card = await get_job_posting(uow=uow, posting_id=posting_id)
    return JobPostingOut.of(card.posting, card.company, container.referentials.rome)


@router.patch(
    "/{posting_id}",
    operation_id="job-postings-update",
    summary="Edit or close a job posting (members of its company)",
    description=revise_job_posting.__doc__,
    response_model=JobPostingOut,
    responses=problems(401, 403, 404, 422),
)
async def update(
    posting_id: UUID, body: JobPostingUpdate, container: ContainerDep, principal: PrincipalDep
) -> JobPostingOut:
    card = await revise_job_posting(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        referentials=container.referentials,
        posting_id=posting_id,
        changes=body.model_dump(exclude_unset=True),
    )
    return JobPostingOut.of(card.posting, card.company, container.referentials.rome)
