"""In-memory fakes of the domain's ports, for unit tests of use cases.

They honour the same contracts as the SQL adapters (see
tests/integration/test_repository_contracts.py, which runs one suite on both)."""

import copy
import itertools
import uuid
from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Self, TypeVar

from domain.approvals.approvals import Approval, ApprovalChangedConcurrently
from domain.approvals.numbers import PassNumberTaken
from domain.candidatures.candidatures import Candidature
from domain.candidatures.idempotency import IdempotencyRecord
from domain.candidatures.listing import CandidatureFilters, Position, Readers
from domain.candidatures.submission import AlreadyPending
from domain.companies.companies import Company, CompanyCard
from domain.companies.job_postings import JobPosting, PostingCard
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.employee_records.batches import AspBatch, BatchLine, BatchState, Movement
from domain.employee_records.declarations import Declaration
from domain.employee_records.listing import RecordFilters, RecordPosition
from domain.employee_records.records import EmployeeRecord, RecordExists
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import RecordUpdate, UpdateState
from domain.errors import Conflict
from domain.exits.exits import Exit, ExitAlreadyRecorded
from domain.identity.clients import ApiClient
from domain.identity.members import AlreadyMember
from domain.identity.memberships import Membership, Tenant
from domain.identity.signup import EmailTaken
from domain.identity.throttle import ThrottleState
from domain.identity.users import User
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerEmailTaken, JobSeekerLinks, NirLookup, NirTaken
from domain.matching.geo import Point, SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters
from domain.notifications.delivery import OutgoingEmail, RenderedEmail, RenderingFailed
from domain.notifications.messages import DeliveryState, OutboxMessage, SentVia
from domain.notifications.preferences import NotificationPreference
from domain.prescribers.organisations import PrescriberOrganisation
from domain.rate_limits.policy import Window
from domain.referentials.communes import Commune


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

    async def by_sirets(self, sirets: Collection[str]) -> Sequence[Company]:
        return [c for c in self.rows.values() if c.siret in sirets]

    async def add(self, company: Company) -> None:
        if any(c.kind is company.kind for c in await self.by_siret(company.siret)):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[company.id] = company

    async def add_all(self, companies: Sequence[Company]) -> None:
        for company in companies:
            await self.add(company)


class FakeJobPostings:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, JobPosting] = {}

    async def get(self, posting_id: uuid.UUID) -> JobPosting | None:
        return self.rows.get(posting_id)

    async def add(self, posting: JobPosting) -> None:
        self.rows[posting.id] = posting

    async def count_active(self, company_id: uuid.UUID) -> int:
        return sum(1 for p in self.rows.values() if p.company_id == company_id and p.is_active)


T = TypeVar("T")


class FakeLocatedSearch:
    """Searches the fake store's committed companies and postings one by one,
    with the arithmetic of the SQL adapter (see test_search_contracts.py)."""

    def __init__(self, store: "FakeUnitOfWork") -> None:
        self._store = store

    async def postings_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[PostingCard]]:
        return _nearest(self._postings(area, filters), after, limit, lambda hit: hit.item.posting.id)

    async def postings_for_matching(
        self, *, area: SearchArea, filters: SearchFilters, limit: int
    ) -> list[Located[PostingCard]]:
        hits = [
            hit
            for hit in self._postings(area, filters)
            if hit.item.posting.open_positions > 0 and not hit.item.company.block_candidatures
        ]
        return _nearest(hits, None, limit, lambda hit: hit.item.posting.id)

    async def companies_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[CompanyCard]]:
        postings = self._store.job_postings.rows.values()
        hits = []
        for company in self._store.companies.rows.values():
            dot = _dot(area, company.latitude, company.longitude)
            own = [p for p in postings if p.company_id == company.id and p.is_active]
            if not (
                dot >= area.min_dot
                and company.is_active
                and (not filters.kinds or company.kind in filters.kinds)
                and (not filters.department or company.department == filters.department)
                and (not (filters.rome_codes or filters.contract_types) or any(_matches(p, filters) for p in own))
            ):
                continue
            hits.append(Located(CompanyCard(company, len(own)), dot))
        return _nearest(hits, after, limit, lambda hit: hit.item.company.id)

    def _postings(self, area: SearchArea, filters: SearchFilters) -> list[Located[PostingCard]]:
        hits = []
        for posting in self._store.job_postings.rows.values():
            company = self._store.companies.rows[posting.company_id]
            dot = _dot(area, posting.latitude, posting.longitude)
            if not (
                dot >= area.min_dot
                and posting.is_active
                and company.is_active
                and _matches(posting, filters)
                and (not filters.kinds or company.kind in filters.kinds)
                and (not filters.department or posting.department == filters.department)
            ):
                continue
            hits.append(Located(PostingCard(posting, company), dot))
        return hits


def _dot(area: SearchArea, latitude: float, longitude: float) -> float:
    (x, y, z), (px, py, pz) = area.centre.unit_vector(), Point(latitude, longitude).unit_vector()
    return px * x + py * y + pz * z


def _matches(posting: JobPosting, filters: SearchFilters) -> bool:
    return (not filters.rome_codes or posting.rome_code in filters.rome_codes) and (
        not filters.contract_types or posting.contract_type in filters.contract_types
    )


def _nearest(
    hits: list[Located[T]], after: Cursor | None, limit: int, id_of: Callable[[Located[T]], uuid.UUID]
) -> list[Located[T]]:
    if after is not None:
        hits = [h for h in hits if h.dot < after.dot or (h.dot == after.dot and id_of(h) > after.id)]
    return sorted(hits, key=lambda hit: (-hit.dot, id_of(hit)))[:limit]


class FakeCommunes:
    """The few communes a unit test names."""

    def __init__(self, *communes: Commune) -> None:
        self._by_code = {commune.insee_code: commune for commune in communes}

    def get(self, insee_code: str) -> Commune | None:
        return self._by_code.get(insee_code)

    def search(self, query: str, limit: int) -> list[Commune]:
        found = [c for c in self._by_code.values() if c.name.lower().startswith(query.lower())]
        return sorted(found, key=lambda c: -c.population)[:limit]


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


class FakeRateLimiter:
    def __init__(self) -> None:
        self.hits: dict[tuple[str, datetime], int] = {}

    async def hit(self, window: Window) -> int:
        counter = (window.key, window.started_at)
        self.hits[counter] = self.hits.get(counter, 0) + 1
        return self.hits[counter]


class FakeJobSeekers:
    def __init__(self, store: "FakeUnitOfWork") -> None:
        self.rows: dict[uuid.UUID, JobSeeker] = {}
        self._store = store

    async def get(self, job_seeker_id: uuid.UUID) -> JobSeeker | None:
        return self.rows.get(job_seeker_id)

    async def get_by_user(self, user_id: uuid.UUID) -> JobSeeker | None:
        return next((j for j in self.rows.values() if j.user_id == user_id), None)

    async def get_by_nir(self, nir: str) -> JobSeeker | None:
        return next((j for j in self.rows.values() if j.nir == nir), None)

    async def get_by_email(self, email: str) -> JobSeeker | None:
        return next((j for j in self.rows.values() if j.email == email), None)

    async def add(self, job_seeker: JobSeeker) -> None:
        if job_seeker.nir and await self.get_by_nir(job_seeker.nir):
            raise NirTaken("Un candidat a déjà ce NIR.")
        if job_seeker.email and await self.get_by_email(job_seeker.email):
            raise JobSeekerEmailTaken("Un candidat a déjà cette adresse e-mail.")
        if job_seeker.user_id and await self.get_by_user(job_seeker.user_id):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[job_seeker.id] = job_seeker

    async def links(self, job_seeker_id: uuid.UUID) -> JobSeekerLinks:
        pairs = self._link_pairs(job_seeker_id)
        return JobSeekerLinks(
            organisation_ids=frozenset(o for o, _ in pairs if o is not None),
            company_ids=frozenset(c for _, c in pairs if c is not None),
        )

    async def record_lookup(self, lookup: NirLookup) -> None:
        self._store.nir_lookups.rows.append(lookup)

    def _link_pairs(self, job_seeker_id: uuid.UUID) -> list[tuple[uuid.UUID | None, uuid.UUID | None]]:
        """(organisation, company) of every creation, diagnosis, NIR lookup and candidature."""
        job_seeker = self.rows.get(job_seeker_id)
        pairs = [(job_seeker.created_by_organisation_id, job_seeker.created_by_company_id)] if job_seeker else []
        pairs += [
            (d.author_organisation_id, d.author_company_id)
            for d in self._store.diagnoses.rows.values()
            if d.job_seeker_id == job_seeker_id
        ]
        pairs += [
            (lookup.organisation_id, lookup.company_id)
            for lookup in self._store.nir_lookups.rows
            if lookup.found_job_seeker_id == job_seeker_id
        ]
        pairs += [
            (c.sender_organisation_id, c.company_id)
            for c in self._store.candidatures.rows.values()
            if c.job_seeker_id == job_seeker_id
        ]
        return pairs


class FakeNirLookups:
    """The audit of NIR lookups, kept apart so that it rolls back like a table."""

    def __init__(self) -> None:
        self.rows: list[NirLookup] = []


class FakeDiagnoses:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, EligibilityDiagnosis] = {}

    async def get(self, diagnosis_id: uuid.UUID) -> EligibilityDiagnosis | None:
        return self.rows.get(diagnosis_id)

    async def for_job_seeker(self, job_seeker_id: uuid.UUID) -> list[EligibilityDiagnosis]:
        mine = [d for d in self.rows.values() if d.job_seeker_id == job_seeker_id]
        return sorted(mine, key=lambda d: (d.created_at, d.id), reverse=True)

    async def add(self, diagnosis: EligibilityDiagnosis) -> None:
        self.rows[diagnosis.id] = diagnosis


class FakeCandidatures:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Candidature] = {}

    async def get(self, candidature_id: uuid.UUID) -> Candidature | None:
        return self.rows.get(candidature_id)

    async def get_for_update(self, candidature_id: uuid.UUID) -> Candidature | None:
        return self.rows.get(candidature_id)

    async def add(self, candidature: Candidature) -> None:
        if candidature.is_pending and await self.pending_for(
            job_seeker_id=candidature.job_seeker_id, company_id=candidature.company_id
        ):
            raise AlreadyPending("Ce candidat a déjà une candidature en cours auprès de cette structure.")
        self.rows[candidature.id] = candidature

    async def pending_for(self, *, job_seeker_id: uuid.UUID, company_id: uuid.UUID) -> Candidature | None:
        return next(
            (
                c
                for c in self.rows.values()
                if c.job_seeker_id == job_seeker_id and c.company_id == company_id and c.is_pending
            ),
            None,
        )

    async def pending_of_job_seeker(self, job_seeker_id: uuid.UUID) -> list[Candidature]:
        mine = [c for c in self.rows.values() if c.job_seeker_id == job_seeker_id and c.is_pending]
        return sorted(mine, key=lambda c: c.id)

    async def pending_company_ids(self, job_seeker_id: uuid.UUID) -> frozenset[uuid.UUID]:
        return frozenset(c.company_id for c in await self.pending_of_job_seeker(job_seeker_id))

    async def obsoleted_by(self, candidature_id: uuid.UUID) -> list[Candidature]:
        return [c for c in self.rows.values() if c.obsoleted_by_id == candidature_id]

    async def page(
        self, *, readers: Readers, filters: CandidatureFilters, after: Position | None, limit: int
    ) -> list[Candidature]:
        found = [
            c
            for c in self.rows.values()
            if readers.include(c) and filters.match(c) and (after is None or after.precedes(c))
        ]
        return sorted(found, key=lambda c: (c.created_at, c.id), reverse=True)[:limit]


class FakeExits:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Exit] = {}

    async def get(self, candidature_id: uuid.UUID) -> Exit | None:
        return self.rows.get(candidature_id)

    async def get_for_update(self, candidature_id: uuid.UUID) -> Exit | None:
        return self.rows.get(candidature_id)

    async def add(self, exit: Exit) -> None:
        if exit.candidature_id in self.rows:
            raise ExitAlreadyRecorded("La sortie de cette embauche est déjà enregistrée.")
        self.rows[exit.candidature_id] = exit


class FakeIdempotencyKeys:
    """``in_flight`` holds the keys another transaction is using, for tests."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], IdempotencyRecord] = {}
        self.in_flight: set[tuple[str, str]] = set()

    async def claim(self, *, caller: str, key: str) -> bool:
        return (caller, key) not in self.in_flight

    async def get(self, *, caller: str, key: str) -> IdempotencyRecord | None:
        return self.rows.get((caller, key))

    async def put(self, record: IdempotencyRecord) -> None:
        self.rows[(record.caller, record.key)] = record


class FakeOutbox:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, OutboxMessage] = {}

    async def add(self, message: OutboxMessage) -> None:
        if any(m.idempotency_key == message.idempotency_key for m in self.rows.values()):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[message.id] = message

    async def get(self, message_id: uuid.UUID) -> OutboxMessage | None:
        return self.rows.get(message_id)

    async def has_event(self, event_id: uuid.UUID) -> bool:
        return any(m.event_id == event_id for m in self.rows.values())

    async def claim_due(self, *, at: datetime, until: datetime, token: uuid.UUID, limit: int) -> list[OutboxMessage]:
        due = sorted(
            (
                m
                for m in self.rows.values()
                if m.state is DeliveryState.PENDING
                and m.next_attempt_at <= at
                and (m.claimed_until is None or m.claimed_until <= at)
            ),
            key=lambda m: (m.next_attempt_at, m.id),
        )[:limit]
        for message in due:
            message.claimed_by, message.claimed_until = token, until
        return copy.deepcopy(due)

    async def settle(self, message: OutboxMessage, *, token: uuid.UUID) -> bool:
        stored = self.rows.get(message.id)
        if stored is None or stored.state is not DeliveryState.PENDING or stored.claimed_by != token:
            return False
        self.rows[message.id] = copy.deepcopy(message)
        return True

    async def in_state(
        self, state: DeliveryState, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[OutboxMessage]:
        found = sorted(
            (m for m in self.rows.values() if m.state is state and (after is None or (m.created_at, m.id) < after)),
            key=lambda m: (m.created_at, m.id),
            reverse=True,
        )
        return found[:limit]


class FakeNotificationPreferences:
    def __init__(self) -> None:
        self.rows: dict[tuple[uuid.UUID, uuid.UUID], NotificationPreference] = {}

    async def get(self, *, user_id: uuid.UUID, company_id: uuid.UUID) -> NotificationPreference | None:
        return self.rows.get((user_id, company_id))

    async def put(self, preference: NotificationPreference) -> None:
        self.rows[(preference.user_id, preference.company_id)] = preference

    async def opted_out_of_new_candidatures(self, company_id: uuid.UUID) -> frozenset[uuid.UUID]:
        return frozenset(p.user_id for p in self.rows.values() if p.company_id == company_id and not p.new_candidatures)


class FakeApprovals:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Approval] = {}

    async def get_by_number(self, number: str) -> Approval | None:
        return next((a for a in self.rows.values() if a.number == number), None)

    async def get_by_prolongation(self, prolongation_id: uuid.UUID) -> Approval | None:
        return next((a for a in self.rows.values() if a.prolongation(prolongation_id) is not None), None)

    async def for_job_seeker(self, job_seeker_id: uuid.UUID) -> list[Approval]:
        mine = [a for a in self.rows.values() if a.job_seeker_id == job_seeker_id]
        return sorted(mine, key=lambda a: a.rank, reverse=True)

    async def add(self, approval: Approval) -> None:
        if await self.get_by_number(approval.number) is not None:
            raise PassNumberTaken("Ce numéro de PASS IAE est déjà attribué.")
        if any(a.rank == approval.rank for a in await self.for_job_seeker(approval.job_seeker_id)):
            raise ApprovalChangedConcurrently("Un PASS IAE vient d'être délivré à cette personne.")
        self.rows[approval.id] = approval


class FakePassNumbers:
    def __init__(self) -> None:
        self.rows: dict[str, int] = {}

    async def next_sequence(self, prefix: str) -> int:
        self.rows[prefix] = self.rows.get(prefix, 0) + 1
        return self.rows[prefix]


_REPOSITORIES = (
    "users",
    "memberships",
    "organisations",
    "companies",
    "job_postings",
    "clients",
    "throttles",
    "job_seekers",
    "nir_lookups",
    "diagnoses",
    "candidatures",
    "idempotency",
    "approvals",
    "pass_numbers",
    "exits",
    "outbox",
    "notification_preferences",
    "employee_records",
    "employee_record_updates",
    "asp_batches",
)


class FakeEmployeeRecords:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, EmployeeRecord] = {}

    async def get(self, record_id: uuid.UUID) -> EmployeeRecord | None:
        return self.rows.get(record_id)

    async def get_for_update(self, record_id: uuid.UUID) -> EmployeeRecord | None:
        return self.rows.get(record_id)

    async def add(self, record: EmployeeRecord) -> None:
        if await self.find(asp_measure=record.asp_measure, siret=record.siret, approval_number=record.approval_number):
            raise RecordExists("Ce PASS IAE a déjà une fiche salarié pour cette structure.")
        self.rows[record.id] = record

    async def find(self, *, asp_measure: str, siret: str, approval_number: str) -> EmployeeRecord | None:
        key = (asp_measure, siret, approval_number)
        return next((r for r in self.rows.values() if (r.asp_measure, r.siret, r.approval_number) == key), None)

    async def of_candidature(self, candidature_id: uuid.UUID) -> list[EmployeeRecord]:
        return [r for r in self.rows.values() if r.candidature_id == candidature_id]

    async def page(self, *, filters: RecordFilters, after: RecordPosition | None, limit: int) -> list[EmployeeRecord]:
        found = [r for r in self.rows.values() if filters.match(r) and (after is None or after.precedes(r))]
        return sorted(found, key=lambda r: (r.created_at, r.id), reverse=True)[:limit]

    async def of_approval(self, approval_number: str) -> list[EmployeeRecord]:
        return [r for r in self.rows.values() if r.approval_number == approval_number]

    async def in_batch(self, batch_file: str) -> list[EmployeeRecord]:
        held = [r for r in self.rows.values() if r.batch_file == batch_file]
        return sorted(held, key=lambda r: r.batch_line or 0)

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        ready = [r for r in self.rows.values() if r.state is RecordState.READY and r.batch_file is None]
        chosen = sorted(ready, key=lambda r: (r.updated_at, r.id))[:limit]
        for number, record in enumerate(chosen, start=1):
            record.claim(batch_file=batch_file, line=number)
        return len(chosen)

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        return [
            BatchLine(r.batch_line or 0, Movement.CREATION, r.id, _declared(Declaration.of(r)))
            for r in await self.in_batch(batch_file)
        ]

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        held = [r for r in await self.in_batch(batch_file) if r.state is RecordState.READY]
        for record in held:
            record.mark_sent(at=at)
        return len(held)


def _declared(declaration: Declaration) -> bytes:
    # The layout is the SQL adapters' (``DeclarationFormat``); the fake batch files only count lines.
    return repr(declaration).encode()


class FakeEmployeeRecordUpdates:
    def __init__(self, store: "FakeUnitOfWork") -> None:
        self.rows: dict[uuid.UUID, RecordUpdate] = {}
        self._store = store

    async def add(self, update: RecordUpdate) -> None:
        if any(u.is_pending and u.record_id == update.record_id for u in self.rows.values()):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[update.id] = update

    async def of_record(self, record_id: uuid.UUID) -> list[RecordUpdate]:
        found = [u for u in self.rows.values() if u.record_id == record_id]
        return sorted(found, key=lambda u: (u.created_at, u.id), reverse=True)

    async def in_batch(self, batch_file: str) -> list[RecordUpdate]:
        return sorted((u for u in self.rows.values() if u.batch_file == batch_file), key=lambda u: u.batch_line or 0)

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        waiting = sorted((u for u in self.rows.values() if u.is_pending), key=lambda u: (u.updated_at, u.id))
        chosen = waiting[:limit]
        for number, update in enumerate(chosen, start=1):
            update.claim(batch_file=batch_file, line=number)
        return len(chosen)

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        records = self._store.employee_records.rows
        return [
            BatchLine(
                u.batch_line or 0,
                Movement.UPDATE,
                u.id,
                _declared(Declaration.of(records[u.record_id], pass_dates=(u.pass_start_at, u.pass_end_at))),
            )
            for u in await self.in_batch(batch_file)
        ]

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        held = [u for u in await self.in_batch(batch_file) if u.state is UpdateState.NEW]
        for update in held:
            update.mark_sent(at=at)
        return len(held)


class FakeAspBatches:
    def __init__(self) -> None:
        self.rows: dict[str, AspBatch] = {}

    async def get(self, file_name: str) -> AspBatch | None:
        return self.rows.get(file_name)

    async def add(self, batch: AspBatch) -> None:
        if batch.file_name in self.rows:
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[batch.file_name] = batch

    async def uploading(self) -> list[AspBatch]:
        return sorted((b for b in self.rows.values() if b.state is BatchState.UPLOADING), key=lambda b: b.file_name)


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
        self.job_seekers = FakeJobSeekers(self)
        self.nir_lookups = FakeNirLookups()
        self.diagnoses = FakeDiagnoses()
        self.candidatures = FakeCandidatures()
        self.idempotency = FakeIdempotencyKeys()
        self.approvals = FakeApprovals()
        self.pass_numbers = FakePassNumbers()
        self.exits = FakeExits()
        self.outbox = FakeOutbox()
        self.notification_preferences = FakeNotificationPreferences()
        self.employee_records = FakeEmployeeRecords()
        self.employee_record_updates = FakeEmployeeRecordUpdates(self)
        self.asp_batches = FakeAspBatches()
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


class FakeRenderer:
    """Renders any template as its name and data, and fails on the templates it is told to."""

    def __init__(self) -> None:
        self.broken: set[str] = set()

    def render(self, template: str, context: Mapping[str, Any]) -> RenderedEmail:
        if template in self.broken:
            raise RenderingFailed(f"{template}: missing value")
        return RenderedEmail(subject=f"[{template}]", text=f"{template} {dict(context)}", html=f"<p>{template}</p>")


class FakeMailer:
    """Keeps what it sent; ``failures`` lists, per recipient, the errors to
    raise on the next sends before accepting one."""

    via = SentVia.SMTP

    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []
        self.failures: dict[str, list[Exception]] = {}
        self.on_send: Callable[[OutgoingEmail], None] | None = None

    @asynccontextmanager
    async def connect(self) -> AsyncIterator["FakeMailer"]:
        yield self

    async def send(self, email: OutgoingEmail) -> None:
        if self.on_send is not None:
            self.on_send(email)
        pending = self.failures.get(email.recipient)
        if pending:
            raise pending.pop(0)
        self.sent.append(email)


class FakeApprovalCalendar:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    async def numbers_ending_between(self, first: date, last: date) -> list[str]:
        approvals = sorted(self._uow.approvals.rows.values(), key=lambda a: (a.end_at, a.number))
        return [a.number for a in approvals if first <= a.end_at <= last and not a.is_cancelled]
