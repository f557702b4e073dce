"""Builders of candidatures for integration and API tests."""

from datetime import datetime
from uuid import UUID, uuid4

from api.bootstrap import Container
from domain.candidatures.candidatures import Candidature, SenderKind, Stamp
from domain.candidatures.state_machine import CandidatureState
from domain.companies.companies import Company
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.prescribers.organisations import (
    PrescriberOrganisation,
)


def a_job_seeker_profile(
    *,
    at: datetime,
    by_organisation_id: UUID | None = None,
    by_company_id: UUID | None = None,
    user_id: UUID | None = None,
) -> JobSeeker:
    return JobSeeker.register(
        id=uuid4(),
        details=JobSeekerDetails(first_name="Samir", last_name="Bensaïd"),
        created_by=Creator(user_id=user_id, organisation_id=by_organisation_id, company_id=by_company_id),
        user_id=user_id,
        at=at,
        event_id=uuid4(),
    )


def a_candidature_of(
    *,
    job_seeker_id: UUID,
    company_id: UUID,
    at: datetime,
    sent_by_organisation_id: UUID | None = None,
    state: CandidatureState = CandidatureState.NEW,
    job_posting_ids: tuple[UUID, ...] = (),
) -> Candidature:
    """A candidature in ``state`` (set directly: its history starts there)."""
    candidature = Candidature.submit(
        id=uuid4(),
        job_seeker_id=job_seeker_id,
        company_id=company_id,
        job_posting_ids=job_posting_ids,
        sender_kind=SenderKind.PRESCRIBER if sent_by_organisation_id else SenderKind.JOB_SEEKER,
        sender_organisation_id=sent_by_organisation_id,
        sender_company_id=None,
        message="Je vous propose ce candidat.",
        stamp=Stamp(actor_id=None, at=at, event_id=uuid4()),
    )
    candidature.state = state
    candidature.events.clear()
    return candidature


async def a_stored_candidature(
    container: Container,
    *,
    job_seeker: JobSeeker,
    company: Company,
    sent_by: PrescriberOrganisation | None = None,
    state: CandidatureState = CandidatureState.NEW,
    job_posting_ids: tuple[UUID, ...] = (),
) -> Candidature:
    candidature = a_candidature_of(
        job_seeker_id=job_seeker.id,
        company_id=company.id,
        at=container.clock.now(),
        sent_by_organisation_id=sent_by.id if sent_by else None,
        state=state,
        job_posting_ids=job_posting_ids,
    )
    uow = container.new_uow()
    async with uow:
        await uow.candidatures.add(candidature)
        await uow.commit()
    return candidature
