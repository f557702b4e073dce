"""What the personal data guards read and write: the structures with a
candidature for a person, whether he was ever issued a PASS IAE, the history
of his profile and the NIR lookups refused. One contract for the fakes and
the SQL adapters (both engines)."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.approvals.approvals import Approval
from domain.approvals.numbers import PassNumber
from domain.candidatures.state_machine import CandidatureState
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.identity.users import User, UserKind
from domain.job_seekers.changes import ChangeAuthor, JobSeekerChange
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerLinks, NirLookup
from domain.job_seekers.lookup_budget import NirLookupRefusal, SpentBudget
from domain.ports.unit_of_work import UnitOfWork
from tests.builders.candidatures import a_candidature_of, a_job_seeker_profile
from tests.fakes.system import SequentialIds
from tests.integration.test_repository_contracts import an_ft_agency, an_insertion_company

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
NewUow = Callable[[], UnitOfWork]


async def a_person(new_uow: NewUow) -> JobSeeker:
    job_seeker = a_job_seeker_profile(at=NOW)
    async with new_uow() as uow:
        await uow.job_seekers.add(job_seeker)
        await uow.commit()
    return job_seeker


async def an_account(new_uow: NewUow, kind: UserKind = UserKind.PRESCRIBER) -> User:
    user = User(uuid4(), kind, f"{uuid4().hex}@example.org", "Claire", "Dubois", None, NOW)
    async with new_uow() as uow:
        await uow.users.add(user)
        await uow.commit()
    return user


# -- candidature tenants and PASS IAE ----------------------------------------------------


async def test_the_structures_with_a_candidature_for_him_are_its_sender_and_its_company(new_uow: NewUow) -> None:
    agency, company, diagnosing = an_ft_agency(), an_insertion_company(), an_ft_agency()
    job_seeker = await a_person(new_uow)
    async with new_uow() as uow:
        await uow.organisations.add(agency)
        await uow.organisations.add(diagnosing)
        await uow.companies.add(company)
        await uow.diagnoses.add(a_diagnosis(job_seeker, diagnosing.id))
        sent = a_candidature_of(
            job_seeker_id=job_seeker.id,
            company_id=company.id,
            at=NOW,
            sent_by_organisation_id=agency.id,
            state=CandidatureState.REFUSED,
        )
        await uow.candidatures.add(sent)
        await uow.commit()

    async with new_uow() as uow:
        tenants = await uow.job_seekers.candidature_tenants(job_seeker.id)

    assert tenants == JobSeekerLinks(frozenset({agency.id}), frozenset({company.id}))


async def test_a_pass_iae_issued_to_him_is_known_even_cancelled(new_uow: NewUow) -> None:
    agency, company = an_ft_agency(), an_insertion_company()
    job_seeker, other = await a_person(new_uow), await a_person(new_uow)
    diagnosis = a_diagnosis(job_seeker, agency.id)
    approval = Approval.issue(
        ids=SequentialIds(),
        number=PassNumber.issue(prefix="99999", sequence=1),
        job_seeker_id=job_seeker.id,
        rank=1,
        hiring_start=date(2026, 3, 2),
        diagnosis_id=diagnosis.id,
        company_id=company.id,
        candidature_id=uuid4(),
        at=NOW,
    )
    approval.cancelled_at = NOW
    async with new_uow() as uow:
        await uow.organisations.add(agency)
        await uow.companies.add(company)
        await uow.diagnoses.add(diagnosis)
        await uow.approvals.add(approval)
        await uow.commit()

    async with new_uow() as uow:
        held = [await uow.job_seekers.holds_approval(job_seeker.id), await uow.job_seekers.holds_approval(other.id)]

    assert held == [True, False]


def a_diagnosis(job_seeker: JobSeeker, organisation_id: UUID) -> EligibilityDiagnosis:
    return EligibilityDiagnosis.by_prescriber(
        id=uuid4(),
        job_seeker_id=job_seeker.id,
        author_user_id=None,
        organisation_id=organisation_id,
        criteria=(),
        at=NOW,
        event_id=uuid4(),
    )


# -- the history of his profile ------------------------------------------------------------


def a_change(job_seeker: JobSeeker, author: User, *, minutes: int, field: str = "phone") -> JobSeekerChange:
    return JobSeekerChange(
        id=uuid4(),
        job_seeker_id=job_seeker.id,
        at=NOW + timedelta(minutes=minutes),
        field=field,
        old_value=None,
        new_value=f"06000000{minutes:02d}",
        by=ChangeAuthor(kind="prescriber", user_id=author.id, client_id=None, organisation_id=None, company_id=None),
    )


async def test_changes_are_read_back_newest_first_page_by_page(new_uow: NewUow) -> None:
    job_seeker, someone_else, author = await a_person(new_uow), await a_person(new_uow), await an_account(new_uow)
    changes = [a_change(job_seeker, author, minutes=m) for m in (1, 2, 3)]
    async with new_uow() as uow:
        await uow.job_seeker_changes.add_all(changes[:2])
        await uow.job_seeker_changes.add_all([changes[2], a_change(someone_else, author, minutes=4)])
        await uow.commit()

    async with new_uow() as uow:
        first = await uow.job_seeker_changes.of_job_seeker(job_seeker.id, after=None, limit=2)
        rest = await uow.job_seeker_changes.of_job_seeker(job_seeker.id, after=(first[-1].at, first[-1].id), limit=2)

    assert first + rest == list(reversed(changes))


# -- the NIR lookups refused ---------------------------------------------------------------


def a_refusal(user: User, *, at: datetime, spent: SpentBudget = SpentBudget.MISSES) -> NirLookupRefusal:
    window = at.replace(minute=0, second=0, microsecond=0)
    return NirLookupRefusal(
        id=uuid4(),
        at=at,
        subject=f"user:{user.id}",
        user_id=user.id,
        client_id=None,
        organisation_id=None,
        company_id=None,
        spent=spent,
        window_started_at=window,
        window_ends_at=window + HOUR,
    )


async def lookups_by(new_uow: NewUow, user: User, agency_id: UUID, *, found: list[UUID | None], at: datetime) -> None:
    async with new_uow() as uow:
        for found_id in found:
            lookup = NirLookup(uuid4(), at, user.id, None, agency_id, None, found_id)
            await uow.job_seekers.record_lookup(lookup)
        await uow.commit()


async def test_refusals_are_counted_once_per_caller_and_window(new_uow: NewUow) -> None:
    user = await an_account(new_uow)
    first = a_refusal(user, at=NOW + timedelta(minutes=5))
    async with new_uow() as uow:
        await uow.nir_lookup_refusals.record(first)
        await uow.nir_lookup_refusals.record(a_refusal(user, at=NOW + timedelta(minutes=7), spent=SpentBudget.LOOKUPS))
        await uow.nir_lookup_refusals.record(a_refusal(user, at=NOW + timedelta(minutes=9)))
        await uow.commit()

    async with new_uow() as uow:
        [report] = await uow.nir_lookup_refusals.spent_budgets(after=None, limit=10)

    assert (report.id, report.spent, report.refusals) == (first.id, SpentBudget.MISSES, 3)
    assert (report.first_refused_at, report.last_refused_at) == (first.at, NOW + timedelta(minutes=9))


async def test_a_refusal_report_counts_the_caller_s_lookups_and_misses_in_its_window(new_uow: NewUow) -> None:
    user, colleague = await an_account(new_uow), await an_account(new_uow)
    agency = an_ft_agency()
    job_seeker = await a_person(new_uow)
    async with new_uow() as uow:
        await uow.organisations.add(agency)
        await uow.commit()
    await lookups_by(new_uow, user, agency.id, found=[job_seeker.id, None, None], at=NOW + timedelta(minutes=1))
    await lookups_by(new_uow, user, agency.id, found=[None], at=NOW - timedelta(minutes=1))  # the hour before
    await lookups_by(new_uow, colleague, agency.id, found=[None], at=NOW + timedelta(minutes=2))
    async with new_uow() as uow:
        await uow.nir_lookup_refusals.record(a_refusal(user, at=NOW + timedelta(minutes=3)))
        await uow.commit()

    async with new_uow() as uow:
        [report] = await uow.nir_lookup_refusals.spent_budgets(after=None, limit=10)

    assert (report.user_id, report.lookups, report.misses) == (user.id, 3, 2)


async def test_refusal_reports_are_newest_first_page_by_page(new_uow: NewUow) -> None:
    users = [await an_account(new_uow) for _ in range(3)]
    refusals = [a_refusal(user, at=NOW + timedelta(minutes=m)) for m, user in enumerate(users)]
    async with new_uow() as uow:
        for refusal in refusals:
            await uow.nir_lookup_refusals.record(refusal)
        await uow.commit()

    async with new_uow() as uow:
        first = await uow.nir_lookup_refusals.spent_budgets(after=None, limit=2)
        rest = await uow.nir_lookup_refusals.spent_budgets(after=(first[-1].first_refused_at, first[-1].id), limit=2)

    assert [r.id for r in first + rest] == [r.id for r in reversed(refusals)]
