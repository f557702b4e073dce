"""The candidature and idempotency-key repositories: one contract for the
fakes and the SQL adapters (see test_repository_contracts.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from api.bootstrap import Container
from domain.candidatures.candidatures import Candidature, HistoryEntry, RefusalReason, Stamp
from domain.candidatures.idempotency import IdempotencyRecord, StoredResponse
from domain.candidatures.listing import NOBODY, CandidatureFilters, Position, Readers
from domain.candidatures.state_machine import CandidatureState, Transition
from domain.candidatures.submission import AlreadyPending
from domain.companies.companies import CompanyKind
from domain.ports.unit_of_work import UnitOfWork
from tests.builders.candidatures import a_candidature_of, a_job_seeker_profile
from tests.integration.test_repository_contracts import an_ft_agency, an_insertion_company

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NewUow = Callable[[], UnitOfWork]
S = CandidatureState


@dataclass(slots=True, frozen=True)
class Place:
    """Two companies, an agency, and two job seekers the agency registered."""

    company_id: UUID
    other_company_id: UUID
    agency_id: UUID
    job_seeker_id: UUID
    other_job_seeker_id: UUID


@pytest.fixture
async def place(new_uow: NewUow) -> Place:
    return await a_place(new_uow)


async def a_place(new_uow: NewUow) -> Place:
    company, other, agency = an_insertion_company(), an_insertion_company(kind=CompanyKind.ACI), an_ft_agency()
    job_seekers = [a_job_seeker_profile(at=NOW, by_organisation_id=agency.id) for _ in range(2)]
    uow = new_uow()
    async with uow:
        await uow.companies.add(company)
        await uow.companies.add(other)
        await uow.organisations.add(agency)
        for job_seeker in job_seekers:
            await uow.job_seekers.add(job_seeker)
        await uow.commit()
    return Place(company.id, other.id, agency.id, job_seekers[0].id, job_seekers[1].id)


async def stored(new_uow: NewUow, *candidatures: Candidature) -> None:
    uow = new_uow()
    async with uow:
        for candidature in candidatures:
            await uow.candidatures.add(candidature)
        await uow.commit()


async def read(new_uow: NewUow, candidature_id: UUID) -> Candidature:
    uow = new_uow()
    async with uow:
        found = await uow.candidatures.get(candidature_id)
    assert found is not None
    return found


def one(place: Place, *, minutes: int = 0, **kwargs: object) -> Candidature:
    return a_candidature_of(
        job_seeker_id=place.job_seeker_id,
        company_id=place.company_id,
        at=NOW + timedelta(minutes=minutes),
        **kwargs,  # type: ignore[arg-type]
    )


# -- storing and reading --------------------------------------------------------


async def test_an_added_candidature_is_read_back_whole(new_uow: NewUow, place: Place) -> None:
    postings = (uuid4(), uuid4())  # never checked by the repository: the use case does
    candidature = one(place, sent_by_organisation_id=place.agency_id, job_posting_ids=postings)
    candidature.refusal_reason, candidature.answer = RefusalReason.OTHER, "Réponse"
    candidature.hiring_start_at, candidature.hiring_end_at = date(2026, 3, 9), date(2026, 9, 8)
    candidature.approval_number = "999990000001"
    await stored(new_uow, candidature)

    found = await read(new_uow, candidature.id)

    assert found == candidature
    assert found.job_posting_ids == postings


async def test_an_unknown_candidature_is_none(new_uow: NewUow, place: Place) -> None:
    await stored(new_uow, one(place))

    uow = new_uow()
    async with uow:
        assert await uow.candidatures.get(uuid4()) is None
        assert await uow.candidatures.get_for_update(uuid4()) is None


async def test_moves_made_on_a_loaded_candidature_are_saved_with_their_history(new_uow: NewUow, place: Place) -> None:
    candidature = one(place)
    await stored(new_uow, candidature)
    for minutes, move in enumerate(("process", "postpone")):
        uow = new_uow()
        async with uow:
            loaded = await uow.candidatures.get_for_update(candidature.id)
            assert loaded is not None
            getattr(loaded, move)(Stamp(actor_id=None, at=NOW + timedelta(minutes=minutes), event_id=uuid4()))
            await uow.commit()

    found = await read(new_uow, candidature.id)

    assert found.state is S.POSTPONED
    assert found.history == [
        HistoryEntry(Transition.PROCESS, S.NEW, S.PROCESSING, None, NOW),
        HistoryEntry(Transition.POSTPONE, S.PROCESSING, S.POSTPONED, None, NOW + timedelta(minutes=1)),
    ]


async def test_one_candidature_loaded_twice_in_a_unit_of_work_is_one_object(new_uow: NewUow, place: Place) -> None:
    candidature = one(place)
    await stored(new_uow, candidature)

    uow = new_uow()
    async with uow:
        first = await uow.candidatures.get(candidature.id)
        second = await uow.candidatures.pending_for(job_seeker_id=place.job_seeker_id, company_id=place.company_id)

    assert first is not None and first is second


async def test_a_candidature_links_its_sender_organisation_and_its_company_to_the_job_seeker(
    new_uow: NewUow, place: Place
) -> None:
    nobody_s = a_job_seeker_profile(at=NOW)  # registered by himself: no link yet
    uow = new_uow()
    async with uow:
        await uow.job_seekers.add(nobody_s)
        await uow.commit()
    from_agency, to_other = one(place, sent_by_organisation_id=place.agency_id), one(place)
    from_agency.job_seeker_id = to_other.job_seeker_id = nobody_s.id
    to_other.company_id = place.other_company_id
    await stored(new_uow, from_agency, to_other)

    uow = new_uow()
    async with uow:
        links = await uow.job_seekers.links(nobody_s.id)

    assert links.organisation_ids == {place.agency_id}
    assert links.company_ids == {place.company_id, place.other_company_id}


# -- pending candidatures -----------------------------------------------------------


async def test_a_second_pending_candidature_to_one_company_is_refused(new_uow: NewUow, place: Place) -> None:
    await stored(new_uow, one(place, state=S.POOL))

    with pytest.raises(AlreadyPending):
        await stored(new_uow, one(place, minutes=1))


async def test_candidatures_no_longer_pending_do_not_count(new_uow: NewUow, place: Place) -> None:
    done = [one(place, minutes=m, state=state) for m, state in enumerate([S.REFUSED, S.ACCEPTED, S.OBSOLETE])]
    pending = one(place, minutes=5, state=S.PRIOR_TO_HIRE)
    await stored(new_uow, *done, pending)

    uow = new_uow()
    async with uow:
        found = await uow.candidatures.pending_for(job_seeker_id=place.job_seeker_id, company_id=place.company_id)
        elsewhere = await uow.candidatures.pending_for(
            job_seeker_id=place.job_seeker_id, company_id=place.other_company_id
        )

    assert (found.id if found else None, elsewhere) == (pending.id, None)


async def test_the_pending_candidatures_of_a_job_seeker_come_in_id_order(new_uow: NewUow, place: Place) -> None:
    here, there = one(place), one(place, state=S.POSTPONED)
    there.company_id = place.other_company_id
    someone_else = one(place)
    someone_else.job_seeker_id = place.other_job_seeker_id
    await stored(new_uow, here, there, someone_else, one(place, state=S.REFUSED))

    uow = new_uow()
    async with uow:
        found = await uow.candidatures.pending_of_job_seeker(place.job_seeker_id)

    assert [c.id for c in found] == sorted([here.id, there.id])


async def test_the_companies_of_a_job_seekers_pending_candidatures_are_listed(new_uow: NewUow, place: Place) -> None:
    here, there = one(place), one(place, state=S.POSTPONED)
    there.company_id = place.other_company_id
    someone_else = one(place)
    someone_else.job_seeker_id = place.other_job_seeker_id
    await stored(new_uow, here, there, someone_else)

    uow = new_uow()
    async with uow:
        found = await uow.candidatures.pending_company_ids(place.job_seeker_id)

    assert found == {place.company_id, place.other_company_id}


async def test_the_candidatures_a_hire_made_obsolete_are_found_by_it(new_uow: NewUow, place: Place) -> None:
    hire, obsolete = one(place, state=S.ACCEPTED), one(place, state=S.OBSOLETE)
    obsolete.company_id, obsolete.obsoleted_by_id = place.other_company_id, hire.id
    await stored(new_uow, hire, obsolete)

    uow = new_uow()
    async with uow:
        found = await uow.candidatures.obsoleted_by(hire.id)

    assert [c.id for c in found] == [obsolete.id]


# -- pages --------------------------------------------------------------------------------


@pytest.fixture
async def listed(new_uow: NewUow, place: Place) -> dict[str, Candidature]:
    """Four candidatures a minute apart: to the company from the agency, to the
    company from the job seeker, to the other company, by the other job seeker."""
    from_agency = one(place, minutes=1, sent_by_organisation_id=place.agency_id)
    by_himself = one(place, minutes=2, state=S.REFUSED)
    elsewhere = one(place, minutes=3, state=S.PROCESSING)
    elsewhere.company_id = place.other_company_id
    other_person = one(place, minutes=4, sent_by_organisation_id=place.agency_id)
    other_person.job_seeker_id = place.other_job_seeker_id
    await stored(new_uow, from_agency, by_himself, elsewhere, other_person)
    return {"from_agency": from_agency, "by_himself": by_himself, "elsewhere": elsewhere, "other_person": other_person}


async def a_page(
    new_uow: NewUow,
    readers: Readers,
    filters: CandidatureFilters | None = None,
    after: Position | None = None,
    limit: int = 10,
) -> list[UUID]:
    uow = new_uow()
    async with uow:
        found = await uow.candidatures.page(
            readers=readers, filters=filters or CandidatureFilters(), after=after, limit=limit
        )
    return [c.id for c in found]


async def test_a_page_is_newest_first(new_uow: NewUow, listed: dict[str, Candidature]) -> None:
    expected = [listed[name].id for name in ("other_person", "elsewhere", "by_himself", "from_agency")]

    assert await a_page(new_uow, Readers(everything=True)) == expected


async def test_a_page_holds_what_the_readers_may_read(
    new_uow: NewUow, place: Place, listed: dict[str, Candidature]
) -> None:
    to_company = await a_page(new_uow, Readers(company_id=place.company_id))
    from_agency = await a_page(new_uow, Readers(organisation_id=place.agency_id))
    his_own = await a_page(new_uow, Readers(job_seeker_id=place.job_seeker_id))

    assert to_company == [listed[name].id for name in ("other_person", "by_himself", "from_agency")]
    assert from_agency == [listed["other_person"].id, listed["from_agency"].id]
    assert his_own == [listed[name].id for name in ("elsewhere", "by_himself", "from_agency")]
    assert await a_page(new_uow, NOBODY) == []


async def test_a_page_is_filtered_by_state_company_and_job_seeker(
    new_uow: NewUow, place: Place, listed: dict[str, Candidature]
) -> None:
    everyone = Readers(everything=True)

    assert await a_page(new_uow, everyone, CandidatureFilters(state=S.REFUSED)) == [listed["by_himself"].id]
    assert await a_page(new_uow, everyone, CandidatureFilters(company_id=place.other_company_id)) == [
        listed["elsewhere"].id
    ]
    assert await a_page(new_uow, everyone, CandidatureFilters(job_seeker_id=place.other_job_seeker_id)) == [
        listed["other_person"].id
    ]


async def test_a_page_resumes_strictly_after_a_position(new_uow: NewUow, listed: dict[str, Candidature]) -> None:
    everyone = Readers(everything=True)
    first = await a_page(new_uow, everyone, limit=2)

    rest = await a_page(new_uow, everyone, after=Position.of(listed["elsewhere"]), limit=2)

    assert first == [listed["other_person"].id, listed["elsewhere"].id]
    assert rest == [listed["by_himself"].id, listed["from_agency"].id]


async def test_candidatures_created_at_the_same_instant_are_ordered_by_id(new_uow: NewUow, place: Place) -> None:
    twins = [one(place, state=S.REFUSED) for _ in range(3)]
    await stored(new_uow, *twins)
    expected = sorted((c.id for c in twins), reverse=True)

    first = await a_page(new_uow, Readers(everything=True), limit=1)
    rest = await a_page(new_uow, Readers(everything=True), after=Position(NOW, first[0]))

    assert first + rest == expected


# -- idempotency keys ----------------------------------------------------------------------


def a_record(*, fingerprint: str = "sha256:aaa", at: datetime = NOW) -> IdempotencyRecord:
    return IdempotencyRecord("user:1", "retry-1", fingerprint, StoredResponse(201, '{"id": "x"}'), at)


async def test_an_idempotency_record_is_stored_and_read_back(new_uow: NewUow) -> None:
    uow = new_uow()
    async with uow:
        assert await uow.idempotency.claim(caller="user:1", key="retry-1")
        await uow.idempotency.put(a_record())
        await uow.commit()

    uow = new_uow()
    async with uow:
        found = await uow.idempotency.get(caller="user:1", key="retry-1")
        other_caller = await uow.idempotency.get(caller="user:2", key="retry-1")

    assert (found, other_caller) == (a_record(), None)


async def test_putting_a_record_again_replaces_it(new_uow: NewUow) -> None:
    later = a_record(fingerprint="sha256:bbb", at=NOW + timedelta(days=2))
    for record in (a_record(), later):
        uow = new_uow()
        async with uow:
            await uow.idempotency.put(record)
            await uow.commit()

    uow = new_uow()
    async with uow:
        assert await uow.idempotency.get(caller="user:1", key="retry-1") == later


# -- the database's own guards (SQL only) ----------------------------------------------------------


@pytest.fixture
def new_sql_uow(container: Container) -> NewUow:
    return container.new_uow


async def test_the_database_refuses_a_move_back_to_pending_beside_another_pending_one(new_sql_uow: NewUow) -> None:
    place = await a_place(new_sql_uow)
    refused, pending = one(place, state=S.REFUSED), one(place, minutes=1)
    await stored(new_sql_uow, refused, pending)

    uow = new_sql_uow()
    with pytest.raises(AlreadyPending):
        async with uow:
            loaded = await uow.candidatures.get(refused.id)
            assert loaded is not None
            loaded.state = S.POOL  # past the use case's own check
            await uow.commit()


async def test_a_claimed_idempotency_key_is_refused_to_other_transactions_until_its_own_ends(
    new_sql_uow: NewUow,
) -> None:
    first, second = new_sql_uow(), new_sql_uow()
    async with first:
        assert await first.idempotency.claim(caller="user:1", key="retry-1")
        async with second:
            assert not await second.idempotency.claim(caller="user:1", key="retry-1")
            assert await second.idempotency.claim(caller="user:1", key="retry-2")
            assert await second.idempotency.claim(caller="user:2", key="retry-1")
        await first.commit()

    for ended in (new_sql_uow(), new_sql_uow()):  # committed, then rolled back: released each time
        async with ended:
            assert await ended.idempotency.claim(caller="user:1", key="retry-1")
