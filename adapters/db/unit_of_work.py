from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.conflicts import conflict_from, stale_conflict
from adapters.db.repositories.account_links import SqlAccountLinkRepository
from adapters.db.repositories.approvals import SqlApprovalRepository, SqlPassNumberCounter
from adapters.db.repositories.candidatures import SqlCandidatureRepository
from adapters.db.repositories.companies import SqlCompanyRepository
from adapters.db.repositories.diagnoses import SqlDiagnosisRepository
from adapters.db.repositories.employee_record_updates import SqlEmployeeRecordUpdateRepository
from adapters.db.repositories.employee_records import SqlAspBatchRepository, SqlEmployeeRecordRepository
from adapters.db.repositories.exits import SqlExitRepository
from adapters.db.repositories.idempotency import SqlIdempotencyKeyRepository
from adapters.db.repositories.identity import (
    SqlApiClientRepository,
    SqlMembershipRepository,
    SqlThrottleRepository,
    SqlUserRepository,
)
from adapters.db.repositories.invitations import SqlInvitationRepository
from adapters.db.repositories.job_postings import SqlJobPostingRepository
from adapters.db.repositories.job_seeker_changes import SqlJobSeekerChangeRepository
from adapters.db.repositories.job_seekers import SqlJobSeekerRepository
from adapters.db.repositories.nir_lookup_refusals import SqlNirLookupRefusalRepository
from adapters.db.repositories.organisations import SqlPrescriberOrganisationRepository
from adapters.db.repositories.outbox import SqlNotificationPreferenceRepository, SqlOutboxRepository
from adapters.db.repositories.staff import SqlStaffDecisionRepository, SqlStaffQueue
from adapters.db.repositories.web_sessions import SqlWebSessionRepository
from adapters.errors import Unavailable
from domain.ports.asp import DeclarationFormat


class SqlUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], *, declarations: DeclarationFormat) -> None:
        self._session_factory = session_factory
        self._declarations = declarations

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self.users = SqlUserRepository(self.session)
        self.memberships = SqlMembershipRepository(self.session)
        self.organisations = SqlPrescriberOrganisationRepository(self.session)
        self.companies = SqlCompanyRepository(self.session)
        self.job_postings = SqlJobPostingRepository(self.session)
        self.clients = SqlApiClientRepository(self.session)
        self.throttles = SqlThrottleRepository(self.session)
        self.outbox = SqlOutboxRepository(self.session)
        self.notification_preferences = SqlNotificationPreferenceRepository(self.session)
        self.job_seekers = SqlJobSeekerRepository(self.session)
        self.diagnoses = SqlDiagnosisRepository(self.session)
        self.candidatures = SqlCandidatureRepository(self.session)
        self.idempotency = SqlIdempotencyKeyRepository(self.session)
        self.approvals = SqlApprovalRepository(self.session)
        self.pass_numbers = SqlPassNumberCounter(self.session)
        self.employee_records = SqlEmployeeRecordRepository(self.session, self._declarations)
        self.employee_record_updates = SqlEmployeeRecordUpdateRepository(self.session, self._declarations)
        self.asp_batches = SqlAspBatchRepository(self.session)
        self.exits = SqlExitRepository(self.session)
        self.links = SqlAccountLinkRepository(self.session)
        self.invitations = SqlInvitationRepository(self.session)
        self.staff_decisions = SqlStaffDecisionRepository(self.session)
        self.staff_queue = SqlStaffQueue(self.session)
        self.job_seeker_changes = SqlJobSeekerChangeRepository(self.session)
        self.nir_lookup_refusals = SqlNirLookupRefusalRepository(self.session)
        self.web_sessions = SqlWebSessionRepository(self.session)
        self._tracking = [
            self.users,
            self.memberships,
            self.organisations,
            self.companies,
            self.job_postings,
            self.clients,
            self.outbox,
            self.job_seekers,
            self.diagnoses,
            self.candidatures,
            self.approvals,
            self.employee_records,
            self.employee_record_updates,
            self.asp_batches,
            self.exits,
            self.links,
            self.invitations,
            self.staff_decisions,
            self.web_sessions,
        ]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()
            await self.session.close()
        except (Unavailable, OperationalError, InterfaceError, OSError):
            pass  # the connection is gone; the pool discards it
        # The engine turns refused and lost connections into Unavailable; what is
        # left here is the server refusing work (deadlock, statement timeout) or
        # the pool staying full (PoolTimeout): the client may retry.
        if isinstance(exc, OperationalError | InterfaceError | OSError | PoolTimeout) or (
            isinstance(exc, DBAPIError) and exc.connection_invalidated
        ):
            raise Unavailable("database") from exc

    async def commit(self) -> None:
        for repository in self._tracking:
            repository.sync()
        try:
            await self.employee_records.keep_declared_lines()
            await self.session.commit()
        except IntegrityError as error:
            await self.session.rollback()
            raise conflict_from(error) from error
        except StaleDataError as error:
            await self.session.rollback()
            raise stale_conflict(error) from error
