"""Invitations (the same for companies and prescriber organisations) and the
company first member's proof: the links the emails carry are followed here."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, status

from api.http.deps import ContainerDep, OptionalPrincipalDep, PrincipalDep
from api.http.pagination import decode_position, next_position_link
from api.http.schemas.common import Code, problems
from api.http.schemas.invitations import (
    CompanyProofIn,
    InvitationAccept,
    InvitationCreate,
    InvitationOut,
    InvitationPage,
    JoinedOut,
)
from domain.candidatures.listing import Position
from domain.identity.accepting import accept_invitation
from domain.identity.company_proof import confirm_company_proof
from domain.identity.invitations import InvitationPosition
from domain.identity.inviting import MAX_PAGE, Invitee, invite, list_invitations, revoke_invitation
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.signup import Services

router = APIRouter(tags=["invitations"])


def tenant_invitations_router(*, prefix: str, tenant_kind: TenantKind, slug: str, tag: str) -> APIRouter:
    """Routes under ``{prefix}/{tenant_id}/invitations``; ``slug`` names the operations."""
    tenant_router = APIRouter(prefix=prefix, tags=[tag])

    @tenant_router.post(
        "/{tenant_id}/invitations",
        operation_id=f"{slug}-invitations-create",
        summary="Invite a person by email (valid 14 days)",
        description=invite.__doc__,
        status_code=status.HTTP_201_CREATED,
        response_model=InvitationOut,
        responses=problems(401, 403, 404, 422),
    )
    async def create(
        tenant_id: UUID, body: InvitationCreate, container: ContainerDep, principal: PrincipalDep
    ) -> InvitationOut:
        invitee = Invitee(
            email=body.email, role=body.role, first_name=body.first_name or "", last_name=body.last_name or ""
        )
        invitation = await invite(
            uow=container.new_uow(),
            actor=principal,
            clock=container.clock,
            ids=container.ids,
            tenant=Tenant(tenant_kind, tenant_id),
            invitee=invitee,
        )
        return InvitationOut.of(invitation, now=container.clock.now())

    @tenant_router.get(
        "/{tenant_id}/invitations",
        operation_id=f"{slug}-invitations-list",
        summary="The invitations, newest first, whatever their state",
        description=list_invitations.__doc__,
        response_model=InvitationPage,
        responses=problems(401, 403, 404, 422),
    )
    async def list_(
        tenant_id: UUID,
        request: Request,
        container: ContainerDep,
        principal: PrincipalDep,
        cursor: Annotated[Code | None, Query(description="The `next` link's cursor")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    ) -> InvitationPage:
        after = decode_position(cursor)
        page = await list_invitations(
            uow=container.new_uow(),
            actor=principal,
            tenant=Tenant(tenant_kind, tenant_id),
            after=InvitationPosition(after.created_at, after.id) if after else None,
            limit=limit,
        )
        following = Position(page.next.created_at, page.next.id) if page.next else None
        now = container.clock.now()
        return InvitationPage(
            items=[InvitationOut.of(i, now=now) for i in page.items], next=next_position_link(request, following)
        )

    return tenant_router


@router.post(
    "/invitations/{invitation_id}/revoke",
    operation_id="invitations-revoke",
    summary="Revoke an invitation: its link stops working",
    description=revoke_invitation.__doc__,
    response_model=InvitationOut,
    responses=problems(401, 403, 404, 409),
)
async def revoke(invitation_id: UUID, container: ContainerDep, principal: PrincipalDep) -> InvitationOut:
    invitation = await revoke_invitation(
        uow=container.new_uow(), actor=principal, clock=container.clock, invitation_id=invitation_id
    )
    return InvitationOut.of(invitation, now=container.clock.now())


@router.post(
    "/invitations/accept",
    operation_id="invitations-accept",
    summary="Accept an invitation: a new account, or the caller's own",
    description=accept_invitation.__doc__,
    response_model=JoinedOut,
    responses=problems(401, 403, 409, 422),
    # The Bearer token is optional: without one, the account is created.
    openapi_extra={"security": [{}]},
)
async def accept(body: InvitationAccept, container: ContainerDep, principal: OptionalPrincipalDep) -> JoinedOut:
    services = Services(uow=container.new_uow(), hasher=container.hasher, clock=container.clock, ids=container.ids)
    member = await accept_invitation(services=services, actor=principal, token=body.token, newcomer=body.newcomer())
    return JoinedOut.of(member)


@router.post(
    "/company-proofs",
    operation_id="company-proofs-confirm",
    summary="Follow the link sent to a company's official address: its first member becomes admin",
    description=confirm_company_proof.__doc__,
    response_model=JoinedOut,
    responses=problems(422),
)
async def confirm_proof(body: CompanyProofIn, container: ContainerDep) -> JoinedOut:
    member = await confirm_company_proof(uow=container.new_uow(), clock=container.clock, token=body.token)
    return JoinedOut.of(member)
