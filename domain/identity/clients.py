from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.identity.memberships import Tenant
from domain.identity.scopes import Scope


@dataclass(slots=True)
class ApiClient:
    """A partner application (OAuth2 client credentials) bound to one tenant."""

    id: UUID
    client_id: str
    name: str
    secret_hash: str
    tenant: Tenant
    scopes: frozenset[Scope]
    created_at: datetime
    is_active: bool = True
