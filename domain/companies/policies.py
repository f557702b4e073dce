from uuid import UUID

from domain.errors import Forbidden
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.scopes import Scope


def ensure_can_edit_company(actor: Principal, company_id: UUID) -> None:
    """Members of the company (acting for it) edit its profile and postings."""
    if not actor.acts_for(Tenant(TenantKind.COMPANY, company_id)):
        raise Forbidden("Seuls les membres de la structure la modifient.")
    if not actor.has_scope(Scope.COMPANIES_WRITE):
        raise Forbidden("Cette application n'a pas le droit companies:write.")
