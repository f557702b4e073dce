"""What ``GET /me`` tells a caller about himself."""

from dataclasses import dataclass
from uuid import UUID

from domain.errors import Unauthenticated
from domain.identity.memberships import MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class MembershipView:
    tenant: Tenant
    name: str
    tenant_kind: str  # the company kind or the organisation kind
    habilitation: str | None  # prescriber organisations only
    role: MembershipRole
    status: MembershipStatus


@dataclass(slots=True, frozen=True)
class Me:
    id: UUID
    kind: str  # a user kind, or "client" for a partner application
    name: str
    email: str | None
    memberships: list[MembershipView]
    acting_for: UUID | None
    scopes: frozenset[Scope]
    job_seeker_id: UUID | None = None  # a job seeker's own profile


async def describe_me(*, uow: UnitOfWork, actor: Principal) -> Me:
    """The caller: a person with his memberships (a job seeker with the id of
    his profile), or a partner application with the one tenant it is bound
    to. Anyone authenticated."""
    acting_for = actor.acting_for.tenant.id if actor.acting_for else None
    async with uow:
        if actor.client_id is not None:
            client = await uow.clients.get(actor.client_id)
            if client is None:
                raise Unauthenticated("Cette application n'existe plus.")
            view = await _view(uow, client.tenant, MembershipRole.MEMBER, MembershipStatus.ACTIVE)
            return Me(
                id=client.id,
                kind="client",
                name=client.name,
                email=None,
                memberships=[view] if view else [],
                acting_for=acting_for,
                scopes=actor.scopes,
            )
        user = await uow.users.get(actor.user_id) if actor.user_id else None
        if user is None:
            raise Unauthenticated("Ce compte n'existe plus.")
        views = [
            view
            for m in await uow.memberships.for_user(user.id)
            if (view := await _view(uow, m.tenant, m.role, m.status)) is not None
        ]
        profile = await uow.job_seekers.get_by_user(user.id) if user.kind is UserKind.JOB_SEEKER else None
        return Me(
            id=user.id,
            kind=user.kind,
            name=user.full_name,
            email=user.email,
            memberships=views,
            acting_for=acting_for,
            scopes=actor.scopes,
            job_seeker_id=profile.id if profile else None,
        )


async def _view(
    uow: UnitOfWork, tenant: Tenant, role: MembershipRole, status: MembershipStatus
) -> MembershipView | None:
    if tenant.kind is TenantKind.COMPANY:
        company = await uow.companies.get(tenant.id)
        if company is None:
            return None
        name, kind, habilitation = company.name, str(company.kind), None
    else:
        organisation = await uow.organisations.get(tenant.id)
        if organisation is None:
            return None
        name, kind = organisation.name, str(organisation.kind)
        habilitation = str(organisation.habilitation)
    return MembershipView(
        tenant=tenant, name=name, tenant_kind=kind, habilitation=habilitation, role=role, status=status
    )
