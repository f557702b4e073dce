"""Turning a verified access token into the principal a use case sees."""

from uuid import UUID

from domain.errors import Forbidden, Unauthenticated
from domain.identity.memberships import Membership, MembershipRole, Tenant, TenantKind
from domain.identity.principal import ActingFor, Principal
from domain.identity.scopes import ALL_SCOPES, Scope, parse_scopes
from domain.identity.users import UserKind
from domain.ports.system import AccessTokenClaims
from domain.ports.unit_of_work import UnitOfWork


async def resolve_principal(*, uow: UnitOfWork, claims: AccessTokenClaims, act_as: UUID | None) -> Principal:
    """The principal behind a valid token, read fresh from the database so
    that a deactivated account or a revoked membership takes effect at once.

    - ``act_as`` picks which company or organisation a member of several acts
      for; without it, a person with exactly one active membership acts for it.
    - Unknown or inactive subject: ``Unauthenticated``; ``act_as`` naming a
      tenant the caller is not an active member of: ``Forbidden``.
    """
    async with uow:
        if claims.subject_type == "client":
            return await _client_principal(uow, claims, act_as)
        return await _user_principal(uow, claims, act_as)


async def _user_principal(uow: UnitOfWork, claims: AccessTokenClaims, act_as: UUID | None) -> Principal:
    user = await uow.users.get(_uuid(claims.subject))
    if user is None or not user.is_active:
        raise Unauthenticated("Ce compte n'existe pas ou a été désactivé.")
    active = [m for m in await uow.memberships.for_user(user.id) if m.is_active]
    chosen = _choose_membership(active, act_as)
    acting_for = await _acting_for(uow, chosen.tenant, chosen.role) if chosen else None
    # A person may ask for a narrower token (a read-only front-end, say).
    scopes = _scopes(claims) or ALL_SCOPES
    return Principal(kind=user.kind, user_id=user.id, acting_for=acting_for, scopes=scopes)


async def _client_principal(uow: UnitOfWork, claims: AccessTokenClaims, act_as: UUID | None) -> Principal:
    client = await uow.clients.get(_uuid(claims.subject))
    if client is None or not client.is_active:
        raise Unauthenticated("Cette application n'existe pas ou a été désactivée.")
    if act_as is not None and act_as != client.tenant.id:
        raise Forbidden("Une application partenaire n'agit que pour sa propre structure.")
    kind = UserKind.EMPLOYER if client.tenant.kind is TenantKind.COMPANY else UserKind.PRESCRIBER
    return Principal(
        kind=kind,
        client_id=client.id,
        acting_for=await _acting_for(uow, client.tenant, MembershipRole.MEMBER),
        scopes=_scopes(claims) & client.scopes,
    )


def _choose_membership(active: list[Membership], act_as: UUID | None) -> Membership | None:
    if act_as is None:
        return active[0] if len(active) == 1 else None
    for membership in active:
        if membership.tenant.id == act_as:
            return membership
    raise Forbidden("Vous n'êtes pas membre actif de la structure demandée (Tremplin-Act-As).")


async def _acting_for(uow: UnitOfWork, tenant: Tenant, role: MembershipRole) -> ActingFor:
    if tenant.kind is TenantKind.COMPANY:
        company = await uow.companies.get(tenant.id)
        return ActingFor(tenant=tenant, role=role, company_kind=company.kind if company else None)
    organisation = await uow.organisations.get(tenant.id)
    habilitated = organisation is not None and organisation.is_habilitated
    return ActingFor(tenant=tenant, role=role, habilitated=habilitated)


def _scopes(claims: AccessTokenClaims) -> frozenset[Scope]:
    try:
        return parse_scopes(claims.scope)
    except ValueError:
        # Signed by us, yet with a scope this version does not know (one since removed).
        raise Unauthenticated("Ce jeton porte une portée inconnue : demandez-en un nouveau.") from None


def _uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise Unauthenticated("Jeton invalide.") from None
