from fastapi import APIRouter

from api.http.deps import PrincipalDep, UowDep
from api.http.schemas.common import problems
from api.http.schemas.identity import MeOut
from domain.identity.me import describe_me

router = APIRouter(tags=["identity"])


@router.get(
    "/me",
    operation_id="me-get",
    summary="Who am I: kind, memberships, scopes",
    description=describe_me.__doc__,
    response_model=MeOut,
    responses=problems(401, 403),
)
async def get_me(uow: UowDep, principal: PrincipalDep) -> MeOut:
    return MeOut.of(await describe_me(uow=uow, actor=principal))
