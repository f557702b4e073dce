from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from api.http.deps import ContainerDep, PrincipalDep
from api.http.schemas.common import problems
from api.http.schemas.job_seekers import JobSeekerCreate, JobSeekerOut, JobSeekerPage, JobSeekerUpdate, Nir
from domain.job_seekers.job_seekers import JobSeekerDetails
from domain.job_seekers.lookups import find_job_seeker_by_nir
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
    summary="Find a job seeker by his NIR (prescribers and employers; audited)",
    description=find_job_seeker_by_nir.__doc__,
    response_model=JobSeekerPage,
    responses=problems(401, 403, 422),
)
async def find_by_nir(
    nir: Annotated[Nir, Query(description="The exact NIR, with or without spaces")],
    container: ContainerDep,
    principal: PrincipalDep,
) -> JobSeekerPage:
    card = await find_job_seeker_by_nir(
        uow=container.new_uow(), actor=principal, clock=container.clock, ids=container.ids, nir=nir
    )
    items = [JobSeekerOut.of(card, container.referentials.communes)] if card else []
    return JobSeekerPage(items=items, next=None)


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
    summary="Edit a job seeker's profile (himself, or who follows him)",
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
