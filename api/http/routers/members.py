"""Member management, the same for companies and prescriber organisations."""

from uuid import UUID

from fastapi import APIRouter, status

from api.http.deps import ContainerDep, PrincipalDep, UowDep
from api.http.schemas.common import problems
from api.http.schemas.identity import MemberCreate, MemberOut, MemberPage, MemberUpdate
from api.http.schemas.invitations import InvitationOut
from domain.identity.members import add_member, list_members, update_member
from domain.identity.memberships import Tenant, TenantKind


def members_router(*, prefix: str, tenant_kind: TenantKind, slug: str, tag: str) -> APIRouter:
    """Routes under ``{prefix}/{tenant_id}/members``; ``slug`` names the operations."""
    router = APIRouter(prefix=prefix, tags=[tag])

    @router.get(
        "/{tenant_id}/members",
        operation_id=f"{slug}-members-list",
        summary="List the members, pending and revoked included",
        description=list_members.__doc__,
        response_model=MemberPage,
        responses=problems(401, 403, 404),
    )
    async def list_(tenant_id: UUID, uow: UowDep, principal: PrincipalDep) -> MemberPage:
        members = await list_members(uow=uow, actor=principal, tenant=Tenant(tenant_kind, tenant_id))
        return MemberPage(items=[MemberOut.of(m) for m in members])

    @router.post(
        "/{tenant_id}/members",
        operation_id=f"{slug}-members-add",
        summary="Add a person by email: an invitation is sent, whoever holds the address",
        description=add_member.__doc__,
        status_code=status.HTTP_202_ACCEPTED,
        response_model=InvitationOut,
        responses=problems(401, 403, 404, 422),
    )
    async def add(
        tenant_id: UUID, body: MemberCreate, container: ContainerDep, principal: PrincipalDep
    ) -> InvitationOut:
        invitation = await add_member(
            uow=container.new_uow(),
            actor=principal,
            clock=container.clock,
            ids=container.ids,
            tenant=Tenant(tenant_kind, tenant_id),
            email=body.email,
            role=body.role,
        )
        return InvitationOut.of(invitation, now=container.clock.now())

    @router.patch(
        "/{tenant_id}/members/{user_id}",
        operation_id=f"{slug}-members-update",
        summary="Change a member's role, approve or revoke him",
        description=update_member.__doc__,
        response_model=MemberOut,
        responses=problems(401, 403, 404, 409, 422),
    )
    async def update(
        tenant_id: UUID, user_id: UUID, body: MemberUpdate, uow: UowDep, principal: PrincipalDep
    ) -> MemberOut:
        member = await update_member(
            uow=uow,
            actor=principal,
            tenant=Tenant(tenant_kind, tenant_id),
            user_id=user_id,
            role=body.role,
            status=body.status,
        )
        return MemberOut.of(member)

    return router
