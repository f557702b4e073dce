"""Ports of the identity area."""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.identity.clients import ApiClient
from domain.identity.invitations import Invitation, InvitationPosition
from domain.identity.links import AccountLink, LinkPurpose
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

    async def get_by_id(self, membership_id: UUID) -> Membership | None:
        """The membership with this id, or None."""
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


class AccountLinkRepository(Protocol):
    async def add(self, link: AccountLink) -> None:
        """Store a new link; a token hash already stored raises ``Conflict``."""
        ...

    async def get_by_hash_for_update(self, token_hash: str) -> AccountLink | None:
        """The link with this token hash, its row locked until the end of the
        transaction, or None."""
        ...

    async def invalidate_for(self, user_id: UUID, purpose: LinkPurpose) -> None:
        """Void (delete) the person's unused links for this purpose, before a
        new one is added; a link used in this unit of work is kept."""
        ...


class InvitationRepository(Protocol):
    async def get_for_update(self, invitation_id: UUID) -> Invitation | None:
        """The invitation with this id, its row locked until the end of the transaction, or None."""
        ...

    async def for_email(self, *, tenant: Tenant, email: str) -> Sequence[Invitation]:
        """Every invitation of this (normalised) email to this tenant, any state."""
        ...

    async def page(self, *, tenant: Tenant, after: InvitationPosition | None, limit: int) -> Sequence[Invitation]:
        """The tenant's invitations newest first (then by id descending), after ``after``."""
        ...

    async def add(self, invitation: Invitation) -> None:
        """Store a new invitation."""
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
