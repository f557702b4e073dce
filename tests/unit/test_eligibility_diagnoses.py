from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.companies.companies import CompanyKind
from domain.eligibility.criteria_rules import AgeCriterionMismatch, NotEnoughCriteria, UnknownCriterion
from domain.eligibility.diagnoses import AuthorKind, EligibilityDiagnosis
from domain.eligibility.events import EligibilityDiagnosed
from domain.eligibility.use_cases import (
    DiagnosisCompanyId,
    DiagnosisRequest,
    NotSubjectToEligibility,
    make_eligibility_diagnosis,
)
from domain.errors import Forbidden
from domain.identity.scopes import Scope
from domain.job_seekers.visibility import JobSeekerNotFound
from tests.unit.job_seeker_situations import (
    Actor,
    a_job_seeker,
    a_job_seeker_account,
    a_prescriber,
    a_staff_principal,
    an_employer,
    small_referentials,
)
from tests.unit.situations import World

pytestmark = pytest.mark.anyio


async def diagnose(
    world: World, actor: Actor, *criteria: str, job_seeker_id: object = None, company_id: object = "acting"
) -> EligibilityDiagnosis:
    if job_seeker_id is None:
        job_seeker_id = (await a_job_seeker(world, created_by=actor)).id
    if company_id == "acting":
        company_id = actor.company.id if actor.company else None
    return await make_eligibility_diagnosis(
        uow=world.uow,
        actor=actor.principal,
        clock=world.clock,
        ids=world.ids,
        criteria_referential=small_referentials().criteria,
        job_seeker_id=job_seeker_id,  # type: ignore[arg-type]
        request=DiagnosisRequest(criteria=criteria, company_id=company_id),  # type: ignore[arg-type]
    )


async def stored_diagnoses(world: World) -> list[EligibilityDiagnosis]:
    async with world.uow as uow:
        return list(uow.diagnoses.rows.values())


# -- by a habilitated prescriber ---------------------------------------------------------


async def test_a_habilitated_prescriber_certifies_eligibility_without_any_criterion(world: World) -> None:
    prescriber = await a_prescriber(world)

    diagnosis = await diagnose(world, prescriber)

    [stored] = await stored_diagnoses(world)
    assert stored.id == diagnosis.id
    assert (stored.author_kind, stored.author_organisation_id, stored.author_company_id, stored.criteria) == (
        AuthorKind.PRESCRIBER,
        prescriber.organisation.id if prescriber.organisation else None,
        None,
        (),
    )


async def test_a_prescriber_s_diagnosis_is_valid_six_calendar_months_in_paris(world: World) -> None:
    # 2 March 2026 10:00 in Paris (UTC+1) -> 2 September 2026 10:00 in Paris (UTC+2).
    diagnosis = await diagnose(world, await a_prescriber(world), "QPV")

    assert diagnosis.expires_at == datetime(2026, 9, 2, 8, 0, tzinfo=UTC)


async def test_the_criteria_are_recorded_in_the_order_given(world: World) -> None:
    diagnosis = await diagnose(world, await a_prescriber(world), "QPV", "RSA", "TH")

    assert diagnosis.criteria == ("QPV", "RSA", "TH")


async def test_an_orienteur_may_not_make_a_diagnosis(world: World) -> None:
    with pytest.raises(Forbidden):
        await diagnose(world, await a_prescriber(world, habilitated=False), "RSA")

    assert await stored_diagnoses(world) == []


async def test_a_prescriber_may_not_name_a_company(world: World) -> None:
    with pytest.raises(DiagnosisCompanyId) as refused:
        await diagnose(world, await a_prescriber(world), "RSA", company_id=uuid4())

    assert [e.pointer for e in refused.value.errors] == ["/company_id"]


async def test_a_diagnosis_is_recorded_as_an_event(world: World) -> None:
    diagnosis = await diagnose(world, await a_prescriber(world))

    [event] = diagnosis.events
    assert isinstance(event, EligibilityDiagnosed)
    assert (event.diagnosis_id, event.job_seeker_id, event.author_kind) == (
        diagnosis.id,
        diagnosis.job_seeker_id,
        "prescriber",
    )


# -- by an employer (auto-prescription) ----------------------------------------------------


async def test_an_employer_diagnosis_counts_for_his_company_and_lasts_92_days(world: World) -> None:
    employer = await an_employer(world, kind=CompanyKind.EI)

    diagnosis = await diagnose(world, employer, "RSA")

    assert (diagnosis.author_kind, diagnosis.author_company_id, diagnosis.author_organisation_id) == (
        AuthorKind.EMPLOYER,
        employer.company.id if employer.company else None,
        None,
    )
    # 2 March 10:00 in Paris + 92 days = 2 June 10:00 in Paris (summer time).
    assert diagnosis.expires_at == datetime(2026, 6, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "level_2_criteria"),
    [
        (CompanyKind.AI, ("QPV", "TH")),
        (CompanyKind.ETTI, ("QPV", "TH")),
        (CompanyKind.ACI, ("QPV", "TH", "PM")),
        (CompanyKind.EI, ("QPV", "TH", "PM")),
        (CompanyKind.EITI, ("QPV", "TH", "PM")),
    ],
)
async def test_enough_level_2_criteria_make_an_auto_prescription(
    world: World, kind: CompanyKind, level_2_criteria: tuple[str, ...]
) -> None:
    diagnosis = await diagnose(world, await an_employer(world, kind=kind), *level_2_criteria)

    assert diagnosis.criteria == level_2_criteria


@pytest.mark.parametrize(
    ("kind", "level_2_criteria"),
    [
        (CompanyKind.AI, ("QPV",)),
        (CompanyKind.ETTI, ("QPV",)),
        (CompanyKind.ACI, ("QPV", "TH")),
        (CompanyKind.EI, ("QPV", "TH")),
        (CompanyKind.EITI, ("QPV", "TH")),
    ],
)
async def test_too_few_level_2_criteria_are_refused_naming_the_rule(
    world: World, kind: CompanyKind, level_2_criteria: tuple[str, ...]
) -> None:
    with pytest.raises(NotEnoughCriteria):
        await diagnose(world, await an_employer(world, kind=kind), *level_2_criteria)


async def test_one_level_1_criterion_is_enough_for_an_auto_prescription(world: World) -> None:
    diagnosis = await diagnose(world, await an_employer(world, kind=CompanyKind.ACI), "AAH")

    assert diagnosis.criteria == ("AAH",)


async def test_an_employer_must_name_his_company(world: World) -> None:
    with pytest.raises(DiagnosisCompanyId):
        await diagnose(world, await an_employer(world), "RSA", company_id=None)


async def test_an_employer_diagnoses_only_for_the_company_he_acts_for(world: World) -> None:
    other = await an_employer(world)

    with pytest.raises(Forbidden):
        await diagnose(world, await an_employer(world), "RSA", company_id=other.company.id if other.company else None)


async def test_a_company_not_subject_to_eligibility_makes_no_diagnosis(world: World) -> None:
    with pytest.raises(NotSubjectToEligibility):
        await diagnose(world, await an_employer(world, kind=CompanyKind.GEIQ), "RSA")


# -- criteria and age ---------------------------------------------------------------------


async def test_an_unknown_criterion_is_refused_naming_its_index(world: World) -> None:
    with pytest.raises(UnknownCriterion) as refused:
        await diagnose(world, await a_prescriber(world), "RSA", "LOTTERY")

    assert [e.pointer for e in refused.value.errors] == ["/criteria/1"]


async def test_a_repeated_criterion_is_refused_naming_the_repetition(world: World) -> None:
    with pytest.raises(UnknownCriterion) as refused:
        await diagnose(world, await an_employer(world, kind=CompanyKind.AI), "QPV", "QPV")

    assert [e.pointer for e in refused.value.errors] == ["/criteria/1"]


async def age_criterion(world: World, criterion: str, born: date) -> EligibilityDiagnosis:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, birthdate=born)
    return await diagnose(world, prescriber, "RSA", criterion, job_seeker_id=job_seeker.id)


async def test_senior_needs_50_years_on_the_diagnosis_day(world: World) -> None:
    # The clock says 2 March 2026.
    assert (await age_criterion(world, "SENIOR", date(1976, 3, 2))).criteria == ("RSA", "SENIOR")
    with pytest.raises(AgeCriterionMismatch) as refused:
        await age_criterion(world, "SENIOR", date(1976, 3, 3))
    assert [e.pointer for e in refused.value.errors] == ["/criteria/1"]


async def test_jeune_needs_to_be_under_26_on_the_diagnosis_day(world: World) -> None:
    assert (await age_criterion(world, "JEUNE", date(2000, 3, 3))).criteria == ("RSA", "JEUNE")
    with pytest.raises(AgeCriterionMismatch):
        await age_criterion(world, "JEUNE", date(2000, 3, 2))


async def test_age_criteria_are_taken_on_trust_without_a_birthdate(world: World) -> None:
    diagnosis = await diagnose(world, await a_prescriber(world), "SENIOR", "JEUNE")

    assert diagnosis.criteria == ("SENIOR", "JEUNE")


# -- who may ----------------------------------------------------------------------------------


async def test_a_job_seeker_may_not_diagnose_himself(world: World) -> None:
    account = await a_job_seeker_account(world)
    job_seeker = await a_job_seeker(world, account=account)

    with pytest.raises(Forbidden):
        await diagnose(world, Actor(account), "RSA", job_seeker_id=job_seeker.id)


async def test_staff_makes_no_diagnosis(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world))

    with pytest.raises(Forbidden):
        await diagnose(world, Actor(a_staff_principal()), job_seeker_id=job_seeker.id)


async def test_a_partner_application_needs_the_eligibility_write_scope(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.JOB_SEEKERS_WRITE}))

    with pytest.raises(Forbidden):
        await diagnose(world, partner, "RSA")


async def test_a_partner_application_with_the_scope_diagnoses_without_a_user(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.ELIGIBILITY_WRITE}))

    diagnosis = await diagnose(world, partner, "RSA")

    assert diagnosis.author_user_id is None


async def test_a_job_seeker_the_prescriber_may_not_see_is_not_found(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world))

    with pytest.raises(JobSeekerNotFound):
        await diagnose(world, await a_prescriber(world), "RSA", job_seeker_id=job_seeker.id)
