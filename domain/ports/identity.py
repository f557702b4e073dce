"""Ports of the identity area."""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.identity.clients import ApiClient
from domain.identity.memberships import Membership, Tenant
from domain.identity.throttle import ThrottleState
from domain.identity.users import User
from domain.identity.web_sessions import WebSession


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


class WebSessionRepository(Protocol):
    async def get(self, token_hash: str) -> WebSession | None:
        """The session whose token has this SHA-256 hash, expired or not, or None."""
        ...

    async def add(self, session: WebSession) -> None:
        """Store a new session."""
        ...

    async def delete(self, token_hash: str) -> None:
        """End the session whose token has this hash, if any."""
        ...

    async def delete_expired(self, now: datetime) -> None:
        """Forget every session that expired before ``now``."""
        ...
