"""A PASS IAE issued through the domain, for the API tests of approvals."""

from dataclasses import dataclass
from datetime import date

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.approvals.eligibility_for_hire import approval_for_hire
from domain.companies.companies import Company, CompanyKind
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.identity.clients import ApiClient
from domain.identity.scopes import Scope
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import JobSeeker
from domain.prescribers.organisations import PrescriberOrganisation
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant


@dataclass(slots=True, frozen=True)
class Hire:
    """An EI hired a job seeker (who has an account) that a France Travail
    agency diagnosed; the hire issued his PASS IAE."""

    number: str
    today: date
    company: Company
    employer: User
    agency: PrescriberOrganisation
    prescriber: User
    job_seeker: JobSeeker
    holder: User


async def a_diagnosis(container: Container, job_seeker: JobSeeker, agency: PrescriberOrganisation) -> None:
    diagnosis = EligibilityDiagnosis.by_prescriber(
        id=container.ids.new_id(),
        job_seeker_id=job_seeker.id,
        author_user_id=None,
        organisation_id=agency.id,
        criteria=("RSA",),
        at=container.clock.now(),
        event_id=container.ids.new_id(),
    )
    uow = container.new_uow()
    async with uow:
        await uow.diagnoses.add(diagnosis)
        await uow.commit()


async def a_hire(container: Container, *, kind: CompanyKind = CompanyKind.EI) -> Hire:
    company, agency = await a_company(container, kind=kind), await an_organisation(container)
    holder = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=holder)
    await a_diagnosis(container, job_seeker, agency)
    today = paris_date(container.clock.now())
    uow = container.new_uow()
    async with uow:
        hire = await approval_for_hire(
            uow=uow,
            job_seeker=job_seeker,
            company=company,
            hiring_start=today,
            candidature_id=container.ids.new_id(),
            prefix=container.settings.asp.pass_iae_prefix,
            ids=container.ids,
            clock=container.clock,
        )
        await uow.commit()
    assert hire.approval is not None
    return Hire(
        number=hire.approval.number,
        today=today,
        company=company,
        employer=await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company)),
        agency=agency,
        prescriber=await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(agency)),
        job_seeker=job_seeker,
        holder=holder,
    )


async def a_partner_token(container: Container, company: Company, *, scopes: frozenset[Scope]) -> dict[str, str]:
    partner = ApiClient(
        id=container.ids.new_id(),
        client_id=f"tpl_{container.ids.new_id().hex[:16]}",
        name="Logiciel partenaire",
        secret_hash="not-used-here",
        tenant=company_tenant(company),
        scopes=scopes,
        created_at=container.clock.now(),
    )
    uow = container.new_uow()
    async with uow:
        await uow.clients.add(partner)
        await uow.commit()
    token = container.tokens.issue(subject=str(partner.id), subject_type="client", scope=" ".join(sorted(scopes)))
    return {"Authorization": f"Bearer {token}"}
