"""One contract for the LocatedSearch port, two implementations: the fake of
tests/fakes.py (used by the matching unit tests) and the SQL adapter."""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from api.bootstrap import Container
from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import ContractType, JobPosting
from domain.matching.geo import Point, SearchArea
from domain.matching.hits import Cursor, SearchFilters
from domain.ports.matching import LocatedSearch
from domain.ports.unit_of_work import UnitOfWork
from tests.builders.companies import a_siret
from tests.fakes.matching import FakeLocatedSearch
from tests.fakes.unit_of_work import FakeUnitOfWork

# Marked here, not only by the root conftest: anyio drops the fake/sql parametrisation otherwise.
pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PARIS = Point(48.85982, 2.34561)
AREA = SearchArea(centre=PARIS, radius_km=25)
# (latitude, longitude) of places at growing distances from PARIS; the last is outside AREA.
PLACES = [(48.86007, 2.38156), (48.8125, 2.38722), (48.93184, 2.28801), (48.90361, 2.48464), (48.54213, 2.65525)]
_serial = itertools.count(1)


@dataclass(slots=True)
class Store:
    new_uow: Callable[[], UnitOfWork]
    search: LocatedSearch

    async def company(self, *, at: int = 0, kind: CompanyKind = CompanyKind.EI, **changes: object) -> Company:
        latitude, longitude = PLACES[at]
        company = Company(
            id=uuid4(),
            siret=a_siret(),
            kind=kind,
            name=f"Structure {next(_serial)}",
            address_line="",
            postal_code="75011",
            commune="75111",
            city="Paris",
            department=str(changes.pop("department", "75")),
            latitude=latitude,
            longitude=longitude,
            created_at=NOW,
            updated_at=NOW,
            **changes,  # type: ignore[arg-type]
        )
        uow = self.new_uow()
        async with uow:
            await uow.companies.add(company)
            await uow.commit()
        return company

    async def posting(self, company: Company, *, at: int = 0, **changes: object) -> JobPosting:
        latitude, longitude = PLACES[at]
        values: dict[str, object] = {
            "rome_code": "N1101",
            "contract_type": ContractType.FIXED_TERM_I,
            "open_positions": 1,
            "is_active": True,
            "department": "75",
            **changes,
        }
        posting = JobPosting(
            id=uuid4(),
            company_id=company.id,
            appellation_code="11679",
            title="",
            description="",
            hours_per_week=None,
            commune="75111",
            city="Paris",
            latitude=latitude,
            longitude=longitude,
            created_at=NOW,
            updated_at=NOW,
            **values,  # type: ignore[arg-type]
        )
        uow = self.new_uow()
        async with uow:
            await uow.job_postings.add(posting)
            await uow.commit()
        return posting


@pytest.fixture(params=["fake", "sql"])
def store(request: pytest.FixtureRequest) -> Store:
    if request.param == "fake":
        memory = FakeUnitOfWork()
        return Store(lambda: memory, FakeLocatedSearch(memory))
    container: Container = request.getfixturevalue("container")
    return Store(container.new_uow, container.search)


async def posting_ids(store: Store, filters: SearchFilters | None = None, after: Cursor | None = None) -> list[UUID]:
    hits = await store.search.postings_around(area=AREA, filters=filters or SearchFilters(), after=after, limit=100)
    return [hit.item.posting.id for hit in hits]


async def company_ids(store: Store, filters: SearchFilters | None = None) -> list[UUID]:
    hits = await store.search.companies_around(area=AREA, filters=filters or SearchFilters(), after=None, limit=100)
    return [hit.item.company.id for hit in hits]


# -- postings -------------------------------------------------------------------------


async def test_postings_come_nearest_first_within_the_area(store: Store) -> None:
    company = await store.company()
    far, near, outside, middle = [await store.posting(company, at=at) for at in (3, 0, 4, 1)]

    assert await posting_ids(store) == [near.id, middle.id, far.id]
    assert outside.id not in await posting_ids(store)


async def test_postings_at_one_place_come_by_id(store: Store) -> None:
    company = await store.company()
    postings = [await store.posting(company) for _ in range(4)]

    assert await posting_ids(store) == sorted(p.id for p in postings)


async def test_closed_postings_and_postings_of_inactive_companies_are_not_found(store: Store) -> None:
    active, inactive = await store.company(), await store.company(is_active=False)
    await store.posting(active, is_active=False)
    await store.posting(inactive)

    assert await posting_ids(store) == []


async def test_a_page_is_filled_past_many_postings_of_filtered_out_companies(store: Store) -> None:
    inactive, aci = await store.company(is_active=False), await store.company(kind=CompanyKind.ACI)
    for _ in range(12):
        await store.posting(inactive, at=0)
    for _ in range(12):
        await store.posting(await store.company(kind=CompanyKind.EI), at=1)
    wanted = [await store.posting(aci, at=2) for _ in range(3)]

    hits = await store.search.postings_around(
        area=AREA, filters=SearchFilters(kinds=frozenset({CompanyKind.ACI})), after=None, limit=2
    )

    assert [hit.item.posting.id for hit in hits] == sorted(p.id for p in wanted)[:2]


async def test_the_search_keeps_postings_one_may_not_apply_to(store: Store) -> None:
    blocking = await store.company(block_candidatures=True)
    full = await store.posting(blocking, open_positions=0)

    assert await posting_ids(store) == [full.id]


async def test_postings_after_a_cursor_are_strictly_after_it(store: Store) -> None:
    company = await store.company()
    for at in (0, 0, 0, 1, 2):
        await store.posting(company, at=at)
    hits = await store.search.postings_around(area=AREA, filters=SearchFilters(), after=None, limit=100)
    cursor = Cursor(dot=hits[1].dot, id=hits[1].item.posting.id)

    assert await posting_ids(store, after=cursor) == [hit.item.posting.id for hit in hits[2:]]


async def test_paging_through_a_dense_centre_and_beyond_keeps_the_nearest_first_order(store: Store) -> None:
    # The SQL adapter asks a small disc first when a page may fill it (PLACES[0] is
    # within it, the others are not): pages must read as if it asked the whole area.
    company = await store.company()
    centre = sorted([(await store.posting(company, at=0)).id for _ in range(7)])
    beyond = [(await store.posting(company, at=at)).id for at in (1, 2)]
    seen: list[UUID] = []
    after = None
    while page := await store.search.postings_around(area=AREA, filters=SearchFilters(), after=after, limit=2):
        seen += [hit.item.posting.id for hit in page]
        after = Cursor(dot=page[-1].dot, id=page[-1].item.posting.id)

    across = await store.search.postings_around(area=AREA, filters=SearchFilters(), after=None, limit=8)

    assert seen == [*centre, *beyond]
    assert [hit.item.posting.id for hit in across] == seen[:8]


async def test_postings_are_filtered_by_kind_rome_contract_and_department(store: Store) -> None:
    ei, geiq = await store.company(kind=CompanyKind.EI), await store.company(kind=CompanyKind.GEIQ)
    of_geiq = await store.posting(geiq)
    baker = await store.posting(ei, rome_code="D1102")
    permanent = await store.posting(ei, contract_type=ContractType.PERMANENT)
    in_93 = await store.posting(ei, department="93")

    assert await posting_ids(store, SearchFilters(kinds=frozenset({CompanyKind.GEIQ}))) == [of_geiq.id]
    assert await posting_ids(store, SearchFilters(rome_codes=frozenset({"D1102"}))) == [baker.id]
    assert await posting_ids(store, SearchFilters(contract_types=frozenset({ContractType.PERMANENT}))) == [permanent.id]
    assert await posting_ids(store, SearchFilters(department="93")) == [in_93.id]


async def test_matching_candidates_are_the_postings_one_may_apply_to(store: Store) -> None:
    open_company, blocking = await store.company(), await store.company(block_candidatures=True)
    applicable = await store.posting(open_company, at=1)
    await store.posting(open_company, open_positions=0)
    await store.posting(open_company, is_active=False)
    await store.posting(blocking)

    hits = await store.search.postings_for_matching(area=AREA, filters=SearchFilters(), limit=10)

    assert [hit.item.posting.id for hit in hits] == [applicable.id]


# -- companies ------------------------------------------------------------------------


async def test_companies_come_nearest_first_with_their_active_postings(store: Store) -> None:
    far, near = await store.company(at=2), await store.company(at=0)
    await store.posting(near)
    await store.posting(near, is_active=False)

    hits = await store.search.companies_around(area=AREA, filters=SearchFilters(), after=None, limit=10)

    assert [(hit.item.company.id, hit.item.active_job_postings) for hit in hits] == [(near.id, 1), (far.id, 0)]


async def test_the_nearest_companies_of_a_dense_centre_come_before_the_others(store: Store) -> None:
    farther = await store.company(at=1)
    centre = sorted([(await store.company(at=0)).id for _ in range(3)])

    hits = await store.search.companies_around(area=AREA, filters=SearchFilters(), after=None, limit=2)
    everything = await company_ids(store)

    assert [hit.item.company.id for hit in hits] == centre[:2]
    assert everything == [*centre, farther.id]


async def test_companies_are_found_by_their_active_postings_only(store: Store) -> None:
    hiring, closed = await store.company(), await store.company()
    await store.posting(hiring, rome_code="D1102")
    await store.posting(closed, rome_code="D1102", is_active=False)

    assert await company_ids(store, SearchFilters(rome_codes=frozenset({"D1102"}))) == [hiring.id]


async def test_inactive_companies_are_not_found(store: Store) -> None:
    await store.company(is_active=False)

    assert await company_ids(store) == []


async def test_companies_are_filtered_by_kind_and_department(store: Store) -> None:
    aci = await store.company(kind=CompanyKind.ACI)
    in_93 = await store.company(department="93")

    assert await company_ids(store, SearchFilters(kinds=frozenset({CompanyKind.ACI}))) == [aci.id]
    assert await company_ids(store, SearchFilters(department="93")) == [in_93.id]
