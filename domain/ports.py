"""The ports: what the domain needs from the outside world, as Protocols.

Adapters implement them (``adapters/``); tests use the in-memory fakes of
``tests/fakes.py``. Methods take and return domain types only.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self
from uuid import UUID

from domain.approvals.approvals import Approval
from domain.candidatures.candidatures import Candidature
from domain.candidatures.idempotency import IdempotencyRecord
from domain.candidatures.listing import CandidatureFilters, Position, Readers
from domain.companies.companies import Company, CompanyCard
from domain.companies.job_postings import JobPosting, PostingCard
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.employee_records.batches import AspBatch, BatchLine, FeedbackLine
from domain.employee_records.declarations import Declaration
from domain.employee_records.exchange_status import ExchangeStatus
from domain.employee_records.listing import RecordFilters, RecordPosition
from domain.employee_records.records import EmployeeRecord
from domain.employee_records.referentials import AspCodeList, AspCountry
from domain.employee_records.updates import RecordUpdate
from domain.exits.exits import Exit
from domain.identity.clients import ApiClient
from domain.identity.memberships import Membership, Tenant
from domain.identity.throttle import ThrottleState
from domain.identity.users import User
from domain.indicators.reports import IndicatorCounts, IndicatorScope, Period
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerLinks, NirLookup
from domain.matching.geo import SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters
from domain.notifications.delivery import OutgoingEmail, RenderedEmail
from domain.notifications.messages import DeliveryState, OutboxMessage, SentVia
from domain.notifications.preferences import NotificationPreference
from domain.prescribers.organisations import PrescriberOrganisation
from domain.rate_limits.policy import Window
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

    async def by_sirets(self, sirets: Collection[str]) -> Sequence[Company]:
        """Every company with one of these SIRETs (for imports, in one query)."""
        ...

    async def add(self, company: Company) -> None:
        """Store a new company."""
        ...

    async def add_all(self, companies: Sequence[Company]) -> None:
        """Store new companies at once (for imports); a taken (SIRET, kind)
        raises ``Conflict``."""
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

    async def postings_for_matching(
        self, *, area: SearchArea, filters: SearchFilters, limit: int
    ) -> list[Located[PostingCard]]:
        """Postings one may apply to in ``area``: active, with open positions, of
        an active company that does not block candidatures; nearest first, then
        by id; at most ``limit``."""
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


class RateLimiter(Protocol):
    """Request counters shared by every worker and host of the API."""

    async def hit(self, window: Window) -> int:
        """Count one request in ``window`` and return the window's count, this
        request included, atomically across workers. A window's counter may be
        forgotten once it has ended. Raises the adapter's ``Unavailable`` when
        the counters cannot be reached."""
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


class JobSeekerRepository(Protocol):
    async def get(self, job_seeker_id: UUID) -> JobSeeker | None:
        """The job seeker with this id, or None."""
        ...

    async def get_by_user(self, user_id: UUID) -> JobSeeker | None:
        """The profile of the person with this account, or None."""
        ...

    async def get_by_nir(self, nir: str) -> JobSeeker | None:
        """The job seeker with this compact NIR, or None."""
        ...

    async def get_by_email(self, email: str) -> JobSeeker | None:
        """The job seeker with this (normalised) email, or None."""
        ...

    async def add(self, job_seeker: JobSeeker) -> None:
        """Store a new job seeker; a NIR, an email or an account already
        taken raises ``Conflict``."""
        ...

    async def links(self, job_seeker_id: UUID) -> JobSeekerLinks:
        """The organisations and companies that followed him (see ``JobSeekerLinks``)."""
        ...

    async def record_lookup(self, lookup: NirLookup) -> None:
        """Audit a lookup by NIR; a lookup that found him links its tenant to him."""
        ...


class DiagnosisRepository(Protocol):
    async def get(self, diagnosis_id: UUID) -> EligibilityDiagnosis | None:
        """The diagnosis with this id, or None."""
        ...

    async def for_job_seeker(self, job_seeker_id: UUID) -> list[EligibilityDiagnosis]:
        """Every diagnosis of a person, expired or not, newest first."""
        ...

    async def add(self, diagnosis: EligibilityDiagnosis) -> None:
        """Store a new diagnosis."""
        ...


class OutboxRepository(Protocol):
    """The emails waiting to be sent, sent, or parked as dead."""

    async def add(self, message: OutboxMessage) -> None:
        """Store a new message; one already stored for the same event and
        recipient raises ``Conflict``."""
        ...

    async def get(self, message_id: UUID) -> OutboxMessage | None:
        """The message with this id, or None."""
        ...

    async def has_event(self, event_id: UUID) -> bool:
        """Whether any message was recorded for this event."""
        ...

    async def claim_due(self, *, at: datetime, until: datetime, token: UUID, limit: int) -> list[OutboxMessage]:
        """Lease to ``token`` until ``until`` at most ``limit`` pending messages
        due at ``at`` whose lease (if any) has run out, oldest due first, and
        return them. Concurrent callers never receive the same message."""
        ...

    async def settle(self, message: OutboxMessage, *, token: UUID) -> bool:
        """Write the delivery outcome (state, attempts, error, next attempt) of a
        message claimed by ``token``; False, and nothing written, when that
        claim is no longer held."""
        ...

    async def in_state(
        self, state: DeliveryState, *, after: tuple[datetime, UUID] | None, limit: int
    ) -> list[OutboxMessage]:
        """Messages in ``state``, newest first by (created_at, id), strictly after ``after``."""
        ...


class NotificationPreferenceRepository(Protocol):
    async def get(self, *, user_id: UUID, company_id: UUID) -> NotificationPreference | None:
        """This member's choices for this company, or None (the defaults)."""
        ...

    async def put(self, preference: NotificationPreference) -> None:
        """Create or replace this member's choices for this company."""
        ...

    async def opted_out_of_new_candidatures(self, company_id: UUID) -> frozenset[UUID]:
        """Ids of the users who turned off new-candidature emails of this company."""
        ...


class ExitRepository(Protocol):
    async def get(self, candidature_id: UUID) -> Exit | None:
        """The exit of this hire, with its follow-ups and corrections, or None."""
        ...

    async def get_for_update(self, candidature_id: UUID) -> Exit | None:
        """Same, locked until the end of the transaction (PostgreSQL)."""
        ...

    async def add(self, exit: Exit) -> None:
        """Store a new exit; a second exit of one hire raises ``ExitAlreadyRecorded``."""
        ...


class IndicatorsQuery(Protocol):
    """Read side of the indicators: counts aggregated by the database."""

    async def counts(self, *, scope: IndicatorScope, period: Period, min_hours: int, today: date) -> IndicatorCounts:
        """Candidatures received in ``period`` and exits that happened in it, in
        ``scope``, counted per profile; ``min_hours`` and ``today`` decide
        which exits count and which horizons have come."""
        ...


class RunLock(Protocol):
    """Keeps a job from overlapping itself, across processes."""

    def exclusive(self, job: str) -> AbstractAsyncContextManager[None]:
        """Held for the ``async with`` block; raises ``AlreadyRunning`` at once
        when another process holds it for ``job``."""
        ...


class AspExchangeQuery(Protocol):
    """Read side of the ASP exchange, for its operators."""

    async def status(self) -> ExchangeStatus:
        """Records and update notifications per state, the batches planned
        but not settled, and the uploaded ones with lines still unanswered."""
        ...


class ApprovalCalendar(Protocol):
    """Read side: which PASS IAE end when."""

    async def numbers_ending_between(self, first: date, last: date) -> list[str]:
        """Numbers of the PASS IAE, cancelled ones left out, ending from ``first`` to ``last`` included."""
        ...


class EmailRenderer(Protocol):
    def render(self, template: str, context: Mapping[str, Any]) -> RenderedEmail:
        """Subject, plain text and HTML of a template; raises
        ``domain.notifications.delivery.RenderingFailed``."""
        ...


class MailConnection(Protocol):
    async def send(self, email: OutgoingEmail) -> None:
        """Hand one email over; raises ``domain.notifications.delivery.DeliveryFailed``."""
        ...


class Mailer(Protocol):
    via: SentVia

    def connect(self) -> AbstractAsyncContextManager[MailConnection]:
        """A connection for a batch of emails (opened lazily, closed at exit)."""
        ...


class CandidatureRepository(Protocol):
    async def get(self, candidature_id: UUID) -> Candidature | None:
        """The candidature with this id, with its history, or None."""
        ...

    async def get_for_update(self, candidature_id: UUID) -> Candidature | None:
        """Same, locked until the end of the transaction (PostgreSQL), so that
        two answers to one candidature do not overwrite each other."""
        ...

    async def add(self, candidature: Candidature) -> None:
        """Store a new candidature; a second pending one of a job seeker to one
        company raises ``AlreadyPending``."""
        ...

    async def pending_for(self, *, job_seeker_id: UUID, company_id: UUID) -> Candidature | None:
        """The pending candidature of a job seeker to a company, if any."""
        ...

    async def pending_of_job_seeker(self, job_seeker_id: UUID) -> list[Candidature]:
        """Every pending candidature of a job seeker, locked (PostgreSQL) in id order."""
        ...

    async def pending_company_ids(self, job_seeker_id: UUID) -> frozenset[UUID]:
        """The companies a job seeker has a pending candidature with, read without locking."""
        ...

    async def obsoleted_by(self, candidature_id: UUID) -> list[Candidature]:
        """The candidatures made obsolete by this one's acceptance, locked (PostgreSQL)."""
        ...

    async def page(
        self, *, readers: Readers, filters: CandidatureFilters, after: Position | None, limit: int
    ) -> list[Candidature]:
        """At most ``limit`` candidatures ``readers`` include that match
        ``filters``, newest first (then by id, descending), strictly after ``after``."""
        ...


class IdempotencyKeyRepository(Protocol):
    async def claim(self, *, caller: str, key: str) -> bool:
        """Hold the key until the end of the transaction; False when another
        transaction holds it (the same request still in flight)."""
        ...

    async def get(self, *, caller: str, key: str) -> IdempotencyRecord | None:
        """The answer stored for this caller's key, expired or not, or None."""
        ...

    async def put(self, record: IdempotencyRecord) -> None:
        """Store the answer to a request, replacing an expired one of the same key."""
        ...


class ApprovalRepository(Protocol):
    async def get_by_number(self, number: str) -> Approval | None:
        """The PASS IAE with this number (12 characters, no spaces), cancelled or not, or None."""
        ...

    async def get_by_prolongation(self, prolongation_id: UUID) -> Approval | None:
        """The PASS IAE a prolongation request belongs to, or None."""
        ...

    async def for_job_seeker(self, job_seeker_id: UUID) -> list[Approval]:
        """Every PASS IAE of a person, cancelled ones included, newest first."""
        ...

    async def add(self, approval: Approval) -> None:
        """Store a new PASS IAE; a number already taken, or a second PASS of
        the same rank for one person (two issued at once), raises ``Conflict``.
        A PASS changed by another transaction since it was read raises
        ``Conflict`` at commit."""
        ...


class PassNumberCounter(Protocol):
    async def next_sequence(self, prefix: str) -> int:
        """The next PASS IAE sequence of ``prefix`` (1 first), one more than the
        last one handed out: held until the transaction ends, so concurrent
        hires wait for each other and never get the same number."""
        ...


class BatchHolderRepository(Protocol):
    """What goes in ASP batch files of one movement type: ready records
    (``C``) or update notifications (``M``). Set-based: a batch is claimed,
    read and settled without loading an entity per line."""

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        """Give at most ``limit`` lines waiting for a batch (oldest change
        first) this file name and the numbers 1, 2…, and say how many; lines
        locked by a concurrent caller are skipped (PostgreSQL)."""
        ...

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        """The lines a batch file holds, by number (to write its file again)."""
        ...

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        """Its batch was uploaded: its lines still waiting become ``sent``
        (records get the history entry of ``records.sent_entry``); how many."""
        ...


class EmployeeRecordRepository(BatchHolderRepository, Protocol):
    async def get(self, record_id: UUID) -> EmployeeRecord | None:
        """The employee record with this id, with its history, or None."""
        ...

    async def get_for_update(self, record_id: UUID) -> EmployeeRecord | None:
        """Same, locked until the end of the transaction (PostgreSQL)."""
        ...

    async def add(self, record: EmployeeRecord) -> None:
        """Store a new record; a second one for one (measure, SIRET, PASS IAE)
        raises ``RecordExists``."""
        ...

    async def find(self, *, asp_measure: str, siret: str, approval_number: str) -> EmployeeRecord | None:
        """The record declaring this PASS IAE under this measure and SIRET, or None."""
        ...

    async def of_candidature(self, candidature_id: UUID) -> list[EmployeeRecord]:
        """The records of a hire (one, or none)."""
        ...

    async def page(self, *, filters: RecordFilters, after: RecordPosition | None, limit: int) -> list[EmployeeRecord]:
        """At most ``limit`` records matching ``filters``, newest first (then by
        id, descending), strictly after ``after``."""
        ...

    async def of_approval(self, approval_number: str) -> list[EmployeeRecord]:
        """The records declaring this PASS IAE, locked until the end of the transaction."""
        ...

    async def in_batch(self, batch_file: str) -> list[EmployeeRecord]:
        """The records a batch file holds, by line number."""
        ...


class EmployeeRecordUpdateRepository(BatchHolderRepository, Protocol):
    async def add(self, update: RecordUpdate) -> None:
        """Store a new update notification; a second pending one for a record
        raises ``Conflict``."""
        ...

    async def of_record(self, record_id: UUID) -> list[RecordUpdate]:
        """The update notifications of a record, newest first."""
        ...

    async def in_batch(self, batch_file: str) -> list[RecordUpdate]:
        """The notifications a batch file holds, by line number."""
        ...


class AspBatchRepository(Protocol):
    async def get(self, file_name: str) -> AspBatch | None:
        """The batch with this file name, or None."""
        ...

    async def add(self, batch: AspBatch) -> None:
        """Store a new batch; a file name already taken raises ``Conflict``."""
        ...

    async def uploading(self) -> list[AspBatch]:
        """The batches planned but not known to be uploaded, oldest first."""
        ...


class DeclarationFormat(Protocol):
    """A declaration as a line of an ASP batch file holds it, but for the
    line's number and movement type. A ready record keeps its rendering, made
    when it is saved: an export writes lines instead of formatting them."""

    # Changes with whatever changes a rendering (the layout, the ASP
    # referentials): a line kept under another version is rendered again.
    version: str

    def render(self, declaration: Declaration) -> bytes:
        """The declaration's fields in the ASP layout: one JSON object, ASCII."""
        ...


class AspReferentials(Protocol):
    """The ASP's own referentials (communes, countries, codes), in memory."""

    def commune_exists(self, insee_code: str, *, on: date | None = None) -> bool:
        """Whether the ASP knows this commune on ``on`` (today's communes without it)."""
        ...

    def country(self, code: str) -> AspCountry | None:
        """The country with this 3-digit INSEE code, or None."""
        ...

    def has(self, codes: AspCodeList, code: str, *, measure: str) -> bool:
        """Whether ``code`` is a current code of this list for this ASP measure."""
        ...


class AspBatchFiles(Protocol):
    """The batch files in the ASP layout, in the local exchange folder."""

    def is_written(self, file_name: str) -> bool:
        """Whether this batch file was completely written."""
        ...

    async def write(self, file_name: str, lines: Iterable[BatchLine]) -> None:
        """Write a batch file, streamed line by line, made visible only once complete."""
        ...

    def read_feedback(self, content: bytes) -> list[FeedbackLine]:
        """The lines of an ASP feedback file; raises ``MalformedFeedback``."""
        ...


class AspTransport(Protocol):
    """The ASP's SFTP server (or a local folder standing for it)."""

    async def upload(self, file_name: str) -> None:
        """Put a written batch file into ``depot/`` (replacing one of that name);
        raises ``adapters.errors.Unavailable``."""
        ...

    async def feedback_files(self) -> list[str]:
        """Names of the ``RIAE_FS_*_FichierRetour.json`` files waiting in ``retrait/``."""
        ...

    async def download(self, file_name: str) -> bytes:
        """The content of a file of ``retrait/``."""
        ...

    async def delete(self, file_name: str) -> None:
        """Remove a file from ``retrait/`` once applied."""
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
    outbox: OutboxRepository
    notification_preferences: NotificationPreferenceRepository
    job_seekers: JobSeekerRepository
    diagnoses: DiagnosisRepository
    candidatures: CandidatureRepository
    idempotency: IdempotencyKeyRepository
    approvals: ApprovalRepository
    pass_numbers: PassNumberCounter
    employee_records: EmployeeRecordRepository
    employee_record_updates: EmployeeRecordUpdateRepository
    asp_batches: AspBatchRepository
    exits: ExitRepository

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
