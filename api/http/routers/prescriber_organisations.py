from uuid import UUID

from fastapi import APIRouter

from api.http.deps import ContainerDep, PrincipalDep, UowDep
from api.http.schemas.common import problems
from api.http.schemas.organisations import HabilitationDecision, OrganisationOut
from domain.prescribers.organisations import Habilitation
from domain.prescribers.use_cases import decide_habilitation, get_organisation

router = APIRouter(prefix="/prescriber-organisations", tags=["prescriber organisations"])


@router.get(
    "/{organisation_id}",
    operation_id="prescriber-organisations-get",
    summary="A prescriber organisation and its habilitation",
    description=get_organisation.__doc__,
    response_model=OrganisationOut,
    responses=problems(401, 404),
)
async def get(organisation_id: UUID, uow: UowDep, principal: PrincipalDep) -> OrganisationOut:
    return OrganisationOut.of(await get_organisation(uow=uow, organisation_id=organisation_id))


@router.post(
    "/{organisation_id}/habilitation",
    operation_id="prescriber-organisations-decide-habilitation",
    summary="Validate or refuse a habilitation (staff)",
    description=decide_habilitation.__doc__,
    response_model=OrganisationOut,
    responses=problems(401, 403, 404, 422),
)
async def decide(
    organisation_id: UUID, body: HabilitationDecision, container: ContainerDep, principal: PrincipalDep
) -> OrganisationOut:
    organisation = await decide_habilitation(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        organisation_id=organisation_id,
        decision=Habilitation(body.decision),
        comment=body.comment,
    )
    return OrganisationOut.of(organisation)
