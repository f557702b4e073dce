"""Who may manage a company's or an organisation's members, and the tenant's name."""

from domain.errors import Forbidden, NotFound
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from domain.ports.unit_of_work import UnitOfWork

# Employers join companies, prescribers join organisations.
MEMBER_KIND = {TenantKind.COMPANY: UserKind.EMPLOYER, TenantKind.PRESCRIBER_ORGANISATION: UserKind.PRESCRIBER}


async def require_tenant(uow: UnitOfWork, tenant: Tenant) -> str:
    """The company's or organisation's name; 404 unless it exists."""
    if tenant.kind is TenantKind.COMPANY:
        structure = await uow.companies.get(tenant.id)
        name = structure.name if structure else None
    else:
        organisation = await uow.organisations.get(tenant.id)
        name = organisation.name if organisation else None
    if name is None:
        raise NotFound("Structure introuvable.")
    return name


async def require_admin(uow: UnitOfWork, actor: Principal, tenant: Tenant) -> str:
    """The tenant's name, for its admins and staff (with ``members:write``); 403 for others."""
    name = await require_tenant(uow, tenant)
    allowed = actor.is_staff or actor.is_admin_of(tenant)
    if not allowed or not actor.has_scope(Scope.MEMBERS_WRITE):
        raise Forbidden("Seuls les administrateurs de la structure gèrent ses membres.")
    return name
