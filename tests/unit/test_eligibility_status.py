"""GET /job-seekers/{id}/eligibility: what counts for a company, and why."""

from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.approvals.eligibility_status import EligibilityStatus, UnknownCompany, get_eligibility
from domain.companies.companies import CompanyKind
from domain.identity.principal import Principal
from domain.job_seekers.visibility import JobSeekerNotFound
from tests.unit.approval_situations import a_diagnosis, a_job_seeker, a_prescriber, an_employer, hired
from tests.unit.situations import World, a_company, a_staff_member, an_organisation


async def eligibility(
    world: World, actor: Principal, job_seeker_id: UUID, company_id: UUID | None = None
) -> EligibilityStatus:
    return await get_eligibility(
        uow=world.uow, actor=actor, clock=world.clock, job_seeker_id=job_seeker_id, company_id=company_id
    )


async def test_a_prescribers_diagnosis_counts_for_any_company(world: World) -> None:
    agency, company = await an_organisation(world), await a_company(world)
    job_seeker = await a_job_seeker(world, by=agency)
    diagnosis = await a_diagnosis(world, job_seeker, by=agency)

    status = await eligibility(world, await a_prescriber(world, agency), job_seeker.id, company.id)

    assert (status.diagnosis, status.approval) == (diagnosis, None)
    assert status.reasons == [
        "Diagnostic d'un prescripteur habilité, valable pour toutes les structures ; il expire le 02/09/2026."
    ]


async def test_without_a_company_the_employer_sees_what_counts_for_his_own(world: World) -> None:
    company = await a_company(world)
    job_seeker = await a_job_seeker(world)
    diagnosis = await a_diagnosis(world, job_seeker, by=company)

    status = await eligibility(world, await an_employer(world, company), job_seeker.id)

    assert status.diagnosis == diagnosis


async def test_an_employers_diagnosis_does_not_count_for_another_company(world: World) -> None:
    company, other = await a_company(world), await a_company(world)
    job_seeker = await a_job_seeker(world)
    await a_diagnosis(world, job_seeker, by=company)

    status = await eligibility(world, a_staff_member(), job_seeker.id, other.id)

    assert status.diagnosis is None
    assert status.reasons == [
        "Aucun diagnostic d'éligibilité valide : un prescripteur habilité ou la structure doit en faire un."
    ]


async def test_the_pass_in_force_is_shown_with_the_diagnosis_that_justified_it(world: World) -> None:
    agency, company = await an_organisation(world), await a_company(world)
    job_seeker = await a_job_seeker(world, by=agency)
    diagnosis = await a_diagnosis(world, job_seeker, by=agency)
    hire = await hired(world, job_seeker, company)
    world.clock.advance(timedelta(days=300))

    status = await eligibility(world, a_staff_member(), job_seeker.id, company.id)

    assert (status.diagnosis, status.approval) == (diagnosis, hire.approval)
    assert status.reasons[0].startswith("PASS IAE 99999 00 00001 valide jusqu'au 29/02/2028")
    assert "reste valable tant que le PASS IAE 99999 00 00001" in status.reasons[1]


async def test_a_recent_end_of_pass_tells_the_waiting_period(world: World) -> None:
    agency, company = await an_organisation(world), await a_company(world)
    job_seeker = await a_job_seeker(world, by=agency)
    await a_diagnosis(world, job_seeker, by=agency)
    await hired(world, job_seeker, company, on=date(2026, 3, 2))
    world.clock.advance(timedelta(days=800))

    status = await eligibility(world, a_staff_member(), job_seeker.id, company.id)

    assert status.reasons[-1].startswith("Délai de carence : le dernier PASS IAE a pris fin le 29/02/2028")


async def test_a_company_not_subject_to_eligibility_needs_nothing(world: World) -> None:
    geiq = await a_company(world, kind=CompanyKind.GEIQ)
    job_seeker = await a_job_seeker(world)

    status = await eligibility(world, a_staff_member(), job_seeker.id, geiq.id)

    assert status.reasons == ["Les structures GEIQ ne demandent ni diagnostic d'éligibilité ni PASS IAE."]


async def test_an_unknown_company_is_refused_naming_the_parameter(world: World) -> None:
    job_seeker = await a_job_seeker(world)

    with pytest.raises(UnknownCompany) as refused:
        await eligibility(world, a_staff_member(), job_seeker.id, world.ids.new_id())

    assert [e.pointer for e in refused.value.errors] == ["/query/company_id"]


async def test_who_may_not_see_the_job_seeker_is_told_he_does_not_exist(world: World) -> None:
    agency = await an_organisation(world)
    job_seeker = await a_job_seeker(world, by=agency)
    stranger = await an_employer(world, await a_company(world))

    with pytest.raises(JobSeekerNotFound):
        await eligibility(world, stranger, job_seeker.id)
