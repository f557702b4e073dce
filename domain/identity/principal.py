from dataclasses import dataclass, field
from uuid import UUID

from domain.identity.memberships import MembershipRole, Tenant, TenantKind
from domain.identity.scopes import ALL_SCOPES, Scope
from domain.identity.users import UserKind


@dataclass(slots=True, frozen=True)
class ActingFor:
    """The membership a principal acts through for this request."""

    tenant: Tenant
    role: MembershipRole
    habilitated: bool = False  # prescriber organisations only
    company_kind: str | None = None  # companies only


@dataclass(slots=True, frozen=True)
class Principal:
    """Whoever calls a use case: a person, or a partner application acting
    as a member of the tenant it is bound to."""

    kind: UserKind
    user_id: UUID | None = None
    client_id: UUID | None = None
    acting_for: ActingFor | None = None
    scopes: frozenset[Scope] = field(default=ALL_SCOPES)

    @property
    def is_staff(self) -> bool:
        return self.kind is UserKind.STAFF

    @property
    def is_client(self) -> bool:
        return self.client_id is not None

    def has_scope(self, scope: Scope) -> bool:
        return scope in self.scopes

    def acts_for(self, tenant: Tenant) -> bool:
        return self.acting_for is not None and self.acting_for.tenant == tenant

    def is_admin_of(self, tenant: Tenant) -> bool:
        return self.acts_for(tenant) and self.acting_for is not None and (self.acting_for.role is MembershipRole.ADMIN)

    @property
    def company_id(self) -> UUID | None:
        if self.acting_for and self.acting_for.tenant.kind is TenantKind.COMPANY:
            return self.acting_for.tenant.id
        return None

    @property
    def organisation_id(self) -> UUID | None:
        if self.acting_for and self.acting_for.tenant.kind is TenantKind.PRESCRIBER_ORGANISATION:
            return self.acting_for.tenant.id
        return None

    @property
    def is_habilitated_prescriber(self) -> bool:
        return self.organisation_id is not None and self.acting_for is not None and (self.acting_for.habilitated)
