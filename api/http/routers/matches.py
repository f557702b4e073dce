from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.http.deps import ContainerDep, PrincipalDep
from api.http.schemas.common import problems
from api.http.schemas.job_postings import JobPostingOut
from api.http.schemas.matches import MatchOut, MatchPage
from domain.matching.job_seeker_matches import matches_for_job_seeker
from domain.matching.matches import MAX_MATCHES

router = APIRouter(prefix="/job-seekers", tags=["job seekers"])


@router.get(
    "/{job_seeker_id}/matches",
    operation_id="job-seekers-matches",
    summary="Job postings suggested to a job seeker, best first",
    description=matches_for_job_seeker.__doc__,
    response_model=MatchPage,
    responses=problems(401, 403, 404, 422),
)
async def matches(
    job_seeker_id: UUID,
    container: ContainerDep,
    principal: PrincipalDep,
    distance_km: Annotated[float, Query(ge=1, le=100)] = 25,
    limit: Annotated[int, Query(ge=1, le=MAX_MATCHES)] = 20,
) -> MatchPage:
    found = await matches_for_job_seeker(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        search=container.search,
        communes=container.referentials.communes,
        job_seeker_id=job_seeker_id,
        distance_km=distance_km,
        limit=limit,
    )
    rome = container.referentials.rome
    items = [
        MatchOut(
            **JobPostingOut.of(match.card.posting, match.card.company, rome).model_dump(),
            distance_km=match.distance_km,
            score=match.score,
            reasons=list(match.reasons),
        )
        for match in found
    ]
    return MatchPage(items=items)
