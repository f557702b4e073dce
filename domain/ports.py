"""The ports: what the domain needs from the outside world, as Protocols.

Adapters implement them (``adapters/``); tests use the in-memory fakes of
``tests/fakes.py``. Methods take and return domain types only.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from domain.companies.companies import Company
from domain.identity.clients import ApiClient
from domain.identity.memberships import Membership, Tenant
from domain.identity.throttle import ThrottleState
from domain.identity.users import User
from domain.prescribers.organisations import PrescriberOrganisation


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> UUID:
        """A fresh public identifier."""
        ...


class PasswordHasher(Protocol):
    async def hash(self, secret: str) -> str:
        """A salted, slow hash of ``secret`` to store."""
        ...

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        """Whether ``secret`` matches ``stored_hash``; never raises on a mismatch.

        With no hash (unknown account) it spends the same time and says False,
        so that timing does not tell which accounts exist."""
        ...


@dataclass(slots=True, frozen=True)
class AccessTokenClaims:
    subject: str
    subject_type: str  # "user" or "client"
    scope: str
    expires_at: datetime


class AccessTokens(Protocol):
    ttl_s: int

    def issue(self, *, subject: str, subject_type: str, scope: str) -> str:
        """A signed access token for a user or a partner application."""
        ...

    def verify(self, token: str) -> AccessTokenClaims:
        """Check signature, algorithm, issuer, audience and expiry.

        Raises ``domain.errors.Unauthenticated`` when any check fails."""
        ...

    def jwks(self) -> dict[str, object]:
        """The public keys that verify the tokens, as a JSON Web Key Set."""
        ...


class UserRepository(Protocol):
    async def get(self, user_id: UUID) -> User | None:
        """The user with this id, or None."""
        ...

    async def get_by_email(self, email: str) -> User | None:
        """The user with this (normalised) email, or None."""
        ...

    async def add(self, user: User) -> None:
        """Store a new user; a taken email raises ``Conflict`` at commit."""
        ...


class MembershipRepository(Protocol):
    async def for_user(self, user_id: UUID) -> Sequence[Membership]:
        """Every membership of a user, any status."""
        ...

    async def for_tenant(self, tenant: Tenant) -> Sequence[Membership]:
        """Every membership of a tenant, any status, oldest first."""
        ...

    async def get(self, *, user_id: UUID, tenant: Tenant) -> Membership | None:
        """The membership of this user in this tenant, or None."""
        ...

    async def add(self, membership: Membership) -> None:
        """Store a new membership."""
        ...


class PrescriberOrganisationRepository(Protocol):
    async def get(self, organisation_id: UUID) -> PrescriberOrganisation | None:
        """The organisation with this id, or None."""
        ...

    async def get_by_siret(self, *, siret: str, kind: str) -> PrescriberOrganisation | None:
        """The organisation with this SIRET and kind, or None."""
        ...

    async def add(self, organisation: PrescriberOrganisation) -> None:
        """Store a new organisation."""
        ...


class CompanyRepository(Protocol):
    async def get(self, company_id: UUID) -> Company | None:
        """The company with this id, or None."""
        ...

    async def by_siret(self, siret: str) -> Sequence[Company]:
        """Every company with this SIRET (one per kind at most)."""
        ...

    async def add(self, company: Company) -> None:
        """Store a new company."""
        ...


class ApiClientRepository(Protocol):
    async def get_by_client_id(self, client_id: str) -> ApiClient | None:
        """The partner application with this public client id, or None."""
        ...

    async def get(self, client_uuid: UUID) -> ApiClient | None:
        """The partner application with this id, or None."""
        ...

    async def add(self, client: ApiClient) -> None:
        """Store a new partner application."""
        ...


class ThrottleRepository(Protocol):
    async def get(self, key: str) -> ThrottleState | None:
        """The failure counter for a key (an account or an IP), or None."""
        ...

    async def put(self, state: ThrottleState) -> None:
        """Create or replace the counter of ``state.key``."""
        ...

    async def delete(self, key: str) -> None:
        """Forget the counter of a key."""
        ...


class UnitOfWork(Protocol):
    """One business transaction: repositories sharing one database session.

    ``async with uow:`` opens it; ``commit()`` makes its changes durable,
    including changes made to entities loaded through its repositories;
    leaving the block without committing rolls back."""

    users: UserRepository
    memberships: MembershipRepository
    organisations: PrescriberOrganisationRepository
    companies: CompanyRepository
    clients: ApiClientRepository
    throttles: ThrottleRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None:
        """Make the changes durable; translates broken uniqueness into ``Conflict``."""
        ...
