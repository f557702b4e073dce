"""The history of job seekers' profiles: one row per field changed."""

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import tuple_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.tables import JobSeekerChangeRow
from domain.job_seekers.changes import ChangeAuthor, JobSeekerChange


class SqlJobSeekerChangeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_all(self, changes: Sequence[JobSeekerChange]) -> None:
        self._session.add_all([_to_row(change) for change in changes])
        await self._session.flush()

    async def of_job_seeker(
        self, job_seeker_id: UUID, *, after: tuple[datetime, UUID] | None, limit: int
    ) -> list[JobSeekerChange]:
        query = select(JobSeekerChangeRow).where(JobSeekerChangeRow.job_seeker_id == job_seeker_id)
        if after is not None:
            query = query.where(tuple_(col(JobSeekerChangeRow.at), col(JobSeekerChangeRow.id)) < tuple_(*after))
        query = query.order_by(col(JobSeekerChangeRow.at).desc(), col(JobSeekerChangeRow.id).desc()).limit(limit)
        return [_to_domain(row) for row in await self._session.exec(query)]


def _to_row(change: JobSeekerChange) -> JobSeekerChangeRow:
    return JobSeekerChangeRow(
        id=change.id,
        job_seeker_id=change.job_seeker_id,
        at=change.at,
        field=change.field,
        old_value=change.old_value,
        new_value=change.new_value,
        by_kind=change.by.kind,
        by_user_id=change.by.user_id,
        by_client_id=change.by.client_id,
        by_organisation_id=change.by.organisation_id,
        by_company_id=change.by.company_id,
    )


def _to_domain(row: JobSeekerChangeRow) -> JobSeekerChange:
    by = ChangeAuthor(
        kind=row.by_kind,
        user_id=row.by_user_id,
        client_id=row.by_client_id,
        organisation_id=row.by_organisation_id,
        company_id=row.by_company_id,
    )
    return JobSeekerChange(
        id=row.id,
        job_seeker_id=row.job_seeker_id,
        at=row.at,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
        by=by,
    )
