"""In-memory fakes of the identity repositories: users, memberships, clients, throttles."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from domain.errors import Conflict
from domain.identity.clients import ApiClient
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
