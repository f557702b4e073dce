"""FastAPI dependencies: the container, a unit of work, the principal."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.request_context import ContainerDep, get_container
from domain.errors import Unauthenticated
from domain.identity.principal import Principal
from domain.identity.principals import resolve_principal
from domain.ports.unit_of_work import UnitOfWork

ACT_AS_HEADER = "Tremplin-Act-As"
_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/auth/token")


__all__ = ["ContainerDep", "get_container"]  # re-exported: the routers take them from here


# Dependencies are ``async def``: FastAPI runs a plain function in its thread
# pool, a hand-off that cost more than these bodies on every request.
async def new_uow(container: ContainerDep) -> UnitOfWork:
    return container.new_uow()


UowDep = Annotated[UnitOfWork, Depends(new_uow)]


async def optional_principal(
    container: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    act_as: Annotated[
        UUID | None,
        Header(
            alias=ACT_AS_HEADER,
            description="Id of the company or prescriber organisation the caller acts for, "
            "when he is an active member of several.",
        ),
    ] = None,
) -> Principal | None:
    if credentials is None:
        return None
    claims = container.tokens.verify(credentials.credentials)
    return await resolve_principal(uow=container.new_uow(), claims=claims, act_as=act_as)


async def required_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthenticated("Un jeton d'accès (Authorization: Bearer …) est requis.")
    return principal


PrincipalDep = Annotated[Principal, Depends(required_principal)]
OptionalPrincipalDep = Annotated[Principal | None, Depends(optional_principal)]
