"""In-memory fakes of the domain's ports, for unit tests of use cases.

They honour the same contracts as the SQL adapters (see
tests/integration/test_repository_contracts.py, which runs one suite on both)."""

import itertools
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from domain.companies.companies import Company
from domain.identity.clients import ApiClient
from domain.identity.memberships import Membership, Tenant
from domain.identity.signup import EmailTaken
from domain.identity.throttle import ThrottleState
from domain.identity.users import User
from domain.prescribers.organisations import PrescriberOrganisation


class FixedClock:
    def __init__(self, at: datetime | None = None) -> None:
        self.at = at or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


class SequentialIds:
    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=next(self._counter))


class FakeHasher:
    """Reversible on purpose: unit tests need no slowness, only the contract."""

    async def hash(self, secret: str) -> str:
        return f"hashed:{secret}"

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        return stored_hash is not None and stored_hash == f"hashed:{secret}"


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
        return [m for m in self.rows if m.tenant == tenant]

    async def get(self, *, user_id: uuid.UUID, tenant: Tenant) -> Membership | None:
        return next((m for m in self.rows if m.user_id == user_id and m.tenant == tenant), None)

    async def add(self, membership: Membership) -> None:
        self.rows.append(membership)


class FakeOrganisations:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, PrescriberOrganisation] = {}

    async def get(self, organisation_id: uuid.UUID) -> PrescriberOrganisation | None:
        return self.rows.get(organisation_id)

    async def get_by_siret(self, *, siret: str, kind: str) -> PrescriberOrganisation | None:
        return next((o for o in self.rows.values() if o.siret == siret and o.kind == kind), None)

    async def add(self, organisation: PrescriberOrganisation) -> None:
        self.rows[organisation.id] = organisation


class FakeCompanies:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Company] = {}

    async def get(self, company_id: uuid.UUID) -> Company | None:
        return self.rows.get(company_id)

    async def by_siret(self, siret: str) -> Sequence[Company]:
        return [c for c in self.rows.values() if c.siret == siret]

    async def add(self, company: Company) -> None:
        self.rows[company.id] = company


class FakeClients:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, ApiClient] = {}

    async def get(self, client_uuid: uuid.UUID) -> ApiClient | None:
        return self.rows.get(client_uuid)

    async def get_by_client_id(self, client_id: str) -> ApiClient | None:
        return next((c for c in self.rows.values() if c.client_id == client_id), None)

    async def add(self, client: ApiClient) -> None:
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


class FakeUnitOfWork:
    """Changes are visible at once (no isolation); ``commits`` counts commits."""

    def __init__(self) -> None:
        self.users = FakeUsers()
        self.memberships = FakeMemberships()
        self.organisations = FakeOrganisations()
        self.companies = FakeCompanies()
        self.clients = FakeClients()
        self.throttles = FakeThrottles()
        self.commits = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        self.commits += 1
