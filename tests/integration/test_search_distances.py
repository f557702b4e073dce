"""The SQL search measures the same distances as an independent haversine.

The adapter ranks by the dot product of unit vectors (domain/matching/geo.py);
here the expected distances are recomputed from the commune coordinates with
the haversine formula, written out again so that a shared mistake cannot
hide. Runs on SQLite and on PostgreSQL like the rest of the suite."""

import math

import pytest

from api.bootstrap import Container
from domain.matching.geo import Point, SearchArea
from domain.matching.hits import SearchFilters
from domain.referentials.communes import Commune
from tests.builders.companies import a_company, a_job_posting

PLACES = [
    "75111", "75115", "75118", "92012", "92050", "93048", "93066", "94028", "94081", "95018", "78646",
    "78498", "91228", "91377", "77288", "77284", "60057", "27229", "51454", "45234", "69123", "69266",
    "69259", "38185", "42218", "01053", "13055", "13001", "83137", "84007", "30189", "34172",
]  # fmt: skip
CENTRES = ["75056", "69123", "13055", "77288"]
RADIUS_KM = 100
# Marked here too, or anyio drops the parametrisation (see test_repository_contracts.py).
pytestmark = pytest.mark.anyio


def haversine_km(a: Commune, b: Commune) -> float:
    earth_radius_km = 6371.0088
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    d_phi, d_lambda = phi2 - phi1, math.radians(b.longitude - a.longitude)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * earth_radius_km * math.asin(math.sqrt(h))


def commune(container: Container, code: str) -> Commune:
    found = container.referentials.communes.get(code)
    assert found is not None
    return found


def around(container: Container, centre: str) -> SearchArea:
    place = commune(container, centre)
    return SearchArea(centre=Point(place.latitude, place.longitude), radius_km=RADIUS_KM)


def expected(container: Container, centre: str) -> list[tuple[str, float]]:
    """(commune, km) of every place within the radius, nearest first."""
    distances = [(code, haversine_km(commune(container, centre), commune(container, code))) for code in PLACES]
    # No place sits on the boundary, where rounding could decide either way.
    assert all(abs(km - RADIUS_KM) > 0.1 for _, km in distances)
    return sorted(((code, km) for code, km in distances if km <= RADIUS_KM), key=lambda pair: pair[1])


@pytest.mark.parametrize("centre", CENTRES)
async def test_companies_found_are_those_within_the_haversine_distance(container: Container, centre: str) -> None:
    for code in PLACES:
        await a_company(container, commune=code)

    hits = await container.search.companies_around(
        area=around(container, centre), filters=SearchFilters(), after=None, limit=100
    )

    found = [(hit.item.company.commune, hit.distance_km) for hit in hits]
    assert found == [(code, pytest.approx(km, abs=0.005)) for code, km in expected(container, centre)]


@pytest.mark.parametrize("centre", CENTRES)
async def test_postings_found_are_those_within_the_haversine_distance(container: Container, centre: str) -> None:
    employer = await a_company(container)
    for code in PLACES:
        await a_job_posting(container, employer, commune=code)

    hits = await container.search.postings_around(
        area=around(container, centre), filters=SearchFilters(), after=None, limit=100
    )

    found = [(hit.item.posting.commune, hit.distance_km) for hit in hits]
    assert found == [(code, pytest.approx(km, abs=0.005)) for code, km in expected(container, centre)]
