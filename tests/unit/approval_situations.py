"""Situations of PASS IAE tests on the in-memory fakes."""

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

from domain.approvals.approvals import Approval
from domain.approvals.eligibility_for_hire import HireApproval, approval_for_hire
from domain.approvals.hires import Employer
from domain.approvals.numbers import PassNumber
from domain.companies.companies import Company, CompanyKind
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.identity.memberships import MembershipRole
from domain.identity.principal import ActingFor, Principal
from domain.identity.users import UserKind
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.prescribers.organisations import PrescriberOrganisation
from tests.fakes.system import SequentialIds
from tests.unit.situations import World, a_member, a_user, tenant_of

PREFIX = "99999"
START = date(2026, 3, 2)  # the day of the World's clock


def an_approval(*, start_at: date = START, kind: CompanyKind = CompanyKind.EI) -> tuple[Approval, Employer]:
    """A PASS IAE issued by a hire on ``start_at``, and the employer of that hire."""
    ids = SequentialIds()
    employer = Employer(company_id=uuid4(), company_kind=kind, user_id=uuid4())
    approval = Approval.issue(
        ids=ids,
        number=PassNumber.issue(prefix=PREFIX, sequence=1),
        job_seeker_id=uuid4(),
        rank=1,
        hiring_start=start_at,
        diagnosis_id=uuid4(),
        company_id=employer.company_id,
        candidature_id=uuid4(),
        at=datetime.combine(start_at, time(9), tzinfo=UTC),
    )
    approval.events.clear()
    return approval, employer


async def a_job_seeker(
    world: World,
    *,
    by: PrescriberOrganisation | None = None,
    with_account: bool = False,
    birthdate: date | None = None,
) -> JobSeeker:
    user = await a_user(world, kind=UserKind.JOB_SEEKER) if with_account else None
    job_seeker = JobSeeker.register(
        id=world.ids.new_id(),
        details=JobSeekerDetails(first_name="Inès", last_name="Haddad", birthdate=birthdate),
        created_by=Creator(user_id=user.id if user else None, organisation_id=by.id if by else None),
        user_id=user.id if user else None,
        at=world.clock.now(),
        event_id=world.ids.new_id(),
    )
    async with world.uow as uow:
        await uow.job_seekers.add(job_seeker)
        await uow.commit()
    return job_seeker


async def a_diagnosis(
    world: World, job_seeker: JobSeeker, *, by: PrescriberOrganisation | Company, days_ago: int = 0
) -> EligibilityDiagnosis:
    """A diagnosis made ``days_ago`` days before the World's clock."""
    common = {
        "id": world.ids.new_id(),
        "job_seeker_id": job_seeker.id,
        "author_user_id": None,
        "criteria": ("RSA",),
        "at": world.clock.now() - timedelta(days=days_ago),
        "event_id": world.ids.new_id(),
    }
    if isinstance(by, Company):
        diagnosis = EligibilityDiagnosis.by_employer(company_id=by.id, **common)  # type: ignore[arg-type]
    else:
        diagnosis = EligibilityDiagnosis.by_prescriber(organisation_id=by.id, **common)  # type: ignore[arg-type]
    async with world.uow as uow:
        await uow.diagnoses.add(diagnosis)
        await uow.commit()
    return diagnosis


async def hired(
    world: World, job_seeker: JobSeeker, company: Company, *, on: date = START, candidature_id: UUID | None = None
) -> HireApproval:
    """The PASS IAE of a hire on ``on``, committed as an acceptance would."""
    async with world.uow as uow:
        hire = await approval_for_hire(
            uow=uow,
            job_seeker=job_seeker,
            company=company,
            hiring_start=on,
            candidature_id=candidature_id or world.ids.new_id(),
            prefix=PREFIX,
            ids=world.ids,
            clock=world.clock,
        )
        await uow.commit()
    return hire


async def stored_approval(world: World, number: str) -> Approval:
    async with world.uow as uow:
        approval = await uow.approvals.get_by_number(number)
    assert approval is not None
    return approval


def employer_of(user_id: UUID, company: Company) -> Principal:
    return Principal(
        kind=UserKind.EMPLOYER,
        user_id=user_id,
        acting_for=ActingFor(tenant=tenant_of(company), role=MembershipRole.ADMIN, company_kind=company.kind),
    )


def prescriber_of(user_id: UUID, organisation: PrescriberOrganisation) -> Principal:
    return Principal(
        kind=UserKind.PRESCRIBER,
        user_id=user_id,
        acting_for=ActingFor(
            tenant=tenant_of(organisation), role=MembershipRole.MEMBER, habilitated=organisation.is_habilitated
        ),
    )


async def an_employer(world: World, company: Company) -> Principal:
    return employer_of((await a_member(world, tenant_of(company))).id, company)


async def a_prescriber(world: World, organisation: PrescriberOrganisation) -> Principal:
    return prescriber_of((await a_member(world, tenant_of(organisation))).id, organisation)
