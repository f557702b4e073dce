"""In-memory fakes of the identity repositories: users, memberships, clients, throttles, links, invitations."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from domain.errors import Conflict
from domain.identity.clients import ApiClient
from domain.identity.invitations import Invitation, InvitationPosition
from domain.identity.links import AccountLink, LinkPurpose
from domain.identity.members import AlreadyMember
from domain.identity.memberships import Membership, Tenant
from domain.identity.signup import EmailTaken
from domain.identity.throttle import ThrottleState
from domain.identity.users import User
from domain.identity.web_sessions import WebSession


class FakeUsers:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, User] = {}

    async def get(self, user_id: uuid.UUID) -> User | None:
        return self.rows.get(user_id)

    async def get_by_email(self, email: str) -> User | None:
        return next((u for u in self.rows.values() if u.email == email), None)

    async def add(self, user: User) -> None:
        if await self.get_by_email(user.email) is not None:
            raise EmailTaken("Un compte existe déjà avec cette adresse e-mail.")
        self.rows[user.id] = user


class FakeMemberships:
    def __init__(self) -> None:
        self.rows: list[Membership] = []

    async def for_user(self, user_id: uuid.UUID) -> Sequence[Membership]:
        return [m for m in self.rows if m.user_id == user_id]

    async def for_tenant(self, tenant: Tenant) -> Sequence[Membership]:
        return sorted((m for m in self.rows if m.tenant == tenant), key=lambda m: m.created_at)

    async def get(self, *, user_id: uuid.UUID, tenant: Tenant) -> Membership | None:
        return next((m for m in self.rows if m.user_id == user_id and m.tenant == tenant), None)

    async def add(self, membership: Membership) -> None:
        if await self.get(user_id=membership.user_id, tenant=membership.tenant) is not None:
            raise AlreadyMember("Cette personne est déjà membre de la structure.")
        self.rows.append(membership)

    async def get_by_id(self, membership_id: uuid.UUID) -> Membership | None:
        return next((m for m in self.rows if m.id == membership_id), None)


class FakeClients:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, ApiClient] = {}

    async def get(self, client_uuid: uuid.UUID) -> ApiClient | None:
        return self.rows.get(client_uuid)

    async def get_by_client_id(self, client_id: str) -> ApiClient | None:
        return next((c for c in self.rows.values() if c.client_id == client_id), None)

    async def add(self, client: ApiClient) -> None:
        if await self.get_by_client_id(client.client_id) is not None:
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[client.id] = client


class FakeThrottles:
    def __init__(self) -> None:
        self.rows: dict[str, ThrottleState] = {}

    async def get(self, key: str) -> ThrottleState | None:
        return self.rows.get(key)

    async def put(self, state: ThrottleState) -> None:
        self.rows[state.key] = state

    async def delete(self, key: str) -> None:
        self.rows.pop(key, None)


class FakeAccountLinks:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, AccountLink] = {}

    async def add(self, link: AccountLink) -> None:
        if any(stored.token_hash == link.token_hash for stored in self.rows.values()):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[link.id] = link

    async def get_by_hash_for_update(self, token_hash: str) -> AccountLink | None:
        return next((link for link in self.rows.values() if link.token_hash == token_hash), None)

    async def invalidate_for(self, user_id: uuid.UUID, purpose: LinkPurpose) -> None:
        self.rows = {
            key: link
            for key, link in self.rows.items()
            if not (link.user_id == user_id and link.purpose is purpose and link.used_at is None)
        }


class FakeInvitations:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Invitation] = {}

    async def get_for_update(self, invitation_id: uuid.UUID) -> Invitation | None:
        return self.rows.get(invitation_id)

    async def for_email(self, *, tenant: Tenant, email: str) -> Sequence[Invitation]:
        found = (i for i in self.rows.values() if i.tenant == tenant and i.email == email)
        return sorted(found, key=lambda i: i.created_at)

    async def page(self, *, tenant: Tenant, after: InvitationPosition | None, limit: int) -> Sequence[Invitation]:
        found = sorted(
            (
                i
                for i in self.rows.values()
                if i.tenant == tenant and (after is None or (i.created_at, i.id) < (after.created_at, after.id))
            ),
            key=lambda i: (i.created_at, i.id),
            reverse=True,
        )
        return found[:limit]

    async def add(self, invitation: Invitation) -> None:
        self.rows[invitation.id] = invitation


class FakeWebSessions:
    def __init__(self) -> None:
        self.rows: dict[str, WebSession] = {}

    async def get(self, token_hash: str) -> WebSession | None:
        return self.rows.get(token_hash)

    async def add(self, session: WebSession) -> None:
        self.rows[session.token_hash] = session

    async def delete(self, token_hash: str) -> None:
        self.rows.pop(token_hash, None)

    async def delete_expired(self, now: datetime) -> None:
        self.rows = {key: s for key, s in self.rows.items() if s.expires_at >= now}
