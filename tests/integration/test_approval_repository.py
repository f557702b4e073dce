"""PASS IAE storage: one contract for the fake and SQL repositories, the
number counter, and the uniqueness the business relies on under concurrency."""

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from api.bootstrap import Container
from domain.approvals.approvals import Approval, ApprovalChangedConcurrently
from domain.approvals.eligibility_for_hire import approval_for_hire
from domain.approvals.hires import Employer
from domain.approvals.numbers import PassNumber, PassNumberTaken
from domain.approvals.prolongations import ProlongationAsk, ProlongationReason
from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.companies.companies import Company, CompanyKind
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation
from tests.builders.companies import a_siret
from tests.fakes.system import FixedClock

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NewUow = Callable[[], UnitOfWork]
_sequences = itertools.count(1)


class Ids:
    """Fresh random ids: the SQL store outlives one test's sequence."""

    def new_id(self) -> UUID:
        return uuid4()


ids = Ids()


@dataclass(slots=True, frozen=True)
class Scene:
    company: Company
    agency: PrescriberOrganisation
    job_seeker: JobSeeker
    diagnosis: EligibilityDiagnosis


async def a_scene(new_uow: NewUow) -> Scene:
    company = Company(
        id=uuid4(),
        siret=a_siret(),
        kind=CompanyKind.ACI,
        name="Les Jardins de Vitry",
        address_line="30 avenue Rouget de Lisle",
        postal_code="94400",
        commune="94081",
        city="Vitry-sur-Seine",
        department="94",
        latitude=48.78926,
        longitude=2.3951,
        created_at=NOW,
        updated_at=NOW,
    )
    agency = PrescriberOrganisation(
        uuid4(), a_siret(), OrganisationKind.FT, "France Travail", Habilitation.VALIDATED, NOW
    )
    job_seeker = JobSeeker.register(
        id=uuid4(),
        details=JobSeekerDetails(first_name="Inès", last_name="Haddad"),
        created_by=Creator(user_id=None, organisation_id=agency.id),
        at=NOW,
        event_id=uuid4(),
    )
    diagnosis = EligibilityDiagnosis.by_prescriber(
        id=uuid4(),
        job_seeker_id=job_seeker.id,
        author_user_id=None,
        organisation_id=agency.id,
        criteria=("RSA",),
        at=NOW,
        event_id=uuid4(),
    )
    uow = new_uow()
    async with uow:
        await uow.companies.add(company)
        await uow.organisations.add(agency)
        await uow.job_seekers.add(job_seeker)
        await uow.diagnoses.add(diagnosis)
        await uow.commit()
    return Scene(company, agency, job_seeker, diagnosis)


def an_approval(
    scene: Scene, *, rank: int = 1, start_at: date = date(2026, 3, 2), number: str | None = None
) -> Approval:
    approval = Approval.issue(
        ids=ids,
        number=PassNumber(number) if number else PassNumber.issue(prefix="99999", sequence=next(_sequences)),
        job_seeker_id=scene.job_seeker.id,
        rank=rank,
        hiring_start=start_at,
        diagnosis_id=scene.diagnosis.id,
        company_id=scene.company.id,
        candidature_id=uuid4(),
        at=NOW,
    )
    approval.events.clear()
    return approval


async def stored(new_uow: NewUow, *approvals: Approval) -> None:
    uow = new_uow()
    async with uow:
        for approval in approvals:
            await uow.approvals.add(approval)
        await uow.commit()


async def read_back(new_uow: NewUow, number: str) -> Approval:
    uow = new_uow()
    async with uow:
        found = await uow.approvals.get_by_number(number)
    assert found is not None
    return found


def employer_of(scene: Scene) -> Employer:
    return Employer(scene.company.id, scene.company.kind, None)


# -- reading and writing -------------------------------------------------------


async def test_an_added_approval_is_read_back_by_number_with_its_hire(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    approval = an_approval(scene)
    await stored(new_uow, approval)

    assert await read_back(new_uow, approval.number) == approval


async def test_an_unknown_number_finds_nothing(new_uow: NewUow) -> None:
    uow = new_uow()
    async with uow:
        assert await uow.approvals.get_by_number("999999999999") is None


async def test_suspensions_and_prolongations_are_saved_with_their_approval(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    approval = an_approval(scene)
    await stored(new_uow, approval)

    uow = new_uow()
    async with uow:
        loaded = await uow.approvals.get_by_number(approval.number)
        assert loaded is not None
        request = SuspensionRequest(date(2026, 4, 1), date(2026, 4, 30), SuspensionReason.CONTRACT_BROKEN)
        loaded.suspend(ids=ids, request=request, employer=employer_of(scene), today=date(2026, 4, 1), at=NOW)
        ask = ProlongationAsk(ProlongationReason.RQTH, loaded.end_at + timedelta(days=60), scene.agency.id, "RQTH")
        loaded.request_prolongation(ids=ids, ask=ask, employer=employer_of(scene), age=None, at=NOW)
        await uow.commit()

    found = await read_back(new_uow, approval.number)
    assert found == loaded
    assert (len(found.suspensions), len(found.prolongations), found.version) == (1, 1, 3)


async def test_a_decision_and_a_released_hire_are_saved(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    approval = an_approval(scene)
    ask = ProlongationAsk(ProlongationReason.RQTH, approval.end_at + timedelta(days=60), scene.agency.id)
    prolongation = approval.request_prolongation(ids=ids, ask=ask, employer=employer_of(scene), age=None, at=NOW)
    await stored(new_uow, approval)

    uow = new_uow()
    async with uow:
        loaded = await uow.approvals.get_by_prolongation(prolongation.id)
        assert loaded is not None
        loaded.grant_prolongation(ids=ids, prolongation_id=prolongation.id, by_user_id=None, at=NOW)
        loaded.release_hire(candidature_id=approval.issued_by_candidature_id, at=NOW)
        await uow.commit()

    assert await read_back(new_uow, approval.number) == loaded


async def test_a_suspension_a_hire_ended_before_it_began_is_removed(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    approval = an_approval(scene)
    request = SuspensionRequest(date(2026, 4, 1), date(2026, 4, 30), SuspensionReason.CONTRACT_BROKEN)
    approval.suspend(ids=ids, request=request, employer=employer_of(scene), today=date(2026, 4, 1), at=NOW)
    await stored(new_uow, approval)

    uow = new_uow()
    async with uow:
        loaded = await uow.approvals.get_by_number(approval.number)
        assert loaded is not None
        loaded.reuse_for_hire(
            ids=ids, company_id=scene.company.id, candidature_id=uuid4(), hiring_start=date(2026, 4, 1), at=NOW
        )
        await uow.commit()

    found = await read_back(new_uow, approval.number)
    assert (found.suspensions, len(found.hires), found.end_at) == ([], 2, approval.end_at - timedelta(days=30))


async def test_an_approval_is_found_by_one_of_its_prolongations(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    approval = an_approval(scene)
    ask = ProlongationAsk(ProlongationReason.RQTH, approval.end_at + timedelta(days=60), scene.agency.id)
    prolongation = approval.request_prolongation(ids=ids, ask=ask, employer=employer_of(scene), age=None, at=NOW)
    await stored(new_uow, approval)

    uow = new_uow()
    async with uow:
        found = await uow.approvals.get_by_prolongation(prolongation.id)
        unknown = await uow.approvals.get_by_prolongation(uuid4())

    assert (found and found.id, unknown) == (approval.id, None)


async def test_the_approvals_of_a_job_seeker_come_newest_first(new_uow: NewUow) -> None:
    scene, other = await a_scene(new_uow), await a_scene(new_uow)
    first, second = an_approval(scene, rank=1, start_at=date(2022, 1, 1)), an_approval(scene, rank=2)
    await stored(new_uow, first, second, an_approval(other))

    uow = new_uow()
    async with uow:
        found = await uow.approvals.for_job_seeker(scene.job_seeker.id)

    assert [a.id for a in found] == [second.id, first.id]


async def test_one_approval_loaded_twice_in_a_unit_of_work_is_one_object(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    approval = an_approval(scene)
    await stored(new_uow, approval)

    uow = new_uow()
    async with uow:
        by_number = await uow.approvals.get_by_number(approval.number)
        (by_person,) = await uow.approvals.for_job_seeker(scene.job_seeker.id)

    assert by_number is by_person


async def test_a_number_is_given_once(new_uow: NewUow) -> None:
    scene, other = await a_scene(new_uow), await a_scene(new_uow)
    await stored(new_uow, an_approval(scene, number="999990000777"))

    with pytest.raises(PassNumberTaken):
        await stored(new_uow, an_approval(other, number="999990000777"))


async def test_a_person_gets_one_approval_per_rank(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    await stored(new_uow, an_approval(scene, rank=1))

    with pytest.raises(ApprovalChangedConcurrently):
        await stored(new_uow, an_approval(scene, rank=1))


# -- the number counter --------------------------------------------------------


async def next_sequences(new_uow: NewUow, prefix: str, count: int, *, commit: bool = True) -> list[int]:
    uow = new_uow()
    async with uow:
        values = [await uow.pass_numbers.next_sequence(prefix) for _ in range(count)]
        if commit:
            await uow.commit()
    return values


async def test_sequences_of_a_prefix_follow_each_other_from_one(new_uow: NewUow) -> None:
    assert await next_sequences(new_uow, "ABCDE", 3) == [1, 2, 3]
    assert await next_sequences(new_uow, "ABCDE", 1) == [4]


async def test_each_prefix_counts_on_its_own(new_uow: NewUow) -> None:
    await next_sequences(new_uow, "AAAAA", 2)

    assert await next_sequences(new_uow, "BBBBB", 1) == [1]


async def test_a_sequence_taken_in_a_rolled_back_transaction_is_taken_again(new_uow: NewUow) -> None:
    await next_sequences(new_uow, "CCCCC", 1)
    await next_sequences(new_uow, "CCCCC", 1, commit=False)

    assert await next_sequences(new_uow, "CCCCC", 1) == [2]


# -- SQL only: concurrency -----------------------------------------------------


async def test_two_concurrent_changes_of_one_approval_conflict(container: Container) -> None:
    new_uow = container.new_uow
    scene = await a_scene(new_uow)
    approval = an_approval(scene)
    await stored(new_uow, approval)
    first, second = new_uow(), new_uow()
    request = SuspensionRequest(date(2026, 4, 1), date(2026, 4, 30), SuspensionReason.CONTRACT_BROKEN)
    other = SuspensionRequest(date(2026, 4, 15), date(2026, 5, 15), SuspensionReason.CONTRACT_BROKEN)

    async with first, second:
        mine, theirs = (
            await first.approvals.get_by_number(approval.number),
            await second.approvals.get_by_number(approval.number),
        )
        assert mine is not None and theirs is not None
        mine.suspend(ids=ids, request=request, employer=employer_of(scene), today=date(2026, 4, 1), at=NOW)
        theirs.suspend(ids=ids, request=other, employer=employer_of(scene), today=date(2026, 4, 1), at=NOW)
        await first.commit()
        with pytest.raises(ApprovalChangedConcurrently):
            await second.commit()

    assert len((await read_back(new_uow, approval.number)).suspensions) == 1


async def hire(container: Container, scene: Scene) -> str:
    uow = container.new_uow()
    async with uow:
        hired = await approval_for_hire(
            uow=uow,
            job_seeker=scene.job_seeker,
            company=scene.company,
            hiring_start=date(2026, 3, 2),
            candidature_id=uuid4(),
            prefix="77777",
            ids=ids,
            clock=FixedClock(NOW),
        )
        await uow.commit()
    assert hired.approval is not None
    return hired.approval.number


@pytest.mark.postgres
async def test_concurrent_hires_get_distinct_consecutive_numbers(container: Container) -> None:
    scenes = [await a_scene(container.new_uow) for _ in range(200)]

    numbers = await asyncio.gather(*(hire(container, scene) for scene in scenes))

    assert sorted(numbers) == [f"77777{sequence:07d}" for sequence in range(1, 201)]


@pytest.mark.postgres
async def test_two_concurrent_hires_of_one_person_issue_one_approval(container: Container) -> None:
    scene = await a_scene(container.new_uow)

    outcomes = await asyncio.gather(hire(container, scene), hire(container, scene), return_exceptions=True)

    # Overlapping, the later commit is refused; one after the other, the
    # second hire reuses the PASS the first issued. Never two PASS.
    numbers = {o for o in outcomes if isinstance(o, str)}
    refused = [o for o in outcomes if not isinstance(o, str)]
    assert all(isinstance(error, ApprovalChangedConcurrently) for error in refused), refused
    assert len(numbers) == 1 and len(refused) <= 1
    uow = container.new_uow()
    async with uow:
        [approval] = await uow.approvals.for_job_seeker(scene.job_seeker.id)
    assert numbers == {approval.number}
