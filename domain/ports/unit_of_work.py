"""The unit of work: one transaction, the repositories it opens."""

from types import TracebackType
from typing import Protocol, Self

from domain.ports.approvals import ApprovalRepository, PassNumberCounter
from domain.ports.asp import AspBatchRepository
from domain.ports.candidatures import CandidatureRepository, IdempotencyKeyRepository
from domain.ports.companies import CompanyRepository, JobPostingRepository
from domain.ports.eligibility import DiagnosisRepository
from domain.ports.employee_records import EmployeeRecordRepository, EmployeeRecordUpdateRepository
from domain.ports.exits import ExitRepository
from domain.ports.identity import (
    AccountLinkRepository,
    ApiClientRepository,
    InvitationRepository,
    MembershipRepository,
    ThrottleRepository,
    UserRepository,
    WebSessionRepository,
)
from domain.ports.job_seekers import JobSeekerChangeRepository, JobSeekerRepository, NirLookupRefusalRepository
from domain.ports.notifications import NotificationPreferenceRepository, OutboxRepository
from domain.ports.prescribers import PrescriberOrganisationRepository
from domain.ports.staff import StaffDecisionRepository, StaffQueue


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
    links: AccountLinkRepository
    invitations: InvitationRepository
    staff_decisions: StaffDecisionRepository
    staff_queue: StaffQueue
    job_seeker_changes: JobSeekerChangeRepository
    nir_lookup_refusals: NirLookupRefusalRepository
    web_sessions: WebSessionRepository

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
