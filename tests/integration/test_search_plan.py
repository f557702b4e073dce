"""The searches around a commune use the (latitude, longitude) index and never
scan a whole table, shown with PostgreSQL's query plans on 20,000 companies
and 20,000 postings spread over France like its population (dense cities,
a thinner rest).

The plans are those of the statements the adapter itself builds."""

import json
import math
import random
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Select, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.db import migrations
from adapters.db.engine import make_engine
from adapters.db.repositories.geo import geo_columns
from adapters.db.search import companies_statement, postings_statement
from adapters.db.tables import CompanyRow, JobPostingRow
from domain.companies.companies import CompanyKind
from domain.companies.job_postings import ContractType
from domain.matching.geo import Point, SearchArea
from domain.matching.hits import Cursor, SearchFilters
from tests.integration.fresh_databases import a_fresh_database

pytestmark = [pytest.mark.postgres, pytest.mark.anyio]

ROWS = 20_000
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# City centres that draw half of the rows; the other half is spread over mainland France.
CITIES = [(48.857, 2.352), (45.764, 4.836), (43.296, 5.370), (50.629, 3.057), (43.605, 1.444), (47.218, -1.554)]
PARIS = Point(48.85982, 2.34561)
ROME_CODES = ["N1101", "D1102", "K2204", "F1703", "A1203", "I1203", "G1602", "H2102"]


def places(rng: random.Random) -> Iterator[tuple[float, float]]:
    while True:
        if rng.random() < 0.5:
            latitude, longitude = rng.choice(CITIES)
            yield latitude + rng.gauss(0, 0.15), longitude + rng.gauss(0, 0.2)
        else:
            yield rng.uniform(42.5, 51.0), rng.uniform(-4.5, 7.5)


def company_rows(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for index, (latitude, longitude) in zip(range(ROWS), places(rng), strict=False):
        rows.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128)),
                "siret": f"{index:014d}",
                "kind": rng.choice(list(CompanyKind)).value,
                "name": f"Structure {index}",
                "commune": "75111",
                "city": "Paris",
                "department": f"{rng.randint(1, 95):02d}",
                "latitude": latitude,
                "longitude": longitude,
                **geo_columns(latitude, longitude),
                "is_active": rng.random() < 0.95,
                "block_candidatures": rng.random() < 0.05,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
    return rows


def posting_rows(rng: random.Random, companies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for _ in range(ROWS):
        company = rng.choice(companies)
        rows.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128)),
                "company_id": company["id"],
                "appellation_code": "11679",
                "rome_code": rng.choice(ROME_CODES),
                "contract_type": rng.choice(list(ContractType)).value,
                "commune": company["commune"],
                "city": company["city"],
                "department": company["department"],
                "latitude": company["latitude"],
                "longitude": company["longitude"],
                **{name: company[name] for name in ("geo_x", "geo_y", "geo_z")},
                "open_positions": rng.randint(0, 3),
                "is_active": rng.random() < 0.8,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
    return rows


@pytest.fixture(scope="module")
async def engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AsyncEngine]:
    """A fresh PostgreSQL database holding the national-scale rows, analysed."""
    with a_fresh_database(tmp_path_factory.mktemp("plan")) as url:
        engine = make_engine(url)
        await migrations.upgrade(engine)
        rng = random.Random(20260302)
        companies = company_rows(rng)
        async with engine.begin() as connection:
            await connection.execute(insert(CompanyRow), companies)
            await connection.execute(insert(JobPostingRow), posting_rows(rng, companies))
        async with engine.connect() as connection:
            await connection.exec_driver_sql("ANALYZE companies, job_postings")
            await connection.commit()
        yield engine
        await engine.dispose()


async def plan(engine: AsyncEngine, statement: Select[Any]) -> dict[str, Any]:
    """PostgreSQL's plan for ``statement`` with its parameters bound, as the adapter sends it."""
    async with engine.connect() as connection:
        compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
        result = await connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params)
        document = result.scalar_one()
    tree: dict[str, Any] = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
    return tree


def nodes(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield tree
    for child in tree.get("Plans", []):
        yield from nodes(child)


def seq_scanned(tree: dict[str, Any]) -> set[str]:
    return {node["Relation Name"] for node in nodes(tree) if node["Node Type"] == "Seq Scan"}


def indexes_used(tree: dict[str, Any]) -> set[str]:
    return {node["Index Name"] for node in nodes(tree) if "Index Name" in node}


AREAS = [SearchArea(centre=PARIS, radius_km=km) for km in (5, 25, 100)]
FILTERS = [
    SearchFilters(),
    SearchFilters(rome_codes=frozenset({"N1101"}), contract_types=frozenset({ContractType.FIXED_TERM_I})),
    SearchFilters(kinds=frozenset({CompanyKind.ACI}), department="75"),
]


@pytest.mark.parametrize("area", AREAS, ids=lambda a: f"{a.radius_km:g}km")
@pytest.mark.parametrize("filters", FILTERS, ids=["no-filter", "rome-contract", "kind-department"])
async def test_the_posting_search_uses_the_location_index(
    engine: AsyncEngine, area: SearchArea, filters: SearchFilters
) -> None:
    tree = await plan(engine, postings_statement(area, filters, after=None, limit=21))

    assert "ix_job_postings_latitude_longitude" in indexes_used(tree), json.dumps(tree, indent=1)
    assert seq_scanned(tree) == set(), json.dumps(tree, indent=1)


@pytest.mark.parametrize("area", AREAS, ids=lambda a: f"{a.radius_km:g}km")
@pytest.mark.parametrize("filters", FILTERS, ids=["no-filter", "rome-contract", "kind-department"])
async def test_the_company_search_uses_the_location_index(
    engine: AsyncEngine, area: SearchArea, filters: SearchFilters
) -> None:
    tree = await plan(engine, companies_statement(area, filters, after=None, limit=21))

    assert "ix_companies_latitude_longitude" in indexes_used(tree), json.dumps(tree, indent=1)
    assert seq_scanned(tree) == set(), json.dumps(tree, indent=1)


async def test_a_next_page_uses_the_location_index(engine: AsyncEngine) -> None:
    cursor = Cursor(dot=math.cos(3 / 6371.0088), id=uuid.UUID(int=2**127))
    statement = postings_statement(AREAS[1], SearchFilters(), after=cursor, limit=21)

    tree = await plan(engine, statement)

    assert "ix_job_postings_latitude_longitude" in indexes_used(tree)
    assert seq_scanned(tree) == set()


async def test_matching_candidates_use_the_location_index(engine: AsyncEngine) -> None:
    statement = postings_statement(AREAS[1], SearchFilters(), after=None, limit=200, open_to_candidatures=True)

    tree = await plan(engine, statement)

    assert "ix_job_postings_latitude_longitude" in indexes_used(tree)
    assert seq_scanned(tree) == set()
