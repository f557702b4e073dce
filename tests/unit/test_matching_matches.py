"""match_postings: the candidates it ranks for a job seeker, on the in-memory fakes."""

import itertools

import pytest

from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import ContractType, JobPosting
from domain.matching import matches
from domain.matching.matches import InvalidMatchRequest, match_postings
from domain.matching.ranking import Match, MatchProfile
from domain.matching.search import UnknownCommune
from domain.referentials.communes import Commune
from tests.fakes.matching import FakeLocatedSearch
from tests.fakes.referentials import FakeCommunes
from tests.fakes.system import FixedClock, SequentialIds
from tests.fakes.unit_of_work import FakeUnitOfWork

# Marked here too, or anyio drops the parametrisation (see test_repository_contracts.py).
pytestmark = pytest.mark.anyio

CLOCK = FixedClock()
TODAY = CLOCK.now().date()
PARIS = Commune("75056", "Paris", "75", ("75001",), 48.85982, 2.34561, 2_133_111)
PLACES = {
    "paris-11": Commune("75111", "Paris 11e Arrondissement", "75", ("75011",), 48.86007, 2.38156, 142_583),
    "ivry": Commune("94041", "Ivry-sur-Seine", "94", ("94200",), 48.8125, 2.38722, 64_001),
    "bondy": Commune("93010", "Bondy", "93", ("93140",), 48.90361, 2.48464, 52_905),
    "melun": Commune("77288", "Melun", "77", ("77000",), 48.54213, 2.65525, 42_367),
}
COMMUNES = FakeCommunes(PARIS, *PLACES.values())
_serial = itertools.count(1)
IDS = SequentialIds()


@pytest.fixture
def store() -> FakeUnitOfWork:
    return FakeUnitOfWork()


async def a_company(store: FakeUnitOfWork, *, kind: CompanyKind = CompanyKind.EI, **changes: object) -> Company:
    place = PLACES["paris-11"]
    company = Company(
        id=IDS.new_id(),
        siret=f"780{next(_serial):011d}",
        kind=kind,
        name=f"Structure {kind}",
        address_line="",
        postal_code=place.postal_codes[0],
        commune=place.insee_code,
        city=place.name,
        department=place.department,
        latitude=place.latitude,
        longitude=place.longitude,
        created_at=CLOCK.now(),
        updated_at=CLOCK.now(),
        **changes,  # type: ignore[arg-type]
    )
    async with store:
        await store.companies.add(company)
        await store.commit()
    return company


async def a_posting(
    store: FakeUnitOfWork,
    company: Company,
    *,
    at: str = "paris-11",
    rome_code: str = "N1101",
    open_positions: int = 1,
    is_active: bool = True,
) -> JobPosting:
    place = PLACES[at]
    posting = JobPosting(
        id=IDS.new_id(),
        company_id=company.id,
        appellation_code="11679",
        rome_code=rome_code,
        title="",
        description="",
        contract_type=ContractType.FIXED_TERM_I,
        hours_per_week=None,
        commune=place.insee_code,
        city=place.name,
        department=place.department,
        latitude=place.latitude,
        longitude=place.longitude,
        open_positions=open_positions,
        is_active=is_active,
        created_at=CLOCK.now(),
        updated_at=CLOCK.now(),
    )
    async with store:
        await store.job_postings.add(posting)
        await store.commit()
    return posting


async def matched(
    store: FakeUnitOfWork, profile: MatchProfile | None = None, *, distance_km: float = 25, limit: int = 20
) -> list[Match]:
    return await match_postings(
        search=FakeLocatedSearch(store),
        communes=COMMUNES,
        profile=profile or MatchProfile(commune=PARIS.insee_code),
        distance_km=distance_km,
        limit=limit,
        today=TODAY,
    )


def ids(found: list[Match]) -> list[object]:
    return [match.card.posting.id for match in found]


async def test_postings_beyond_the_distance_are_not_suggested(store: FakeUnitOfWork) -> None:
    company = await a_company(store)
    near = await a_posting(store, company, at="ivry")
    await a_posting(store, company, at="melun")

    assert ids(await matched(store, distance_km=25)) == [near.id]


async def test_postings_without_open_positions_are_not_suggested(store: FakeUnitOfWork) -> None:
    company = await a_company(store)
    await a_posting(store, company, open_positions=0)

    assert await matched(store) == []


async def test_closed_postings_are_not_suggested(store: FakeUnitOfWork) -> None:
    company = await a_company(store)
    await a_posting(store, company, is_active=False)

    assert await matched(store) == []


async def test_postings_of_a_company_blocking_candidatures_are_not_suggested(store: FakeUnitOfWork) -> None:
    blocking = await a_company(store, block_candidatures=True)
    await a_posting(store, blocking)

    assert await matched(store) == []


async def test_postings_already_applied_to_are_not_suggested(store: FakeUnitOfWork) -> None:
    company = await a_company(store)
    applied, other = await a_posting(store, company), await a_posting(store, company)
    profile = MatchProfile(commune=PARIS.insee_code, excluded_posting_ids=frozenset({applied.id}))

    assert ids(await matched(store, profile)) == [other.id]


async def test_the_best_matches_come_first_up_to_the_limit(store: FakeUnitOfWork) -> None:
    company = await a_company(store)
    far, nearest, wished = (
        await a_posting(store, company, at="bondy"),
        await a_posting(store, company, at="paris-11"),
        await a_posting(store, company, at="ivry", rome_code="D1102"),
    )
    profile = MatchProfile(commune=PARIS.insee_code, wished_rome_codes=frozenset({"D1102"}))

    found = await matched(store, profile, limit=2)

    assert ids(found) == [wished.id, nearest.id]
    assert far.id not in ids(found)


async def test_a_wished_job_beyond_the_nearest_candidates_is_still_found(
    store: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matches, "CANDIDATES_PER_POOL", 2)
    company = await a_company(store)
    for _ in range(3):
        await a_posting(store, company, at="paris-11")
    wished = await a_posting(store, company, at="bondy", rome_code="D1102")
    profile = MatchProfile(commune=PARIS.insee_code, wished_rome_codes=frozenset({"D1102"}))

    assert ids(await matched(store, profile))[0] == wished.id


async def test_a_suited_employer_beyond_the_nearest_candidates_is_still_found(
    store: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matches, "CANDIDATES_PER_POOL", 2)
    siae, geiq = await a_company(store, kind=CompanyKind.EI), await a_company(store, kind=CompanyKind.GEIQ)
    for _ in range(3):
        await a_posting(store, siae, at="paris-11")
    outside_iae = await a_posting(store, geiq, at="ivry")

    found = await matched(store, MatchProfile(commune=PARIS.insee_code, eligible_for_iae=False))

    assert outside_iae.id in ids(found)


async def test_an_unknown_commune_is_refused(store: FakeUnitOfWork) -> None:
    with pytest.raises(UnknownCommune):
        await matched(store, MatchProfile(commune="99999"))


@pytest.mark.parametrize("distance_km", [0, 101])
async def test_a_distance_outside_1_to_100_km_is_refused(store: FakeUnitOfWork, distance_km: float) -> None:
    with pytest.raises(InvalidMatchRequest) as refused:
        await matched(store, distance_km=distance_km)

    assert [error.pointer for error in refused.value.errors] == ["/query/distance_km"]


@pytest.mark.parametrize("limit", [0, 101])
async def test_a_limit_outside_1_to_100_is_refused(store: FakeUnitOfWork, limit: int) -> None:
    with pytest.raises(InvalidMatchRequest) as refused:
        await matched(store, limit=limit)

    assert [error.pointer for error in refused.value.errors] == ["/query/limit"]
