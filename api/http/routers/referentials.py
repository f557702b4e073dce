"""The public referentials: communes, ROME appellations, eligibility criteria."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.http.deps import ContainerDep
from api.http.schemas.common import Code, Line, problems
from api.http.schemas.referentials import (
    AppellationList,
    AppellationOut,
    CommuneList,
    CommuneOut,
    CriterionList,
    CriterionOut,
)
from domain.referentials.lookups import get_commune

router = APIRouter(tags=["referentials"])

Limit = Annotated[int, Query(ge=1, le=50, description="At most this many results")]


@router.get(
    "/communes",
    operation_id="communes-search",
    summary="Find communes by name or postal code prefix",
    description="Name prefix (accents, case, hyphens and apostrophes ignored; `st` stands for `saint`) or, "
    "when `q` is digits, postal code prefix. Exact matches first, then the most populated. "
    "Paris, Lyon and Marseille are found as cities and as arrondissements. Public.",
    response_model=CommuneList,
    responses=problems(422),
)
async def search_communes(
    container: ContainerDep,
    q: Annotated[Line, Query(min_length=2, max_length=100, examples=["creteil", "saint etienne", "75011"])],
    limit: Limit = 10,
) -> CommuneList:
    found = container.referentials.communes.search(q, limit)
    return CommuneList(items=[CommuneOut.of(commune) for commune in found])


@router.get(
    "/communes/{insee_code}",
    operation_id="communes-get",
    summary="A commune by its INSEE code",
    description=get_commune.__doc__,
    response_model=CommuneOut,
    responses=problems(404, 422),
)
async def get_commune_by_code(
    container: ContainerDep,
    insee_code: Annotated[
        Code, Path(pattern=r"^(?:[0-9]{2}|2[AB])[0-9]{3}$", examples=["75056"], description="INSEE commune code")
    ],
) -> CommuneOut:
    return CommuneOut.of(get_commune(communes=container.referentials.communes, insee_code=insee_code))


@router.get(
    "/rome/appellations",
    operation_id="rome-appellations-search",
    summary="Find ROME appellations (job titles) by word prefixes",
    description="Every word of `q` must start a word of the title, in any order (accents and case ignored): "
    "`agent entretien` finds « Agent / Agente d'entretien du bâtiment ». Titles that start with the first "
    "word typed come first, then those whose matching words come earliest, then the shortest. Public.",
    response_model=AppellationList,
    responses=problems(422),
)
async def search_appellations(
    container: ContainerDep,
    q: Annotated[Line, Query(min_length=2, max_length=100, examples=["boul", "agent entretien"])],
    limit: Limit = 10,
) -> AppellationList:
    found = container.referentials.rome.search_appellations(q, limit)
    return AppellationList(items=[AppellationOut.of(appellation) for appellation in found])


@router.get(
    "/eligibility/criteria",
    operation_id="eligibility-criteria-list",
    summary="The IAE eligibility administrative criteria",
    description="Level 1 criteria first, with the written proof each one requires. Public.",
    response_model=CriterionList,
)
async def list_criteria(container: ContainerDep) -> CriterionList:
    return CriterionList(items=[CriterionOut.of(criterion) for criterion in container.referentials.criteria.all()])
