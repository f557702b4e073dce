from datetime import timedelta

import pytest

from domain.approvals.nir_lookups import FoundJobSeeker, find_job_seeker_by_nir
from domain.candidatures.submission import Application, submit_candidature
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.eligibility.use_cases import DiagnosisRequest, make_eligibility_diagnosis
from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.ages import paris_day
from domain.job_seekers.job_seekers import NirLookup
from domain.job_seekers.lookup_budget import LookupBudget
from domain.job_seekers.profiles import get_job_seeker
from domain.job_seekers.visibility import JobSeekerNotFound
from domain.rate_limits.policy import RateLimit
from tests.fakes.system import FakeRateLimiter
from tests.nirs import a_nir, spaced
from tests.unit.approval_situations import a_diagnosis, hired
from tests.unit.job_seeker_situations import (
    a_job_seeker,
    a_job_seeker_account,
    a_prescriber,
    a_staff_principal,
    an_employer,
    small_referentials,
)
from tests.unit.situations import World, a_company

pytestmark = pytest.mark.anyio

HOURLY = timedelta(hours=1)


def a_budget(*, lookups: int = 30, misses: int = 10) -> LookupBudget:
    return LookupBudget(FakeRateLimiter(), RateLimit(lookups, HOURLY), RateLimit(misses, HOURLY))


async def find(world: World, principal: Principal, nir: str) -> FoundJobSeeker | None:
    return await find_job_seeker_by_nir(
        uow=world.uow, actor=principal, clock=world.clock, ids=world.ids, budget=a_budget(), nir=nir
    )


async def lookups(world: World) -> list[NirLookup]:
    async with world.uow as uow:
        return list(uow.nir_lookups.rows)


async def test_a_prescriber_finds_a_person_by_his_exact_nir(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world), nir=nir)

    found = await find(world, (await a_prescriber(world)).principal, nir)

    assert found is not None and found.job_seeker.id == job_seeker.id


async def test_spaces_in_the_nir_do_not_matter(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world), nir=nir)

    found = await find(world, (await an_employer(world)).principal, spaced(nir))

    assert found is not None and found.job_seeker.id == job_seeker.id


async def test_an_unknown_nir_finds_nobody(world: World) -> None:
    await a_job_seeker(world, created_by=await a_prescriber(world), nir=a_nir())

    assert await find(world, (await a_prescriber(world)).principal, a_nir()) is None


async def test_a_lookup_is_audited_with_who_for_which_tenant_when_and_whom(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world), nir=nir)
    prescriber = await a_prescriber(world)

    await find(world, prescriber.principal, nir)

    [lookup] = await lookups(world)
    assert (lookup.user_id, lookup.organisation_id, lookup.company_id, lookup.at, lookup.found_job_seeker_id) == (
        prescriber.principal.user_id,
        prescriber.organisation.id if prescriber.organisation else None,
        None,
        world.clock.now(),
        job_seeker.id,
    )


async def test_a_lookup_that_found_nobody_is_audited_too(world: World) -> None:
    employer = await an_employer(world)

    await find(world, employer.principal, a_nir())

    [lookup] = await lookups(world)
    assert (lookup.company_id, lookup.found_job_seeker_id) == (employer.company.id if employer.company else None, None)


async def test_finding_him_by_his_nir_does_not_let_the_tenant_see_him(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world), nir=nir)
    employer = await an_employer(world)

    await find(world, employer.principal, nir)

    with pytest.raises(JobSeekerNotFound):
        await get_job_seeker(uow=world.uow, actor=employer.principal, job_seeker_id=job_seeker.id)


async def test_finding_him_by_his_nir_lets_the_tenant_apply_for_him(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world), nir=nir)
    prescriber, company = await a_prescriber(world), await a_company(world)
    application = Application(company_id=company.id, job_seeker_id=job_seeker.id)
    with pytest.raises(JobSeekerNotFound):
        await submit_candidature(
            uow=world.uow, actor=prescriber.principal, clock=world.clock, ids=world.ids, application=application
        )

    await find(world, prescriber.principal, nir)

    submitted = await submit_candidature(
        uow=world.uow, actor=prescriber.principal, clock=world.clock, ids=world.ids, application=application
    )
    assert submitted.candidature is not None and submitted.candidature.job_seeker_id == job_seeker.id


async def test_another_tenant_s_lookup_does_not_let_him_apply(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world), nir=nir)
    await find(world, (await a_prescriber(world)).principal, nir)
    company = await a_company(world)

    with pytest.raises(JobSeekerNotFound):
        await submit_candidature(
            uow=world.uow,
            actor=(await a_prescriber(world)).principal,
            clock=world.clock,
            ids=world.ids,
            application=Application(company_id=company.id, job_seeker_id=job_seeker.id),
        )


async def test_the_answer_says_until_when_his_diagnosis_is_valid(world: World) -> None:
    nir = a_nir()
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, nir=nir)
    assert prescriber.organisation is not None
    diagnosis = await a_diagnosis(world, job_seeker, by=prescriber.organisation)

    found = await find(world, (await an_employer(world)).principal, nir)

    assert found is not None
    assert (found.diagnosis_valid_until, found.approval_valid_until) == (paris_day(diagnosis.expires_at), None)


async def test_another_company_s_diagnosis_does_not_count_for_the_caller(world: World) -> None:
    nir = a_nir()
    diagnosing = await an_employer(world)
    job_seeker = await a_job_seeker(world, created_by=diagnosing, nir=nir)
    assert diagnosing.company is not None
    await a_diagnosis(world, job_seeker, by=diagnosing.company)

    found = await find(world, (await a_prescriber(world)).principal, nir)
    own = await find(world, diagnosing.principal, nir)

    assert found is not None and found.diagnosis_valid_until is None
    assert own is not None and own.diagnosis_valid_until is not None


async def test_the_answer_says_until_when_his_pass_iae_and_the_diagnosis_behind_it_are_valid(world: World) -> None:
    nir = a_nir()
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, nir=nir)
    assert prescriber.organisation is not None
    await a_diagnosis(world, job_seeker, by=prescriber.organisation)
    hire = await hired(world, job_seeker, await a_company(world))
    assert hire.approval is not None
    world.clock.advance(timedelta(days=300))  # the diagnosis expired; the PASS IAE it justified is in force

    found = await find(world, (await an_employer(world)).principal, nir)

    assert found is not None
    assert (found.diagnosis_valid_until, found.approval_valid_until) == (hire.approval.end_at, hire.approval.end_at)


async def test_a_job_seeker_may_not_look_people_up(world: World) -> None:
    with pytest.raises(Forbidden):
        await find(world, await a_job_seeker_account(world), a_nir())

    assert await lookups(world) == []


async def test_staff_does_not_look_people_up_by_nir(world: World) -> None:
    with pytest.raises(Forbidden):
        await find(world, a_staff_principal(), a_nir())


async def test_a_partner_application_needs_the_job_seekers_read_scope(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.JOB_SEEKERS_WRITE}))

    with pytest.raises(Forbidden):
        await find(world, partner.principal, a_nir())


async def test_a_partner_application_s_lookup_names_it_in_the_audit(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.JOB_SEEKERS_READ}))

    await find(world, partner.principal, a_nir())

    [lookup] = await lookups(world)
    assert (lookup.client_id, lookup.user_id) == (partner.principal.client_id, None)


async def test_finding_him_by_his_nir_lets_a_habilitated_prescriber_diagnose_him(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world), nir=nir)
    prescriber = await a_prescriber(world)

    async def diagnose() -> EligibilityDiagnosis:
        return await make_eligibility_diagnosis(
            uow=world.uow,
            actor=prescriber.principal,
            clock=world.clock,
            ids=world.ids,
            criteria_referential=small_referentials().criteria,
            job_seeker_id=job_seeker.id,
            request=DiagnosisRequest(criteria=("RSA",)),
        )

    with pytest.raises(JobSeekerNotFound):
        await diagnose()
    await find(world, prescriber.principal, nir)

    assert (await diagnose()).job_seeker_id == job_seeker.id
    card = await get_job_seeker(uow=world.uow, actor=prescriber.principal, job_seeker_id=job_seeker.id)
    assert card.job_seeker.id == job_seeker.id  # the diagnosis links his organisation
