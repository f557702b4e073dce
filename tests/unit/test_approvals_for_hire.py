"""The PASS IAE a hire gets: DOMAIN.md "Rules at acceptance" 1 to 4, and
which eligibility diagnosis counts."""

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from domain.approvals.approvals import Approval
from domain.approvals.eligibility_for_hire import (
    EligibilityRequired,
    WaitingPeriod,
    diagnosis_that_counts,
    release_hire,
)
from domain.approvals.numbers import PassNumber
from domain.companies.companies import Company, CompanyKind
from domain.errors import NotFound
from domain.job_seekers.job_seekers import JobSeeker
from tests.unit.approval_situations import START, a_diagnosis, a_job_seeker, hired, stored_approval
from tests.unit.situations import World, a_company, an_organisation

# Marked here, not only by the root conftest: parametrised async tests lose
# their parameters when anyio marks them late.
pytestmark = pytest.mark.anyio
_old_sequences = itertools.count(9_000_000)


async def an_ended_pass(world: World, job_seeker: JobSeeker, company: Company, *, ended_on: date) -> Approval:
    """A PASS IAE of ``job_seeker`` whose last day was ``ended_on``."""
    start = ended_on - timedelta(days=729)
    approval = Approval.issue(
        ids=world.ids,
        number=PassNumber.issue(prefix="99999", sequence=next(_old_sequences)),
        job_seeker_id=job_seeker.id,
        rank=1,
        hiring_start=start,
        diagnosis_id=world.ids.new_id(),
        company_id=company.id,
        candidature_id=world.ids.new_id(),
        at=datetime.combine(start, time(9), tzinfo=UTC),
    )
    async with world.uow as uow:
        await uow.approvals.add(approval)
        await uow.commit()
    return approval


# -- rule 4: a new PASS IAE --------------------------------------------------


async def test_a_habilitated_prescribers_diagnosis_issues_a_pass_starting_on_the_hiring_start(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    diagnosis = await a_diagnosis(world, job_seeker, by=agency)

    hire = await hired(world, job_seeker, company, on=date(2026, 3, 16))

    assert hire.issued and hire.diagnosis_id == diagnosis.id
    assert hire.approval is not None
    approval = await stored_approval(world, hire.approval.number)
    assert (approval.number, approval.start_at, approval.end_at) == (
        "999990000001",
        date(2026, 3, 16),
        date(2028, 3, 14),
    )
    assert (approval.job_seeker_id, approval.diagnosis_id) == (job_seeker.id, diagnosis.id)
    assert approval.is_hired_by(company.id)


async def test_an_employers_diagnosis_issues_a_pass_in_its_own_company(world: World) -> None:
    company = await a_company(world, kind=CompanyKind.ACI)
    job_seeker = await a_job_seeker(world)
    diagnosis = await a_diagnosis(world, job_seeker, by=company)

    hire = await hired(world, job_seeker, company)

    assert hire.issued and hire.diagnosis_id == diagnosis.id


async def test_numbers_are_issued_one_after_the_other(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    numbers = []
    for _ in range(3):
        job_seeker = await a_job_seeker(world)
        await a_diagnosis(world, job_seeker, by=agency)
        hire = await hired(world, job_seeker, company)
        assert hire.approval is not None
        numbers.append(hire.approval.number)

    assert numbers == ["999990000001", "999990000002", "999990000003"]


@pytest.mark.parametrize("kind", [CompanyKind.GEIQ, CompanyKind.EA, CompanyKind.EATT, CompanyKind.OPCS])
async def test_a_company_not_subject_to_eligibility_issues_no_pass(world: World, kind: CompanyKind) -> None:
    company = await a_company(world, kind=kind)
    job_seeker = await a_job_seeker(world)

    hire = await hired(world, job_seeker, company)

    assert (hire.approval, hire.diagnosis_id, hire.issued) == (None, None, False)
    assert world.uow.approvals.rows == {}


# -- rule 2: eligibility required ---------------------------------------------


async def test_a_hire_without_any_diagnosis_requires_eligibility(world: World) -> None:
    company, job_seeker = await a_company(world), await a_job_seeker(world)

    with pytest.raises(EligibilityRequired):
        await hired(world, job_seeker, company)


async def test_an_expired_diagnosis_does_not_make_eligible(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    await a_diagnosis(world, job_seeker, by=agency, days_ago=200)

    with pytest.raises(EligibilityRequired):
        await hired(world, job_seeker, company)


async def test_another_companys_diagnosis_does_not_make_eligible_here(world: World) -> None:
    company, other = await a_company(world), await a_company(world)
    job_seeker = await a_job_seeker(world)
    await a_diagnosis(world, job_seeker, by=other)

    with pytest.raises(EligibilityRequired):
        await hired(world, job_seeker, company)


async def test_a_refused_hire_uses_no_number(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    await hired_for_nothing(world, company)
    job_seeker = await a_job_seeker(world)
    await a_diagnosis(world, job_seeker, by=agency)

    hire = await hired(world, job_seeker, company)

    assert hire.approval is not None and hire.approval.number == "999990000001"


async def hired_for_nothing(world: World, company: Company) -> None:
    with pytest.raises(EligibilityRequired):
        await hired(world, await a_job_seeker(world), company)


# -- rule 1: reuse ------------------------------------------------------------


async def test_a_pass_valid_on_the_hiring_start_is_reused_without_resetting_it(world: World) -> None:
    first, second, agency = await a_company(world), await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    await a_diagnosis(world, job_seeker, by=agency)
    issued = await hired(world, job_seeker, first, on=START)
    world.clock.advance(timedelta(days=400))  # the diagnosis has long expired

    reused = await hired(world, job_seeker, second, on=START + timedelta(days=400))

    assert issued.approval is not None and reused.approval is not None
    assert not reused.issued
    assert reused.approval.number == issued.approval.number
    approval = await stored_approval(world, issued.approval.number)
    assert (approval.start_at, approval.end_at) == (issued.approval.start_at, issued.approval.end_at)
    assert approval.is_hired_by(first.id) and approval.is_hired_by(second.id)
    assert world.uow.pass_numbers.rows == {"99999": 1}


async def test_a_reused_pass_brings_the_diagnosis_that_justified_it(world: World) -> None:
    first, second, agency = await a_company(world), await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    diagnosis = await a_diagnosis(world, job_seeker, by=agency)
    await hired(world, job_seeker, first)

    assert (await hired(world, job_seeker, second)).diagnosis_id == diagnosis.id


async def test_a_pass_ended_before_the_hiring_start_is_not_reused(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    old = await an_ended_pass(world, job_seeker, company, ended_on=date(2023, 1, 1))
    await a_diagnosis(world, job_seeker, by=agency)

    hire = await hired(world, job_seeker, company)

    assert hire.issued and hire.approval is not None and hire.approval.number != old.number
    assert hire.approval.rank == 2


async def test_a_cancelled_pass_is_not_reused_and_its_number_never_comes_back(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    await a_diagnosis(world, job_seeker, by=agency)
    candidature_id = world.ids.new_id()
    first = await hired(world, job_seeker, company, candidature_id=candidature_id)
    assert first.approval is not None
    async with world.uow as uow:
        await release_hire(
            uow=uow, approval_number=first.approval.number, candidature_id=candidature_id, at=world.clock.now()
        )
        await uow.commit()

    again = await hired(world, job_seeker, company)

    assert again.issued and again.approval is not None
    assert (first.approval.number, again.approval.number) == ("999990000001", "999990000002")
    assert (await stored_approval(world, first.approval.number)).is_cancelled


async def test_releasing_a_hire_of_an_unknown_pass_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        async with world.uow as uow:
            await release_hire(
                uow=uow, approval_number="999990000042", candidature_id=world.ids.new_id(), at=world.clock.now()
            )


# -- rule 3: waiting period ---------------------------------------------------


async def test_within_two_years_after_a_pass_an_employers_diagnosis_is_not_enough(world: World) -> None:
    company = await a_company(world)
    job_seeker = await a_job_seeker(world)
    await an_ended_pass(world, job_seeker, company, ended_on=date(2025, 3, 2))
    await a_diagnosis(world, job_seeker, by=company)

    with pytest.raises(WaitingPeriod) as refused:
        await hired(world, job_seeker, company)

    assert refused.value.extra == {"waiting_period_ends_on": "2027-03-02"}


async def test_within_two_years_a_prescribers_diagnosis_made_before_the_end_is_not_enough(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    await a_diagnosis(world, job_seeker, by=agency, days_ago=20)
    await an_ended_pass(world, job_seeker, company, ended_on=START - timedelta(days=10))

    with pytest.raises(WaitingPeriod):
        await hired(world, job_seeker, company)


async def test_within_two_years_a_prescribers_diagnosis_made_after_the_end_issues_a_new_pass(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    await an_ended_pass(world, job_seeker, company, ended_on=date(2025, 3, 2))
    await a_diagnosis(world, job_seeker, by=company, days_ago=1)
    diagnosis = await a_diagnosis(world, job_seeker, by=agency, days_ago=5)

    hire = await hired(world, job_seeker, company)

    assert hire.issued and hire.diagnosis_id == diagnosis.id


async def test_two_years_after_a_pass_ended_an_employers_diagnosis_is_enough_again(world: World) -> None:
    company = await a_company(world)
    job_seeker = await a_job_seeker(world)
    await an_ended_pass(world, job_seeker, company, ended_on=date(2024, 3, 1))
    await a_diagnosis(world, job_seeker, by=company)

    hire = await hired(world, job_seeker, company, on=date(2026, 3, 1))

    assert hire.issued


async def test_the_waiting_period_is_counted_to_the_hiring_start(world: World) -> None:
    company = await a_company(world)
    job_seeker = await a_job_seeker(world)
    await an_ended_pass(world, job_seeker, company, ended_on=date(2024, 3, 3))
    await a_diagnosis(world, job_seeker, by=company)

    with pytest.raises(WaitingPeriod):
        await hired(world, job_seeker, company, on=date(2026, 3, 2))


async def test_a_cancelled_pass_opens_no_waiting_period(world: World) -> None:
    company = await a_company(world)
    job_seeker = await a_job_seeker(world)
    old = await an_ended_pass(world, job_seeker, company, ended_on=date(2025, 3, 2))
    async with world.uow as uow:
        await release_hire(
            uow=uow, approval_number=old.number, candidature_id=old.issued_by_candidature_id, at=world.clock.now()
        )
        await uow.commit()
    await a_diagnosis(world, job_seeker, by=company)

    assert (await hired(world, job_seeker, company)).issued


# -- which diagnosis counts --------------------------------------------------


async def test_a_newer_prescribers_diagnosis_replaces_an_employers_one(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    await a_diagnosis(world, job_seeker, by=company, days_ago=10)
    newer = await a_diagnosis(world, job_seeker, by=agency, days_ago=2)

    counting = diagnosis_that_counts(
        diagnoses=await world.uow.diagnoses.for_job_seeker(job_seeker.id),
        approvals=[],
        company_id=company.id,
        at=world.clock.now(),
    )

    assert counting == newer


async def test_a_newer_employers_diagnosis_counts_in_its_company_only(world: World) -> None:
    company, other, agency = await a_company(world), await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    older = await a_diagnosis(world, job_seeker, by=agency, days_ago=10)
    newer = await a_diagnosis(world, job_seeker, by=company, days_ago=2)
    diagnoses = await world.uow.diagnoses.for_job_seeker(job_seeker.id)
    now = world.clock.now()

    assert diagnosis_that_counts(diagnoses=diagnoses, approvals=[], company_id=company.id, at=now) == newer
    assert diagnosis_that_counts(diagnoses=diagnoses, approvals=[], company_id=other.id, at=now) == older
    assert diagnosis_that_counts(diagnoses=diagnoses, approvals=[], company_id=None, at=now) == older


async def test_an_expired_diagnosis_counts_while_the_pass_it_justified_is_in_force(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    diagnosis = await a_diagnosis(world, job_seeker, by=agency)
    await hired(world, job_seeker, company)
    later = world.clock.now() + timedelta(days=400)

    counting = diagnosis_that_counts(
        diagnoses=[diagnosis],
        approvals=await world.uow.approvals.for_job_seeker(job_seeker.id),
        company_id=None,
        at=later,
    )

    assert diagnosis.is_expired(later) and counting == diagnosis


async def test_an_expired_diagnosis_stops_counting_when_its_pass_ends(world: World) -> None:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world)
    diagnosis = await a_diagnosis(world, job_seeker, by=agency)
    await hired(world, job_seeker, company)
    after_the_pass = world.clock.now() + timedelta(days=731)

    counting = diagnosis_that_counts(
        diagnoses=[diagnosis],
        approvals=await world.uow.approvals.for_job_seeker(job_seeker.id),
        company_id=None,
        at=after_the_pass,
    )

    assert counting is None
