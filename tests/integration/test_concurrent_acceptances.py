"""Acceptances at once on PostgreSQL: many people hired together get distinct
consecutive PASS IAE numbers (issue 4), and one person hired by two
companies together is hired twice with one PASS IAE, without a deadlock."""

import asyncio
from uuid import UUID

import pytest

from api.bootstrap import Container
from domain.candidatures.candidatures import Candidature, Hiring, SenderKind, Stamp
from domain.candidatures.hiring import accept_candidature
from domain.candidatures.reading import CandidatureView
from domain.candidatures.state_machine import CandidatureState
from domain.companies.companies import Company
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.identity.memberships import MembershipRole
from domain.identity.principal import ActingFor, Principal
from domain.identity.users import UserKind
from domain.job_seekers.ages import paris_day
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import PrescriberOrganisation
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user
from tests.builders.prescribers import an_organisation

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]
AT_ONCE = 200


async def an_employer(container: Container, company: Company) -> Principal:
    user = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    return Principal(
        kind=UserKind.EMPLOYER,
        user_id=user.id,
        acting_for=ActingFor(tenant=company_tenant(company), role=MembershipRole.ADMIN, company_kind=company.kind),
    )


async def a_diagnosed_person(container: Container, uow: UnitOfWork, agency: PrescriberOrganisation) -> JobSeeker:
    """A person registered and diagnosed by the habilitated ``agency`` (in ``uow``, not committed)."""
    ids, now = container.ids, container.clock.now()
    job_seeker = JobSeeker.register(
        id=ids.new_id(),
        details=JobSeekerDetails(first_name="Inès", last_name="Haddad"),
        created_by=Creator(user_id=None, organisation_id=agency.id),
        at=now,
        event_id=ids.new_id(),
    )
    await uow.job_seekers.add(job_seeker)
    await uow.diagnoses.add(
        EligibilityDiagnosis.by_prescriber(
            id=ids.new_id(),
            job_seeker_id=job_seeker.id,
            author_user_id=None,
            organisation_id=agency.id,
            criteria=("RSA",),
            at=now,
            event_id=ids.new_id(),
        )
    )
    return job_seeker


async def a_candidature(
    container: Container, uow: UnitOfWork, *, job_seeker: JobSeeker, company: Company, agency: PrescriberOrganisation
) -> UUID:
    """A candidature the agency sends for the person (in ``uow``, not committed)."""
    ids, now = container.ids, container.clock.now()
    candidature = Candidature.submit(
        id=ids.new_id(),
        job_seeker_id=job_seeker.id,
        company_id=company.id,
        job_posting_ids=(),
        sender_kind=SenderKind.PRESCRIBER,
        sender_organisation_id=agency.id,
        sender_company_id=None,
        message="",
        stamp=Stamp(actor_id=None, at=now, event_id=ids.new_id()),
    )
    await uow.candidatures.add(candidature)
    return candidature.id


async def accept(container: Container, employer: Principal, candidature_id: UUID) -> CandidatureView:
    return await accept_candidature(
        uow=container.new_uow(),
        actor=employer,
        clock=container.clock,
        ids=container.ids,
        candidature_id=candidature_id,
        hiring=Hiring(start_at=paris_day(container.clock.now())),
        message="Bienvenue.",
        pass_prefix=container.settings.asp.pass_iae_prefix,
    )


async def test_simultaneous_acceptances_of_different_people_issue_consecutive_pass_numbers(
    container: Container,
) -> None:
    company, agency = await a_company(container), await an_organisation(container)
    employer = await an_employer(container, company)
    uow = container.new_uow()
    async with uow:
        candidature_ids = [
            await a_candidature(
                container,
                uow,
                job_seeker=await a_diagnosed_person(container, uow, agency),
                company=company,
                agency=agency,
            )
            for _ in range(AT_ONCE)
        ]
        await uow.commit()

    accepted = await asyncio.gather(*(accept(container, employer, i) for i in candidature_ids))

    prefix = container.settings.asp.pass_iae_prefix
    numbers = sorted(view.approval.number for view in accepted if view.approval is not None)
    assert numbers == [f"{prefix}{sequence:07d}" for sequence in range(1, AT_ONCE + 1)]


async def test_simultaneous_acceptances_of_one_person_in_two_companies_share_one_pass(
    container: Container,
) -> None:
    companies, agency = [await a_company(container), await a_company(container)], await an_organisation(container)
    employers = [await an_employer(container, company) for company in companies]
    uow = container.new_uow()
    async with uow:
        person = await a_diagnosed_person(container, uow, agency)
        candidature_ids = [
            await a_candidature(container, uow, job_seeker=person, company=company, agency=agency)
            for company in companies
        ]
        await uow.commit()

    accepted = await asyncio.gather(*(accept(container, e, i) for e, i in zip(employers, candidature_ids, strict=True)))

    assert [view.candidature.state for view in accepted] == [CandidatureState.ACCEPTED] * 2
    assert len({view.approval.number for view in accepted if view.approval is not None}) == 1
