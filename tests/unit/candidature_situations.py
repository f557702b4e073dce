"""Situations of candidature tests on the in-memory fakes."""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from domain.candidatures.candidatures import Candidature, SenderKind, Stamp
from domain.candidatures.state_machine import CandidatureState
from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import ContractType, JobPosting
from domain.identity.memberships import MembershipRole
from domain.identity.principal import ActingFor, Principal
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation
from tests.unit.situations import World, a_company, a_member, a_user, an_organisation, tenant_of


@dataclass(slots=True, frozen=True)
class Scene:
    """An SIAE with an employer, a France Travail agency with a prescriber, and
    a job seeker the agency registered."""

    company: Company
    employer: Principal
    agency: PrescriberOrganisation
    prescriber: Principal
    job_seeker: JobSeeker


def employer_of(user: User, company: Company) -> Principal:
    return Principal(
        kind=UserKind.EMPLOYER,
        user_id=user.id,
        acting_for=ActingFor(tenant=tenant_of(company), role=MembershipRole.ADMIN, company_kind=company.kind),
    )


def prescriber_of(user: User, organisation: PrescriberOrganisation) -> Principal:
    return Principal(
        kind=UserKind.PRESCRIBER,
        user_id=user.id,
        acting_for=ActingFor(
            tenant=tenant_of(organisation), role=MembershipRole.MEMBER, habilitated=organisation.is_habilitated
        ),
    )


def job_seeker_himself(job_seeker: JobSeeker) -> Principal:
    assert job_seeker.user_id is not None
    return Principal(kind=UserKind.JOB_SEEKER, user_id=job_seeker.user_id)


async def an_employer(world: World, company: Company) -> Principal:
    return employer_of(await a_member(world, tenant_of(company), role=MembershipRole.ADMIN), company)


async def a_prescriber(world: World, organisation: PrescriberOrganisation) -> Principal:
    return prescriber_of(await a_member(world, tenant_of(organisation)), organisation)


async def an_orienteur(world: World) -> Principal:
    organisation = await an_organisation(world, kind=OrganisationKind.ORIENTEUR, habilitation=Habilitation.REFUSED)
    return await a_prescriber(world, organisation)


async def a_job_seeker(
    world: World,
    *,
    by_organisation: PrescriberOrganisation | None = None,
    by_company: Company | None = None,
    with_account: bool = False,
) -> JobSeeker:
    user = await a_user(world, kind=UserKind.JOB_SEEKER) if with_account else None
    job_seeker = JobSeeker.register(
        id=world.ids.new_id(),
        details=JobSeekerDetails(first_name="Samir", last_name="Bensaïd"),
        created_by=Creator(
            user_id=user.id if user else None,
            organisation_id=by_organisation.id if by_organisation else None,
            company_id=by_company.id if by_company else None,
        ),
        user_id=user.id if user else None,
        at=world.clock.now(),
        event_id=world.ids.new_id(),
    )
    async with world.uow as uow:
        await uow.job_seekers.add(job_seeker)
        await uow.commit()
    return job_seeker


async def a_posting(
    world: World,
    company: Company,
    *,
    contract_type: ContractType = ContractType.PERMANENT,
    is_active: bool = True,
) -> JobPosting:
    now = world.clock.now()
    posting = JobPosting(
        id=world.ids.new_id(),
        company_id=company.id,
        appellation_code="11573",
        rome_code="K2204",
        title="",
        description="",
        contract_type=contract_type,
        hours_per_week=None,
        commune=company.commune,
        city=company.city,
        department=company.department,
        latitude=company.latitude,
        longitude=company.longitude,
        open_positions=1,
        is_active=is_active,
        created_at=now,
        updated_at=now,
    )
    async with world.uow as uow:
        await uow.job_postings.add(posting)
        await uow.commit()
    return posting


async def a_scene(world: World, *, kind: CompanyKind = CompanyKind.EI) -> Scene:
    company = await a_company(world, kind=kind)
    agency = await an_organisation(world)
    return Scene(
        company=company,
        employer=await an_employer(world, company),
        agency=agency,
        prescriber=await a_prescriber(world, agency),
        job_seeker=await a_job_seeker(world, by_organisation=agency, with_account=True),
    )


async def a_candidature(
    world: World,
    *,
    job_seeker: JobSeeker,
    company: Company,
    sent_by: PrescriberOrganisation | None = None,
    state: CandidatureState = CandidatureState.NEW,
    job_posting_ids: tuple[UUID, ...] = (),
) -> Candidature:
    """A candidature stored in ``state`` (set directly: the history starts there)."""
    world.clock.advance(timedelta(minutes=1))
    candidature = Candidature.submit(
        id=world.ids.new_id(),
        job_seeker_id=job_seeker.id,
        company_id=company.id,
        job_posting_ids=job_posting_ids,
        sender_kind=SenderKind.PRESCRIBER if sent_by else SenderKind.JOB_SEEKER,
        sender_organisation_id=sent_by.id if sent_by else None,
        sender_company_id=None,
        message="Bonjour, je vous propose ce candidat.",
        stamp=Stamp(actor_id=None, at=world.clock.now(), event_id=world.ids.new_id()),
    )
    candidature.state = state
    candidature.events.clear()
    async with world.uow as uow:
        await uow.candidatures.add(candidature)
        await uow.commit()
    return candidature


async def stored_candidature(world: World, candidature_id: UUID) -> Candidature:
    """What is committed, read in a fresh unit of work."""
    async with world.uow as uow:
        found = await uow.candidatures.get(candidature_id)
    assert found is not None
    return found
