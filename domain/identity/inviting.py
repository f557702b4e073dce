"""Inviting people to a company or a prescriber organisation, listing and revoking invitations."""

from dataclasses import dataclass
from uuid import UUID

from domain.errors import Forbidden, NotFound
from domain.identity.events import InvitationSent
from domain.identity.invitations import Invitation, InvitationPosition
from domain.identity.links import INVITATION_TTL, LinkPurpose, new_link
from domain.identity.memberships import MembershipRole, Tenant
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.tenant_access import require_admin, require_tenant
from domain.identity.users import normalise_email
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork

MAX_PAGE = 100


@dataclass(slots=True, frozen=True)
class Invitee:
    email: str
    role: MembershipRole = MembershipRole.MEMBER
    first_name: str = ""
    last_name: str = ""


@dataclass(slots=True, frozen=True)
class InvitationPage:
    items: list[Invitation]
    next: InvitationPosition | None


async def invite(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, tenant: Tenant, invitee: Invitee
) -> Invitation:
    """Invite a person by email to join a company or a prescriber organisation.

    - Admins of the tenant and staff only (403); unknown tenant: 404.
    - The answer is the same whatever the address is (unknown, a job seeker's,
      staff's, a member's): the invitation tells the inviter nothing about it.
    - The email carries a link valid 14 days; inviting the same address again
      revokes the pending invitation, whose link then stops working.
    """
    async with uow:
        tenant_name = await require_admin(uow, actor, tenant)
        invitation = await _new_invitation(uow, actor, clock, ids, tenant, invitee)
        link, token = new_link(
            purpose=LinkPurpose.INVITATION,
            email=invitation.email,
            user_id=None,
            subject_id=invitation.id,
            ttl=INVITATION_TTL,
            ids=ids,
            clock=clock,
        )
        await uow.links.add(link)
        await uow.invitations.add(invitation)
        event = await _sent(uow, actor, ids, invitation, tenant_name=tenant_name, token=token)
        await record_notifications(uow, [event])
        await uow.commit()
        return invitation


async def list_invitations(
    *, uow: UnitOfWork, actor: Principal, tenant: Tenant, after: InvitationPosition | None = None, limit: int = 20
) -> InvitationPage:
    """The tenant's invitations, newest first, whatever their state.

    - Admins of the tenant and staff only (403); unknown tenant: 404.
    """
    async with uow:
        await require_tenant(uow, tenant)
        allowed = actor.is_staff or actor.is_admin_of(tenant)
        if not allowed or not actor.has_scope(Scope.MEMBERS_READ):
            raise Forbidden("Seuls les administrateurs de la structure voient ses invitations.")
        size = min(limit, MAX_PAGE)
        found = list(await uow.invitations.page(tenant=tenant, after=after, limit=size + 1))
        items = found[:size]
        return InvitationPage(items, items[-1].position if len(found) > size else None)


async def revoke_invitation(*, uow: UnitOfWork, actor: Principal, clock: Clock, invitation_id: UUID) -> Invitation:
    """Revoke an invitation: its link stops working at once.

    - Admins of its tenant and staff only: a member of the tenant who is not
      its admin gets 403, anyone else 404 (the invitation is not theirs to see).
    - An accepted invitation: 409 (revoke the membership instead).
    """
    async with uow:
        invitation = await uow.invitations.get_for_update(invitation_id)
        if invitation is None or not (actor.is_staff or actor.acts_for(invitation.tenant)):
            raise NotFound("Invitation introuvable.")
        await require_admin(uow, actor, invitation.tenant)
        invitation.revoke(at=clock.now())
        await uow.commit()
        return invitation


async def _new_invitation(
    uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, tenant: Tenant, invitee: Invitee
) -> Invitation:
    now, email = clock.now(), normalise_email(invitee.email)
    for older in await uow.invitations.for_email(tenant=tenant, email=email):
        if older.is_pending(at=now):
            older.revoke(at=now)
    return Invitation(
        id=ids.new_id(),
        tenant=tenant,
        email=email,
        role=invitee.role,
        invited_by=actor.user_id,
        created_at=now,
        expires_at=now + INVITATION_TTL,
        first_name=invitee.first_name,
        last_name=invitee.last_name,
    )


async def _sent(
    uow: UnitOfWork, actor: Principal, ids: IdGenerator, invitation: Invitation, *, tenant_name: str, token: str
) -> InvitationSent:
    inviter = await uow.users.get(actor.user_id) if actor.user_id and not actor.is_staff else None
    return InvitationSent(
        event_id=ids.new_id(),
        occurred_at=invitation.created_at,
        invitation_id=invitation.id,
        email=invitation.email,
        first_name=invitation.first_name,
        token=token,
        tenant_name=tenant_name,
        inviter_name=inviter.full_name if inviter else None,
        role=str(invitation.role),
        expires_at=invitation.expires_at,
    )
