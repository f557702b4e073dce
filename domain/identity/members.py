"""Members of a company or a prescriber organisation, managed by its admins."""

from dataclasses import dataclass
from uuid import UUID

from domain.errors import Conflict, Forbidden, NotFound
from domain.identity.invitations import Invitation
from domain.identity.inviting import Invitee, invite
from domain.identity.memberships import Membership, MembershipRole, MembershipStatus, Tenant
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.tenant_access import require_admin, require_tenant
from domain.identity.users import User
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


class LastAdmin(Conflict):
    code = "last-admin"
    title = "Dernier administrateur"


class AlreadyMember(Conflict):
    code = "already-member"
    title = "Déjà membre"


@dataclass(slots=True, frozen=True)
class Member:
    membership: Membership
    user: User


async def list_members(*, uow: UnitOfWork, actor: Principal, tenant: Tenant) -> list[Member]:
    """The members of a tenant, pending and revoked included.

    - Active members of the tenant and staff may list; others get 403.
    """
    async with uow:
        await require_tenant(uow, tenant)
        if not (actor.is_staff or actor.acts_for(tenant)) or not actor.has_scope(Scope.MEMBERS_READ):
            raise Forbidden("Seuls les membres de la structure voient ses membres.")
        return [
            Member(membership=m, user=user)
            for m in await uow.memberships.for_tenant(tenant)
            if (user := await uow.users.get(m.user_id)) is not None
        ]


async def add_member(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    tenant: Tenant,
    email: str,
    role: MembershipRole,
) -> Invitation:
    """Add a person by email: he is sent an invitation, and becomes an active
    member when he accepts it.

    - Admins of the tenant and staff only (403); unknown tenant: 404.
    - The answer is the same whatever the address is (no account, a job
      seeker's, staff's, an employer's or a prescriber's): an admin must not
      learn from it who holds an address. Approving a pending member is
      ``PATCH …/members/{user_id}``.
    """
    return await invite(
        uow=uow, actor=actor, clock=clock, ids=ids, tenant=tenant, invitee=Invitee(email=email, role=role)
    )


async def update_member(
    *,
    uow: UnitOfWork,
    actor: Principal,
    tenant: Tenant,
    user_id: UUID,
    role: MembershipRole | None,
    status: MembershipStatus | None,
) -> Member:
    """Change a member's role, approve him (``active``) or revoke him.

    - Admins of the tenant and staff only (403); unknown member: 404.
    - The tenant keeps at least one active admin: 409 ``last-admin``.
    """
    async with uow:
        await require_admin(uow, actor, tenant)
        membership = await uow.memberships.get(user_id=user_id, tenant=tenant)
        user = await uow.users.get(user_id)
        if membership is None or user is None:
            raise NotFound("Cette personne n'est pas membre de la structure.")
        was_admin = membership.is_active_admin
        membership.role = role or membership.role
        membership.status = status or membership.status
        if was_admin and not membership.is_active_admin:
            admins = [m for m in await uow.memberships.for_tenant(tenant) if m.is_active_admin]
            if not any(m.user_id != user_id for m in admins):
                raise LastAdmin("La structure doit garder au moins un administrateur actif.")
        await uow.commit()
        return Member(membership=membership, user=user)
