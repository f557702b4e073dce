"""In-memory fakes of the domain's ports, for unit tests of use cases.

They honour the same contracts as the SQL adapters (see
tests/integration/test_repository_contracts.py, which runs one suite on both)."""

import copy
import itertools
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from domain.companies.companies import Company
from domain.companies.job_postings import JobPosting
from domain.errors import Conflict
from domain.identity.clients import ApiClient
from domain.identity.members import AlreadyMember
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
        return sorted((m for m in self.rows if m.tenant == tenant), key=lambda m: m.created_at)

    async def get(self, *, user_id: uuid.UUID, tenant: Tenant) -> Membership | None:
        return next((m for m in self.rows if m.user_id == user_id and m.tenant == tenant), None)

    async def add(self, membership: Membership) -> None:
        if await self.get(user_id=membership.user_id, tenant=membership.tenant) is not None:
            raise AlreadyMember("Cette personne est déjà membre de la structure.")
        self.rows.append(membership)


class FakeOrganisations:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, PrescriberOrganisation] = {}

    async def get(self, organisation_id: uuid.UUID) -> PrescriberOrganisation | None:
        return self.rows.get(organisation_id)

    async def get_by_siret(self, *, siret: str, kind: str) -> PrescriberOrganisation | None:
        return next((o for o in self.rows.values() if o.siret == siret and o.kind == kind), None)

    async def add(self, organisation: PrescriberOrganisation) -> None:
        if await self.get_by_siret(siret=organisation.siret, kind=organisation.kind) is not None:
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[organisation.id] = organisation


class FakeCompanies:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Company] = {}

    async def get(self, company_id: uuid.UUID) -> Company | None:
        return self.rows.get(company_id)

    async def by_siret(self, siret: str) -> Sequence[Company]:
        return [c for c in self.rows.values() if c.siret == siret]

    async def add(self, company: Company) -> None:
        if any(c.kind is company.kind for c in await self.by_siret(company.siret)):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[company.id] = company


class FakeJobPostings:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, JobPosting] = {}

    async def get(self, posting_id: uuid.UUID) -> JobPosting | None:
        return self.rows.get(posting_id)

    async def add(self, posting: JobPosting) -> None:
        self.rows[posting.id] = posting

    async def count_active(self, company_id: uuid.UUID) -> int:
        return sum(1 for p in self.rows.values() if p.company_id == company_id and p.is_active)


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


_REPOSITORIES = ("users", "memberships", "organisations", "companies", "job_postings", "clients", "throttles")


class FakeUnitOfWork:
    """One in-memory store; ``commits`` counts commits.

    Like a database session, leaving the block keeps only what was committed:
    changes made after the last commit, or in a block that raised, are rolled
    back, and entities loaded in a block are detached copies once it ends."""

    def __init__(self) -> None:
        self.users = FakeUsers()
        self.memberships = FakeMemberships()
        self.organisations = FakeOrganisations()
        self.companies = FakeCompanies()
        self.job_postings = FakeJobPostings()
        self.clients = FakeClients()
        self.throttles = FakeThrottles()
        self.commits = 0
        self._committed = self._copy_rows()

    async def __aenter__(self) -> Self:
        # Rows seeded directly between blocks count as committed.
        self._committed = self._copy_rows()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for name, rows in self._committed.items():
            getattr(self, name).rows = rows

    async def commit(self) -> None:
        self._committed = self._copy_rows()
        self.commits += 1

    def _copy_rows(self) -> dict[str, object]:
        return {name: copy.deepcopy(getattr(self, name).rows) for name in _REPOSITORIES}
