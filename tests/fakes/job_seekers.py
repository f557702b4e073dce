"""In-memory fakes of the job seekers repository and its NIR lookups audit."""

import uuid
from typing import TYPE_CHECKING

from domain.errors import Conflict
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerEmailTaken, JobSeekerLinks, NirLookup, NirTaken

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
