"""In-memory fakes of the job seekers repository, its NIR lookups audit,
the history of profiles and the NIR lookups refused."""

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from domain.errors import Conflict
from domain.job_seekers.changes import JobSeekerChange
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerEmailTaken, JobSeekerLinks, NirLookup, NirTaken
from domain.job_seekers.lookup_budget import NirLookupRefusal, SpentBudgetReport

if TYPE_CHECKING:
    from tests.fakes.unit_of_work import FakeUnitOfWork


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
        """(organisation, company) of every creation, diagnosis and candidature."""
        job_seeker = self.rows.get(job_seeker_id)
        pairs = [(job_seeker.created_by_organisation_id, job_seeker.created_by_company_id)] if job_seeker else []
        pairs += [
            (d.author_organisation_id, d.author_company_id)
            for d in self._store.diagnoses.rows.values()
            if d.job_seeker_id == job_seeker_id
        ]
        return _links_of(pairs + self._candidature_pairs(job_seeker_id))

    async def candidature_tenants(self, job_seeker_id: uuid.UUID) -> JobSeekerLinks:
        return _links_of(self._candidature_pairs(job_seeker_id))

    async def holds_approval(self, job_seeker_id: uuid.UUID) -> bool:
        return any(a.job_seeker_id == job_seeker_id for a in self._store.approvals.rows.values())

    async def record_lookup(self, lookup: NirLookup) -> None:
        self._store.nir_lookups.rows.append(lookup)

    async def was_found_by(
        self, job_seeker_id: uuid.UUID, *, organisation_id: uuid.UUID | None, company_id: uuid.UUID | None
    ) -> bool:
        return any(
            lookup.found_job_seeker_id == job_seeker_id
            and (lookup.organisation_id, lookup.company_id) == (organisation_id, company_id)
            for lookup in self._store.nir_lookups.rows
            if organisation_id is not None or company_id is not None
        )

    def _candidature_pairs(self, job_seeker_id: uuid.UUID) -> list[tuple[uuid.UUID | None, uuid.UUID | None]]:
        return [
            (c.sender_organisation_id, c.company_id)
            for c in self._store.candidatures.rows.values()
            if c.job_seeker_id == job_seeker_id
        ]


def _links_of(pairs: list[tuple[uuid.UUID | None, uuid.UUID | None]]) -> JobSeekerLinks:
    return JobSeekerLinks(
        organisation_ids=frozenset(o for o, _ in pairs if o is not None),
        company_ids=frozenset(c for _, c in pairs if c is not None),
    )


class FakeNirLookups:
    """The audit of NIR lookups, kept apart so that it rolls back like a table."""

    def __init__(self) -> None:
        self.rows: list[NirLookup] = []


class FakeJobSeekerChanges:
    def __init__(self) -> None:
        self.rows: list[JobSeekerChange] = []

    async def add_all(self, changes: Sequence[JobSeekerChange]) -> None:
        self.rows.extend(changes)

    async def of_job_seeker(
        self, job_seeker_id: uuid.UUID, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[JobSeekerChange]:
        mine = sorted((c for c in self.rows if c.job_seeker_id == job_seeker_id), key=lambda c: (c.at, c.id))
        return [c for c in reversed(mine) if after is None or (c.at, c.id) < after][:limit]


class FakeNirLookupRefusals:
    """One report per subject and window; the lookups are counted from the audit."""

    def __init__(self, store: "FakeUnitOfWork") -> None:
        self.rows: dict[tuple[str, datetime], SpentBudgetReport] = {}
        self._store = store

    async def record(self, refusal: NirLookupRefusal) -> None:
        key = (refusal.subject, refusal.window_started_at)
        known = self.rows.get(key)
        if known is not None:
            self.rows[key] = dataclasses.replace(known, last_refused_at=refusal.at, refusals=known.refusals + 1)
            return
        self.rows[key] = SpentBudgetReport(
            id=refusal.id,
            user_id=refusal.user_id,
            client_id=refusal.client_id,
            organisation_id=refusal.organisation_id,
            company_id=refusal.company_id,
            spent=refusal.spent,
            window_started_at=refusal.window_started_at,
            window_ends_at=refusal.window_ends_at,
            first_refused_at=refusal.at,
            last_refused_at=refusal.at,
            refusals=1,
            lookups=0,
            misses=0,
        )

    async def spent_budgets(self, *, after: tuple[datetime, uuid.UUID] | None, limit: int) -> list[SpentBudgetReport]:
        reports = sorted(self.rows.values(), key=lambda r: (r.first_refused_at, r.id), reverse=True)
        kept = [r for r in reports if after is None or (r.first_refused_at, r.id) < after][:limit]
        return [self._counted(report) for report in kept]

    def _counted(self, report: SpentBudgetReport) -> SpentBudgetReport:
        theirs = [
            lookup
            for lookup in self._store.nir_lookups.rows
            if (report.user_id is not None and lookup.user_id == report.user_id)
            or (report.client_id is not None and lookup.client_id == report.client_id)
            if report.window_started_at <= lookup.at < report.window_ends_at
        ]
        misses = sum(1 for lookup in theirs if lookup.found_job_seeker_id is None)
        return dataclasses.replace(report, lookups=len(theirs), misses=misses)
