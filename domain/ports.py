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

from domain.companies.companies import Company, CompanyCard
from domain.companies.job_postings import JobPosting, PostingCard
from domain.identity.clients import ApiClient
from domain.identity.memberships import Membership, Tenant
from domain.identity.throttle import ThrottleState
from domain.identity.users import User
from domain.matching.geo import SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters
from domain.prescribers.organisations import PrescriberOrganisation
from domain.referentials.communes import Commune
from domain.referentials.criteria import AdministrativeCriterion
from domain.referentials.rome import Appellation


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


class JobPostingRepository(Protocol):
    async def get(self, posting_id: UUID) -> JobPosting | None:
        """The job posting with this id, active or not, or None."""
        ...

    async def add(self, posting: JobPosting) -> None:
        """Store a new job posting."""
        ...

    async def count_active(self, company_id: UUID) -> int:
        """How many active postings a company has."""
        ...


class LocatedSearch(Protocol):
    """Read side of the searches around a place (returns DTOs, not aggregates to change)."""

    async def postings_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[PostingCard]]:
        """Active postings of active companies in ``area``, nearest first, then by id,
        strictly after ``after``; at most ``limit``."""
        ...

    async def companies_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[CompanyCard]]:
        """Active companies in ``area``, nearest first, then by id, strictly after
        ``after``; at most ``limit``."""
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


class CommuneReferential(Protocol):
    """The communes of the shipped INSEE referential, in memory (synchronous)."""

    def get(self, insee_code: str) -> Commune | None:
        """The commune with this INSEE code (Paris, Lyon and Marseille included as
        cities, their arrondissements too), or None."""
        ...

    def search(self, query: str, limit: int) -> list[Commune]:
        """At most ``limit`` communes whose name starts with ``query`` (accents,
        case, hyphens and apostrophes ignored) or, when ``query`` is digits, one
        of whose postal codes starts with it. Exact matches first, then the most
        populated."""
        ...


class RomeReferential(Protocol):
    """The ROME job families and appellations, in memory (synchronous)."""

    def appellation(self, code: str) -> Appellation | None:
        """The appellation with this code, with its ROME code and name, or None."""
        ...

    def search_appellations(self, query: str, limit: int) -> list[Appellation]:
        """At most ``limit`` appellations whose title has, for every word of
        ``query``, a word starting with it (any order, accents and case ignored).
        Titles whose matching words come first rank first, then shorter titles."""
        ...

    def rome_name(self, rome_code: str) -> str | None:
        """The name of the ROME job family with this code (``K2204``), or None."""
        ...


class CriteriaReferential(Protocol):
    """The IAE eligibility administrative criteria (synchronous)."""

    def all(self) -> list[AdministrativeCriterion]:
        """Every criterion, level 1 first, in the order of the referential."""
        ...

    def get(self, code: str) -> AdministrativeCriterion | None:
        """The criterion with this code (``RSA``, ``DELD``…), or None."""
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
    job_postings: JobPostingRepository
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
