from typing import Annotated

from fastapi import Depends, Query

from api.http.pagination import decode_cursor
from api.http.schemas.common import Code
from domain.companies.companies import CompanyKind
from domain.companies.job_postings import ContractType
from domain.matching.search import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, MIN_RADIUS_KM, Around, SearchFilters

COMMUNE_QUERY = Query(
    pattern=r"^[0-9][0-9AB][0-9]{3}$", examples=["75056"], description="INSEE code of the commune searched around"
)


async def around_query(
    commune: Annotated[Code, COMMUNE_QUERY],
    distance_km: Annotated[float, Query(ge=MIN_RADIUS_KM, le=MAX_RADIUS_KM)] = DEFAULT_RADIUS_KM,
    kind: Annotated[list[CompanyKind] | None, Query(description="Company kinds (repeat)")] = None,
    rome: Annotated[list[Code] | None, Query(description="ROME codes (repeat)", examples=[["K2204"]])] = None,
    contract_type: Annotated[list[ContractType] | None, Query(description="Contract types (repeat)")] = None,
    department: Annotated[Code | None, Query(pattern=r"^(\d{2,3}|2A|2B)$")] = None,
    cursor: Annotated[Code | None, Query(description="The `next` link's cursor")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Around:
    """The query parameters shared by the searches around a commune (``async``:
    FastAPI runs a plain function dependency in its thread pool, on every request)."""
    filters = SearchFilters(
        kinds=frozenset(kind or []),
        rome_codes=frozenset(code.upper() for code in rome or []),
        contract_types=frozenset(contract_type or []),
        department=department,
    )
    return Around(commune=commune, radius_km=distance_km, filters=filters, after=decode_cursor(cursor), limit=limit)


AroundDep = Annotated[Around, Depends(around_query)]
