from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.conflicts import conflict_from
from adapters.db.repositories.companies import SqlCompanyRepository
from adapters.db.repositories.identity import (
    SqlApiClientRepository,
    SqlMembershipRepository,
    SqlThrottleRepository,
    SqlUserRepository,
)
from adapters.db.repositories.job_postings import SqlJobPostingRepository
from adapters.db.repositories.organisations import SqlPrescriberOrganisationRepository
from adapters.errors import Unavailable


class SqlUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self.users = SqlUserRepository(self.session)
        self.memberships = SqlMembershipRepository(self.session)
        self.organisations = SqlPrescriberOrganisationRepository(self.session)
        self.companies = SqlCompanyRepository(self.session)
        self.job_postings = SqlJobPostingRepository(self.session)
        self.clients = SqlApiClientRepository(self.session)
        self.throttles = SqlThrottleRepository(self.session)
        self._tracking = [
            self.users,
            self.memberships,
            self.organisations,
            self.companies,
            self.job_postings,
            self.clients,
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
        except (OperationalError, InterfaceError, OSError):
            pass  # the connection is gone; the pool discards it
        if isinstance(exc, OperationalError | InterfaceError | OSError) or (
            isinstance(exc, DBAPIError) and exc.connection_invalidated
        ):
            raise Unavailable("database") from exc

    async def commit(self) -> None:
        for repository in self._tracking:
            repository.sync()
        try:
            await self.session.commit()
        except IntegrityError as error:
            await self.session.rollback()
            raise conflict_from(error) from error
