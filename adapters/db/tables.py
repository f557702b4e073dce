"""The database schema, as SQLModel tables. Alembic migrations are made from it.

Only repositories see these classes; they map rows to domain entities.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.sql.elements import TextClause
from sqlmodel import Field, SQLModel

from adapters.db.types import UtcDateTime

# Stable constraint names: repositories turn a broken constraint into a
# domain Conflict by its name, and migrations stay diffable.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def _instant(nullable: bool = False) -> Column:
    return Column(UtcDateTime(), nullable=nullable)


class UserRow(SQLModel, table=True):
    __tablename__ = "users"

    id: uuid.UUID = Field(primary_key=True)
    kind: str = Field(max_length=20)
    email: str = Field(max_length=254, unique=True)
    first_name: str = Field(max_length=150)
    last_name: str = Field(max_length=150)
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = True
    created_at: datetime = Field(sa_column=_instant())
    email_confirmed_at: datetime | None = Field(default=None, sa_column=_instant(True))


_NOT_AN_AGENCY = text("kind <> 'FT'")


class PrescriberOrganisationRow(SQLModel, table=True):
    __tablename__ = "prescriber_organisations"
    __table_args__ = (
        # One organisation per SIRET, but France Travail agencies may share one (told apart by SAFIR code).
        Index(
            "uq_prescriber_organisations_siret_except_ft",
            "siret",
            unique=True,
            sqlite_where=_NOT_AN_AGENCY,
            postgresql_where=_NOT_AN_AGENCY,
        ),
        CheckConstraint("safir_code IS NULL OR kind = 'FT'", name="safir_only_ft"),
        CheckConstraint("source IN ('referential', 'signup')", name="source"),
    )

    id: uuid.UUID = Field(primary_key=True)
    siret: str = Field(max_length=14, index=True)
    kind: str = Field(max_length=20)
    name: str = Field(max_length=255)
    habilitation: str = Field(max_length=20)
    created_at: datetime = Field(sa_column=_instant())
    habilitation_decided_at: datetime | None = Field(default=None, sa_column=_instant(True))
    source: str = Field(max_length=20)
    safir_code: str | None = Field(default=None, max_length=5, unique=True)
    email: str | None = Field(default=None, max_length=254)
    address_line: str = Field(default="", max_length=255)
    postal_code: str = Field(default="", max_length=5)
    commune: str | None = Field(default=None, max_length=5)
    city: str | None = Field(default=None, max_length=255)


class CompanyRow(SQLModel, table=True):
    __tablename__ = "companies"
    __table_args__ = (
        UniqueConstraint("siret", "kind"),
        Index(None, "latitude", "longitude"),
    )

    id: uuid.UUID = Field(primary_key=True)
    siret: str = Field(max_length=14, index=True)
    kind: str = Field(max_length=10)
    name: str = Field(max_length=255)
    brand: str = Field(default="", max_length=255)
    address_line: str = Field(default="", max_length=255)
    postal_code: str = Field(default="", max_length=5)
    commune: str = Field(max_length=5)
    city: str = Field(max_length=255)
    department: str = Field(max_length=3, index=True)
    latitude: float
    longitude: float
    description: str = Field(default="")
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=20)
    website: str | None = Field(default=None, max_length=255)
    block_candidatures: bool = False
    is_active: bool = True
    asp_id: str | None = Field(default=None, max_length=20)
    auth_email: str | None = Field(default=None, max_length=254)
    geo_x: float = 0.0
    geo_y: float = 0.0
    geo_z: float = 0.0
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())


class MembershipRow(SQLModel, table=True):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "company_id"),
        UniqueConstraint("user_id", "organisation_id"),
        CheckConstraint("(company_id IS NULL) <> (organisation_id IS NULL)", name="one_tenant"),
    )

    id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id", index=True)
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="prescriber_organisations.id", index=True)
    role: str = Field(max_length=10)
    status: str = Field(max_length=10)
    created_at: datetime = Field(sa_column=_instant())
    proof_sent_to: str | None = Field(default=None, max_length=254)
    proof_sent_at: datetime | None = Field(default=None, sa_column=_instant(True))


class ApiClientRow(SQLModel, table=True):
    __tablename__ = "api_clients"
    __table_args__ = (CheckConstraint("(company_id IS NULL) <> (organisation_id IS NULL)", name="one_tenant"),)

    id: uuid.UUID = Field(primary_key=True)
    client_id: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=255)
    secret_hash: str = Field(max_length=255)
    company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id")
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="prescriber_organisations.id")
    scopes: str = Field(default="")
    is_active: bool = True
    created_at: datetime = Field(sa_column=_instant())


class ThrottleRow(SQLModel, table=True):
    __tablename__ = "auth_throttles"

    key: str = Field(primary_key=True, max_length=100)
    failures: int
    last_failure_at: datetime = Field(sa_column=_instant())
    locked_until: datetime | None = Field(default=None, sa_column=_instant(True))


class RateLimitCounterRow(SQLModel, table=True):
    __tablename__ = "rate_limit_counters"

    key: str = Field(primary_key=True, max_length=100)
    window_started_at: datetime = Field(sa_column=Column(UtcDateTime(), primary_key=True))
    hits: int
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))


class JobPostingRow(SQLModel, table=True):
    __tablename__ = "job_postings"
    __table_args__ = (
        Index(None, "latitude", "longitude"),
        CheckConstraint("open_positions >= 0", name="open_positions_not_negative"),
    )

    id: uuid.UUID = Field(primary_key=True)
    company_id: uuid.UUID = Field(foreign_key="companies.id", index=True)
    appellation_code: str = Field(max_length=10)
    rome_code: str = Field(max_length=5, index=True)
    title: str = Field(default="", max_length=255)
    description: str = Field(default="")
    contract_type: str = Field(max_length=30)
    hours_per_week: int | None = None
    commune: str = Field(max_length=5)
    city: str = Field(max_length=255)
    department: str = Field(max_length=3)
    latitude: float
    longitude: float
    geo_x: float
    geo_y: float
    geo_z: float
    open_positions: int
    is_active: bool
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())


# -- job seekers, NIR lookups, eligibility diagnoses ---------------------------


def _organisation_fk(name: str, *, index: bool = False) -> Column:
    # Named by hand: the conventional name would pass PostgreSQL's 63 characters.
    return Column(Uuid(), ForeignKey("prescriber_organisations.id", name=name), nullable=True, index=index)


def _partial_index(name: str, *columns: str, where: TextClause, unique: bool = False) -> Index:
    """An index of the rows matching ``where``, the same on SQLite and PostgreSQL."""
    return Index(name, *columns, unique=unique, sqlite_where=where, postgresql_where=where)


def _unique_when_given(column: str) -> Index:
    return _partial_index(f"uq_job_seekers_{column}", column, where=text(f"{column} IS NOT NULL"), unique=True)


class JobSeekerRow(SQLModel, table=True):
    __tablename__ = "job_seekers"
    __table_args__ = (
        _unique_when_given("nir"),
        _unique_when_given("email"),
        UniqueConstraint("user_id"),
        CheckConstraint(
            "created_by_organisation_id IS NULL OR created_by_company_id IS NULL", name="one_creator_tenant"
        ),
        CheckConstraint("sex IN ('F', 'M')", name="sex"),
    )

    id: uuid.UUID = Field(primary_key=True)
    first_name: str = Field(max_length=150)
    last_name: str = Field(max_length=150)
    birthdate: date | None = None
    sex: str | None = Field(default=None, max_length=1)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=20)
    nir: str | None = Field(default=None, max_length=15)
    france_travail_id: str | None = Field(default=None, max_length=20)
    commune: str | None = Field(default=None, max_length=5)
    wished_rome_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_by_organisation_id: uuid.UUID | None = Field(
        default=None, sa_column=_organisation_fk("fk_job_seekers_creator_organisation", index=True)
    )
    created_by_company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id", index=True)
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())


class JobSeekerLookupRow(SQLModel, table=True):
    """The audit of lookups by NIR; the NIR itself is not stored (see NirLookup)."""

    __tablename__ = "job_seeker_lookups"
    __table_args__ = (
        CheckConstraint("(company_id IS NULL) <> (organisation_id IS NULL)", name="one_tenant"),
        # Staff counts a caller's lookups in the hour he ran out of them.
        Index("ix_job_seeker_lookups_user_id_at", "user_id", "at"),
        Index("ix_job_seeker_lookups_client_id_at", "client_id", "at"),
    )

    id: uuid.UUID = Field(primary_key=True)
    at: datetime = Field(sa_column=_instant())
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    client_id: uuid.UUID | None = Field(default=None, foreign_key="api_clients.id")
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="prescriber_organisations.id")
    company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id")
    found_job_seeker_id: uuid.UUID | None = Field(default=None, foreign_key="job_seekers.id", index=True)


class EligibilityDiagnosisRow(SQLModel, table=True):
    __tablename__ = "eligibility_diagnoses"
    __table_args__ = (
        CheckConstraint(
            "(author_kind = 'prescriber' AND author_organisation_id IS NOT NULL AND author_company_id IS NULL)"
            " OR (author_kind = 'employer' AND author_company_id IS NOT NULL AND author_organisation_id IS NULL)",
            name="one_author_tenant",
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    job_seeker_id: uuid.UUID = Field(foreign_key="job_seekers.id", index=True)
    author_kind: str = Field(max_length=10)
    author_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    author_organisation_id: uuid.UUID | None = Field(
        default=None, sa_column=_organisation_fk("fk_eligibility_diagnoses_author_organisation")
    )
    author_company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id")
    criteria: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_column=_instant())
    expires_at: datetime = Field(sa_column=_instant())


# -- outbox and notification preferences ---------------------------------------


class OutboxMessageRow(SQLModel, table=True):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The idempotency key: one email per event and recipient, ever.
        UniqueConstraint("event_id", "recipient"),
        Index(None, "state", "next_attempt_at"),
        Index(None, "state", "created_at", "id"),
    )

    id: uuid.UUID = Field(primary_key=True)
    event_id: uuid.UUID
    event_type: str = Field(max_length=100)
    recipient: str = Field(max_length=254)
    template: str = Field(max_length=100)
    context: dict[str, object] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(max_length=10)
    attempts: int
    next_attempt_at: datetime = Field(sa_column=_instant())
    claimed_by: uuid.UUID | None = None
    claimed_until: datetime | None = Field(default=None, sa_column=_instant(True))
    last_error: str | None = Field(default=None, max_length=500)
    sent_at: datetime | None = Field(default=None, sa_column=_instant(True))
    sent_via: str | None = Field(default=None, max_length=10)
    created_at: datetime = Field(sa_column=_instant())


class NotificationPreferenceRow(SQLModel, table=True):
    __tablename__ = "notification_preferences"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    company_id: uuid.UUID = Field(foreign_key="companies.id", primary_key=True, index=True)
    new_candidatures: bool
    updated_at: datetime = Field(sa_column=_instant())


# -- candidatures, their history, idempotency keys ------------------------------

# The pending states of domain/candidatures/state_machine.py: a job seeker has
# at most one pending candidature per company, even under concurrent submissions.
_PENDING = text("state IN ('new', 'processing', 'postponed', 'prior_to_hire', 'pool')")


class CandidatureRow(SQLModel, table=True):
    __tablename__ = "candidatures"
    __table_args__ = (
        _partial_index(
            "uq_candidatures_pending_job_seeker_company", "job_seeker_id", "company_id", where=_PENDING, unique=True
        ),
        Index(None, "company_id", "created_at"),
        Index(None, "sender_organisation_id", "created_at"),
        Index(None, "job_seeker_id", "created_at"),
        CheckConstraint("sender_organisation_id IS NULL OR sender_company_id IS NULL", name="one_sender_tenant"),
    )

    id: uuid.UUID = Field(primary_key=True)
    job_seeker_id: uuid.UUID = Field(foreign_key="job_seekers.id")
    company_id: uuid.UUID = Field(foreign_key="companies.id")
    job_posting_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sender_kind: str = Field(max_length=20)
    sender_id: uuid.UUID | None = None  # a user or a partner application
    sender_organisation_id: uuid.UUID | None = Field(
        default=None, sa_column=_organisation_fk("fk_candidatures_sender_organisation")
    )
    sender_company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id")
    message: str = Field(default="")
    state: str = Field(max_length=20)
    refusal_reason: str | None = Field(default=None, max_length=30)
    answer: str = Field(default="")
    hiring_start_at: date | None = None
    hiring_end_at: date | None = None
    eligibility_diagnosis_id: uuid.UUID | None = Field(default=None, foreign_key="eligibility_diagnoses.id")
    approval_number: str | None = Field(default=None, max_length=12, index=True)
    obsoleted_by_id: uuid.UUID | None = Field(default=None, foreign_key="candidatures.id", index=True)
    first_answered_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())


class CandidatureTransitionRow(SQLModel, table=True):
    """One entry of a candidature's history; ``position`` orders them."""

    __tablename__ = "candidature_transitions"

    candidature_id: uuid.UUID = Field(foreign_key="candidatures.id", primary_key=True)
    position: int = Field(primary_key=True)
    transition: str = Field(max_length=30)
    from_state: str = Field(max_length=20)
    to_state: str = Field(max_length=20)
    actor_id: uuid.UUID | None = None  # a user or a partner application; None for the system
    at: datetime = Field(sa_column=_instant())


class IdempotencyKeyRow(SQLModel, table=True):
    __tablename__ = "idempotency_keys"
    __table_args__ = (Index(None, "created_at"),)

    caller: str = Field(primary_key=True, max_length=60)
    key: str = Field(primary_key=True, max_length=255)
    fingerprint: str = Field(max_length=100)
    status: int
    body: str
    created_at: datetime = Field(sa_column=_instant())


# -- PASS IAE: approvals, their hires, suspensions, prolongations; number counters --


class PassNumberCounterRow(SQLModel, table=True):
    """The last PASS IAE sequence handed out per prefix; its row lock orders concurrent hires."""

    __tablename__ = "pass_number_counters"

    prefix: str = Field(primary_key=True, max_length=5)
    last: int


# Set by the domain (Approval.version); an UPDATE that finds another version
# means a concurrent change, refused at commit.
_approval_version = Column("version", Integer, nullable=False)


class ApprovalRow(SQLModel, table=True):
    __tablename__ = "approvals"
    __table_args__ = (
        UniqueConstraint("number"),
        # One PASS IAE issued at a time per person: two concurrent hires both
        # issuing one would take the same rank.
        UniqueConstraint("job_seeker_id", "rank"),
        CheckConstraint("end_at >= start_at", name="ends_after_start"),
    )
    __mapper_args__ = {"version_id_col": _approval_version, "version_id_generator": False}

    id: uuid.UUID = Field(primary_key=True)
    number: str = Field(max_length=12)
    job_seeker_id: uuid.UUID = Field(foreign_key="job_seekers.id")
    rank: int
    start_at: date
    end_at: date = Field(index=True)
    diagnosis_id: uuid.UUID | None = Field(default=None, foreign_key="eligibility_diagnoses.id")
    issued_by_company_id: uuid.UUID = Field(foreign_key="companies.id")
    # No foreign key: candidatures come in a later revision and hold the number.
    issued_by_candidature_id: uuid.UUID
    created_at: datetime = Field(sa_column=_instant())
    cancelled_at: datetime | None = Field(default=None, sa_column=_instant(True))
    version: int = Field(sa_column=_approval_version)


class ApprovalHireRow(SQLModel, table=True):
    __tablename__ = "approval_hires"

    id: uuid.UUID = Field(primary_key=True)
    approval_id: uuid.UUID = Field(foreign_key="approvals.id", index=True)
    company_id: uuid.UUID = Field(foreign_key="companies.id", index=True)
    candidature_id: uuid.UUID
    hiring_start: date
    recorded_at: datetime = Field(sa_column=_instant())
    released_at: datetime | None = Field(default=None, sa_column=_instant(True))


class ApprovalSuspensionRow(SQLModel, table=True):
    __tablename__ = "approval_suspensions"
    __table_args__ = (CheckConstraint("end_at >= start_at", name="ends_after_start"),)

    id: uuid.UUID = Field(primary_key=True)
    approval_id: uuid.UUID = Field(foreign_key="approvals.id", index=True)
    start_at: date
    end_at: date
    reason: str = Field(max_length=40)
    company_id: uuid.UUID = Field(foreign_key="companies.id")
    created_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(sa_column=_instant())


_PENDING_PROLONGATION = text("status = 'pending'")


class ApprovalProlongationRow(SQLModel, table=True):
    __tablename__ = "approval_prolongations"
    __table_args__ = (
        # One request waits for a decision at a time, per PASS IAE.
        _partial_index("uq_approval_prolongations_pending", "approval_id", where=_PENDING_PROLONGATION, unique=True),
        CheckConstraint("end_at >= start_at", name="ends_after_start"),
        # The lists of an employer's company, newest first; the daily reminders.
        Index(None, "requested_by_company_id", "requested_at"),
        Index(None, "status", "requested_at"),
    )

    id: uuid.UUID = Field(primary_key=True)
    approval_id: uuid.UUID = Field(foreign_key="approvals.id", index=True)
    reason: str = Field(max_length=40)
    start_at: date
    end_at: date
    status: str = Field(max_length=10)
    requested_at: datetime = Field(sa_column=_instant())
    requested_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    requested_by_company_id: uuid.UUID = Field(foreign_key="companies.id")
    prescriber_organisation_id: uuid.UUID | None = Field(
        default=None, sa_column=_organisation_fk("fk_approval_prolongations_deciding_organisation", index=True)
    )
    message: str = Field(default="")
    decided_at: datetime | None = Field(default=None, sa_column=_instant(True))
    decided_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    deny_reason: str | None = None
    # The habilitated prescriber the request is addressed to (his inbox).
    assigned_to_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)
    deny_reason_code: str | None = Field(default=None, max_length=20)
    deny_proposed_actions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    deny_proposed_actions_explanation: str = Field(default="")


# -- exits of hires, their follow-ups and corrections ----------------------------


class ExitRow(SQLModel, table=True):
    """The exit of a hire; the candidature's id is the key: one exit per hire."""

    __tablename__ = "exits"
    __table_args__ = (CheckConstraint("hours_worked >= 0", name="hours_not_negative"),)

    candidature_id: uuid.UUID = Field(foreign_key="candidatures.id", primary_key=True)
    exit_at: date = Field(index=True)
    hours_worked: int
    exit_kind: str = Field(max_length=30)
    recorded_by: uuid.UUID | None = None  # a user or a partner application
    recorded_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())


class ExitFollowUpRow(SQLModel, table=True):
    __tablename__ = "exit_follow_ups"
    __table_args__ = (CheckConstraint("horizon_months IN (3, 6, 12)", name="horizon"),)

    candidature_id: uuid.UUID = Field(foreign_key="exits.candidature_id", primary_key=True)
    horizon_months: int = Field(primary_key=True)
    situation: str = Field(max_length=30)
    recorded_by: uuid.UUID | None = None
    recorded_at: datetime = Field(sa_column=_instant())


class ExitCorrectionRow(SQLModel, table=True):
    """The audit of corrections: the value replaced, who replaced it, when."""

    __tablename__ = "exit_corrections"

    id: uuid.UUID = Field(primary_key=True)
    candidature_id: uuid.UUID = Field(foreign_key="exits.candidature_id", index=True)
    field: str = Field(max_length=20)
    horizon_months: int | None = None
    previous: str = Field(max_length=30)
    corrected: str = Field(max_length=30)
    corrected_by: uuid.UUID | None = None
    corrected_at: datetime = Field(sa_column=_instant())


# -- Employee records and the batches exchanged with the ASP --

_READY_UNCLAIMED = text("state = 'ready' AND batch_file IS NULL")


class EmployeeRecordRow(SQLModel, table=True):
    __tablename__ = "employee_records"
    __table_args__ = (
        # One declaration of a PASS IAE per ASP measure and SIRET (ASP.md §1.1).
        UniqueConstraint("asp_measure", "siret", "approval_number"),
        # Lines of feedback files are matched by (file, line).
        UniqueConstraint("batch_file", "batch_line"),
        Index(None, "company_id", "created_at", "id"),
        _partial_index("ix_employee_records_claimable", "updated_at", "id", where=_READY_UNCLAIMED),
    )

    id: uuid.UUID = Field(primary_key=True)
    candidature_id: uuid.UUID = Field(foreign_key="candidatures.id", index=True)
    company_id: uuid.UUID = Field(foreign_key="companies.id")
    job_seeker_id: uuid.UUID = Field(foreign_key="job_seekers.id")
    approval_number: str = Field(max_length=12, index=True)  # a PASS change finds its records
    siret: str = Field(max_length=14)
    asp_measure: str = Field(max_length=10)
    asp_uid: str = Field(max_length=30)
    state: str = Field(max_length=10)
    fields: dict[str, object] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    person: dict[str, object] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    pass_start_at: date | None = None
    pass_end_at: date | None = None
    batch_file: str | None = Field(default=None, max_length=27)
    batch_line: int | None = None
    asp_code: str | None = Field(default=None, max_length=4)
    asp_label: str | None = Field(default=None, max_length=200)
    processed_as_duplicate: bool = False
    processed_at: datetime | None = Field(default=None, sa_column=_instant(True))
    history: list[dict[str, object]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())


class RecordClaimRow(SQLModel, table=True):
    """A ready record on a line of a batch being uploaded. The record row is
    rewritten once, when its batch is uploaded (``sent``, with the file and
    line), not also when it is planned: on PostgreSQL that rewrite (the row
    and its five indexes) was the export's largest cost. Deleted then."""

    __tablename__ = "employee_record_claims"
    __table_args__ = (UniqueConstraint("record_id"),)

    batch_file: str = Field(primary_key=True, max_length=27)
    line: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    record_id: uuid.UUID = Field(foreign_key="employee_records.id")


class DeclaredLineRow(SQLModel, table=True):
    """A record's declaration as its batch line holds it, rendered when the
    record was last saved ready, with the ``DeclarationFormat.version`` that
    rendered it. A table of its own: the export rewrites each record row twice
    (claimed, sent), and a line in it would double what is rewritten."""

    __tablename__ = "declared_lines"

    record_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("employee_records.id", ondelete="CASCADE"), primary_key=True)
    )
    line: str = Field(sa_column=Column(Text, nullable=False))
    version: str = Field(max_length=16)


_NEW_UNCLAIMED = text("state = 'new' AND batch_file IS NULL")


class EmployeeRecordUpdateRow(SQLModel, table=True):
    __tablename__ = "employee_record_updates"
    __table_args__ = (
        UniqueConstraint("batch_file", "batch_line"),
        # One pending notification per record: a second PASS change rewrites it.
        _partial_index("uq_employee_record_updates_pending", "record_id", where=_NEW_UNCLAIMED, unique=True),
        _partial_index("ix_employee_record_updates_claimable", "updated_at", "id", where=_NEW_UNCLAIMED),
    )

    id: uuid.UUID = Field(primary_key=True)
    record_id: uuid.UUID = Field(foreign_key="employee_records.id", index=True)
    state: str = Field(max_length=10)
    pass_start_at: date
    pass_end_at: date
    batch_file: str | None = Field(default=None, max_length=27)
    batch_line: int | None = None
    asp_code: str | None = Field(default=None, max_length=4)
    asp_label: str | None = Field(default=None, max_length=200)
    processed_at: datetime | None = Field(default=None, sa_column=_instant(True))
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())


class AspBatchRow(SQLModel, table=True):
    __tablename__ = "asp_batches"

    file_name: str = Field(primary_key=True, max_length=27)
    movement: str = Field(max_length=1)
    state: str = Field(max_length=10, index=True)
    line_count: int
    created_at: datetime = Field(sa_column=_instant())
    uploaded_at: datetime | None = Field(default=None, sa_column=_instant(True))


# -- single-use links sent by email: confirmation, password reset, invitation, proof --


class AccountLinkRow(SQLModel, table=True):
    """Only the token's SHA-256 is stored: the raw token exists in the email alone."""

    __tablename__ = "account_links"

    id: uuid.UUID = Field(primary_key=True)
    purpose: str = Field(max_length=20)
    token_hash: str = Field(max_length=64, unique=True)
    email: str = Field(max_length=254)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)
    subject_id: uuid.UUID | None = None  # an invitation, a membership…: no foreign key, it names several tables
    created_at: datetime = Field(sa_column=_instant())
    expires_at: datetime = Field(sa_column=_instant())
    used_at: datetime | None = Field(default=None, sa_column=_instant(True))


# -- invitations to join a company or a prescriber organisation ------------------------


class InvitationRow(SQLModel, table=True):
    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint("(company_id IS NULL) <> (organisation_id IS NULL)", name="one_tenant"),)

    id: uuid.UUID = Field(primary_key=True)
    company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id", index=True)
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="prescriber_organisations.id", index=True)
    email: str = Field(max_length=254)
    first_name: str = Field(default="", max_length=150)
    last_name: str = Field(default="", max_length=150)
    role: str = Field(max_length=10)
    invited_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(sa_column=_instant())
    expires_at: datetime = Field(sa_column=_instant())
    accepted_at: datetime | None = Field(default=None, sa_column=_instant(True))
    accepted_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    revoked_at: datetime | None = Field(default=None, sa_column=_instant(True))


class StaffDecisionRow(SQLModel, table=True):
    """What staff decided (a habilitation, a first member, a join request), by whom and when."""

    __tablename__ = "staff_decisions"
    __table_args__ = (
        CheckConstraint("(company_id IS NULL) <> (organisation_id IS NULL)", name="one_tenant"),
        Index(None, "decided_at", "id"),
    )

    id: uuid.UUID = Field(primary_key=True)
    kind: str = Field(max_length=20)
    subject_id: uuid.UUID = Field(index=True)
    company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id")
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="prescriber_organisations.id")
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    outcome: str = Field(max_length=10)
    comment: str = Field(default="")
    decided_by: uuid.UUID = Field(foreign_key="users.id")
    decided_at: datetime = Field(sa_column=_instant())


# -- personal data guards: the history of profiles, the NIR lookups refused ---


class JobSeekerChangeRow(SQLModel, table=True):
    """One field of a profile changed by an edit; the NIR's values are not kept."""

    __tablename__ = "job_seeker_changes"
    __table_args__ = (Index("ix_job_seeker_changes_job_seeker_id_at_id", "job_seeker_id", "at", "id"),)

    id: uuid.UUID = Field(primary_key=True)
    job_seeker_id: uuid.UUID = Field(foreign_key="job_seekers.id")
    at: datetime = Field(sa_column=_instant())
    field: str = Field(max_length=30)
    old_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    by_kind: str = Field(max_length=20)
    by_user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    by_client_id: uuid.UUID | None = Field(default=None, foreign_key="api_clients.id")
    by_organisation_id: uuid.UUID | None = Field(
        default=None, sa_column=_organisation_fk("fk_job_seeker_changes_by_organisation")
    )
    by_company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id")


class NirLookupRefusalRow(SQLModel, table=True):
    """A person or partner application refused NIR lookups in one window, once."""

    __tablename__ = "nir_lookup_refusals"
    __table_args__ = (
        UniqueConstraint("subject", "window_started_at"),
        Index("ix_nir_lookup_refusals_first_refused_at_id", "first_refused_at", "id"),
    )

    id: uuid.UUID = Field(primary_key=True)
    subject: str = Field(max_length=60)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    client_id: uuid.UUID | None = Field(default=None, foreign_key="api_clients.id")
    organisation_id: uuid.UUID | None = Field(
        default=None, sa_column=_organisation_fk("fk_nir_lookup_refusals_organisation")
    )
    company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id")
    spent: str = Field(max_length=10)
    window_started_at: datetime = Field(sa_column=_instant())
    window_ends_at: datetime = Field(sa_column=_instant())
    first_refused_at: datetime = Field(sa_column=_instant())
    last_refused_at: datetime = Field(sa_column=_instant())
    refusals: int


class WebSessionRow(SQLModel, table=True):
    """A signed-in browser; the cookie's token is stored only as its SHA-256 hash."""

    __tablename__ = "web_sessions"

    id: uuid.UUID = Field(primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    csrf_token: str = Field(max_length=64)
    act_as: uuid.UUID | None = None
    created_at: datetime = Field(sa_column=_instant())
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))
