import dataclasses
from typing import Any
from uuid import UUID

from sqlalchemy import Select, union
from sqlmodel import select

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import (
    ApprovalRow,
    CandidatureRow,
    EligibilityDiagnosisRow,
    JobSeekerLookupRow,
    JobSeekerRow,
)
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerLinks, NirLookup
from domain.job_seekers.sex import Sex

_FIELDS = [field.name for field in dataclasses.fields(JobSeeker) if field.name != "events"]


def _link_sources(job_seeker_id: UUID) -> list[Select[Any]]:
    """(organisation, company) of every creation, diagnosis and candidature
    (the organisation that sent it, the company it is sent to)."""
    return [
        select(JobSeekerRow.created_by_organisation_id, JobSeekerRow.created_by_company_id).where(
            JobSeekerRow.id == job_seeker_id
        ),
        select(EligibilityDiagnosisRow.author_organisation_id, EligibilityDiagnosisRow.author_company_id).where(
            EligibilityDiagnosisRow.job_seeker_id == job_seeker_id
        ),
        _candidature_source(job_seeker_id),
    ]


def _candidature_source(job_seeker_id: UUID) -> Select[Any]:
    return select(CandidatureRow.sender_organisation_id, CandidatureRow.company_id).where(
        CandidatureRow.job_seeker_id == job_seeker_id
    )


def _links_of(pairs: Any) -> JobSeekerLinks:
    return JobSeekerLinks(
        organisation_ids=frozenset(o for o, _ in pairs if o is not None),
        company_ids=frozenset(c for _, c in pairs if c is not None),
    )


class SqlJobSeekerRepository(TrackingRepository[JobSeeker, JobSeekerRow]):
    row_type = JobSeekerRow

    async def get(self, job_seeker_id: UUID) -> JobSeeker | None:
        return self._track(await self._session.get(JobSeekerRow, job_seeker_id))

    async def get_by_user(self, user_id: UUID) -> JobSeeker | None:
        return await self._first(select(JobSeekerRow).where(JobSeekerRow.user_id == user_id))

    async def get_by_nir(self, nir: str) -> JobSeeker | None:
        return await self._first(select(JobSeekerRow).where(JobSeekerRow.nir == nir))

    async def get_by_email(self, email: str) -> JobSeeker | None:
        return await self._first(select(JobSeekerRow).where(JobSeekerRow.email == email))

    async def add(self, job_seeker: JobSeeker) -> None:
        await self._insert(job_seeker)

    async def links(self, job_seeker_id: UUID) -> JobSeekerLinks:
        return _links_of((await self._session.exec(union(*_link_sources(job_seeker_id)))).all())

    async def candidature_tenants(self, job_seeker_id: UUID) -> JobSeekerLinks:
        return _links_of((await self._session.exec(_candidature_source(job_seeker_id).distinct())).all())

    async def holds_approval(self, job_seeker_id: UUID) -> bool:
        issued = select(ApprovalRow.id).where(ApprovalRow.job_seeker_id == job_seeker_id).limit(1)
        return (await self._session.exec(issued)).first() is not None

    async def record_lookup(self, lookup: NirLookup) -> None:
        self._session.add(JobSeekerLookupRow(**dataclasses.asdict(lookup)))
        await self._session.flush()

    async def was_found_by(self, job_seeker_id: UUID, *, organisation_id: UUID | None, company_id: UUID | None) -> bool:
        if organisation_id is None and company_id is None:
            return False
        tenant = (
            JobSeekerLookupRow.organisation_id == organisation_id
            if organisation_id is not None
            else JobSeekerLookupRow.company_id == company_id
        )
        query = select(JobSeekerLookupRow.id).where(JobSeekerLookupRow.found_job_seeker_id == job_seeker_id, tenant)
        return (await self._session.exec(query.limit(1))).first() is not None

    async def _first(self, query: Any) -> JobSeeker | None:
        return self._track((await self._session.exec(query)).first())

    def _to_domain(self, row: JobSeekerRow) -> JobSeeker:
        values = {name: getattr(row, name) for name in _FIELDS}
        sex = Sex(row.sex) if row.sex else None
        return JobSeeker(**{**values, "sex": sex, "wished_rome_codes": tuple(row.wished_rome_codes)})

    def _columns(self, job_seeker: JobSeeker) -> dict[str, Any]:
        values = {name: getattr(job_seeker, name) for name in _FIELDS}
        sex = str(job_seeker.sex) if job_seeker.sex else None
        return {**values, "sex": sex, "wished_rome_codes": list(job_seeker.wished_rome_codes)}
