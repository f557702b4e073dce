"""Members of a company or a prescriber organisation, managed by its admins."""

from dataclasses import dataclass
from uuid import UUID

from domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from domain.identity.memberships import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Tenant,
    TenantKind,
)
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import User, UserKind, normalise_email
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


class LastAdmin(Conflict):
    code = "last-admin"
    title = "Dernier administrateur"


class AlreadyMember(Conflict):
    code = "already-member"
    title = "Déjà membre"


class WrongUserKind(RuleViolation):
    code = "wrong-user-kind"
    title = "Type de compte incompatible"


@dataclass(slots=True, frozen=True)
class Member:
    membership: Membership
    user: User


MEMBER_KIND = {TenantKind.COMPANY: UserKind.EMPLOYER, TenantKind.PRESCRIBER_ORGANISATION: UserKind.PRESCRIBER}


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
) -> Member:
    """Make an existing account an active member (or approve a pending one).

    - Admins of the tenant and staff only (403).
    - The account must exist (404) and be of the tenant's kind (422): employers
      join companies, prescribers join organisations.
    - Already an active member: 409.
    """
    async with uow:
        await _require_admin(uow, actor, tenant)
        user = await uow.users.get_by_email(normalise_email(email))
        if user is None:
            raise NotFound("Aucun compte avec cette adresse e-mail : la personne doit d'abord s'inscrire.")
        if user.kind is not MEMBER_KIND[tenant.kind]:
            raise WrongUserKind(
                f"Un compte de type {user.kind} ne peut pas rejoindre cette structure.",
                extra={"expected_kind": MEMBER_KIND[tenant.kind]},
            )
        membership = await uow.memberships.get(user_id=user.id, tenant=tenant)
        if membership is None:
            membership = Membership(
                id=ids.new_id(),
                user_id=user.id,
                tenant=tenant,
                role=role,
                status=MembershipStatus.ACTIVE,
                created_at=clock.now(),
            )
            await uow.memberships.add(membership)
        elif membership.is_active:
            raise AlreadyMember("Cette personne est déjà membre de la structure.")
        else:
            membership.status, membership.role = MembershipStatus.ACTIVE, role
        await uow.commit()
        return Member(membership=membership, user=user)


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
        await _require_admin(uow, actor, tenant)
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


async def require_tenant(uow: UnitOfWork, tenant: Tenant) -> None:
    """404 unless the company or organisation exists."""
    if tenant.kind is TenantKind.COMPANY:
        found = await uow.companies.get(tenant.id) is not None
    else:
        found = await uow.organisations.get(tenant.id) is not None
    if not found:
        raise NotFound("Structure introuvable.")


async def _require_admin(uow: UnitOfWork, actor: Principal, tenant: Tenant) -> None:
    await require_tenant(uow, tenant)
    allowed = actor.is_staff or actor.is_admin_of(tenant)
    if not allowed or not actor.has_scope(Scope.MEMBERS_WRITE):
        raise Forbidden("Seuls les administrateurs de la structure gèrent ses membres.")
