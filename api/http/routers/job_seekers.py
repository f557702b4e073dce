from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, status

from api.bootstrap import nir_lookup_budget
from api.http.deps import ContainerDep, PrincipalDep
from api.http.pagination import decode_position, next_position_link
from api.http.schemas.common import Code, problems
from api.http.schemas.job_seekers import (
    JobSeekerChangeOut,
    JobSeekerChangePage,
    JobSeekerCreate,
    JobSeekerFoundOut,
    JobSeekerFoundPage,
    JobSeekerOut,
    JobSeekerUpdate,
    Nir,
)
from domain.approvals.nir_lookups import find_job_seeker_by_nir
from domain.candidatures.listing import Position
from domain.job_seekers.history import job_seeker_history
from domain.job_seekers.job_seekers import JobSeekerDetails
from domain.job_seekers.profiles import get_job_seeker, revise_job_seeker
from domain.job_seekers.registration import register_job_seeker

router = APIRouter(prefix="/job-seekers", tags=["job seekers"])


@router.post(
    "",
    operation_id="job-seekers-create",
    summary="Register a job seeker (prescribers and employers)",
    description=register_job_seeker.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=JobSeekerOut,
    responses=problems(401, 403, 409, 422),
)
async def create(body: JobSeekerCreate, container: ContainerDep, principal: PrincipalDep) -> JobSeekerOut:
    given = body.model_dump()
    details = JobSeekerDetails(**{**given, "wished_rome_codes": tuple(given["wished_rome_codes"])})
    card = await register_job_seeker(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        referentials=container.referentials,
        details=details,
    )
    return JobSeekerOut.of(card, container.referentials.communes)


@router.get(
    "",
    operation_id="job-seekers-find-by-nir",
    summary="Find a job seeker by his NIR (prescribers and employers; budgeted, audited)",
    description=find_job_seeker_by_nir.__doc__,
    response_model=JobSeekerFoundPage,
    responses=problems(401, 403, 422, 429),
)
async def find_by_nir(
    nir: Annotated[Nir, Query(description="The exact NIR, with or without spaces")],
    container: ContainerDep,
    principal: PrincipalDep,
) -> JobSeekerFoundPage:
    found = await find_job_seeker_by_nir(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        budget=nir_lookup_budget(container),
        nir=nir,
    )
    return JobSeekerFoundPage(items=[JobSeekerFoundOut.of(found)] if found else [], next=None)


@router.get(
    "/{job_seeker_id}",
    operation_id="job-seekers-get",
    summary="A job seeker's profile (within the caller's scope)",
    description=get_job_seeker.__doc__,
    response_model=JobSeekerOut,
    responses=problems(401, 403, 404),
)
async def get(job_seeker_id: UUID, container: ContainerDep, principal: PrincipalDep) -> JobSeekerOut:
    card = await get_job_seeker(uow=container.new_uow(), actor=principal, job_seeker_id=job_seeker_id)
    return JobSeekerOut.of(card, container.referentials.communes)


@router.patch(
    "/{job_seeker_id}",
    operation_id="job-seekers-update",
    summary="Edit a job seeker's profile (his identity: himself, or who registered him; his details: who follows him)",
    description=revise_job_seeker.__doc__,
    response_model=JobSeekerOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def update(
    job_seeker_id: UUID, body: JobSeekerUpdate, container: ContainerDep, principal: PrincipalDep
) -> JobSeekerOut:
    card = await revise_job_seeker(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        referentials=container.referentials,
        job_seeker_id=job_seeker_id,
        changes=body.changes(),
    )
    return JobSeekerOut.of(card, container.referentials.communes)


@router.get(
    "/{job_seeker_id}/history",
    operation_id="job-seekers-history",
    summary="The changes made to a job seeker's profile, newest first",
    description=job_seeker_history.__doc__,
    response_model=JobSeekerChangePage,
    responses=problems(401, 403, 404, 422),
)
async def history(
    job_seeker_id: UUID,
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    cursor: Code | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> JobSeekerChangePage:
    after = decode_position(cursor)
    changes = await job_seeker_history(
        uow=container.new_uow(),
        actor=principal,
        job_seeker_id=job_seeker_id,
        after=(after.created_at, after.id) if after else None,
        limit=limit + 1,
    )
    page = changes[:limit]
    following = Position(created_at=page[-1].at, id=page[-1].id) if len(changes) > limit else None
    return JobSeekerChangePage(
        items=[JobSeekerChangeOut.of(change) for change in page], next=next_position_link(request, following)
    )
