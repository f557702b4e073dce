"""Job postings matched to a job seeker (``GET /job-seekers/{id}/matches``)."""

from datetime import date

from domain.errors import FieldError, RuleViolation
from domain.matching.hits import SearchFilters
from domain.matching.ranking import Match, MatchProfile, rank
from domain.matching.search import MAX_RADIUS_KM, MIN_RADIUS_KM, area_around
from domain.ports.matching import LocatedSearch
from domain.ports.referentials import CommuneReferential

# Candidates are the nearest postings of each pool below; ranking them all
# would read every posting in a dense area for one page of matches.
CANDIDATES_PER_POOL = 200
MAX_MATCHES = 100


class InvalidMatchRequest(RuleViolation):
    code = "invalid-match-request"
    title = "Demande de suggestions invalide"


async def match_postings(
    *,
    search: LocatedSearch,
    communes: CommuneReferential,
    profile: MatchProfile,
    distance_km: float,
    limit: int,
    today: date,
) -> list[Match]:
    """Postings to suggest to a job seeker, best first, each with its ``score``
    (0 to 1) and the ``reasons`` of it.

    - Within ``distance_km`` of his commune; active, with open positions, in a
      company that accepts candidatures; not already applied to (pending).
    - Favours his wished ROME codes, proximity, fresh postings, and employers
      whose kind suits his IAE eligibility (see ``domain/matching/ranking.py``).
    - Candidates are the nearest postings of his wished jobs, of the employer
      kinds that suit him, and of any job (``CANDIDATES_PER_POOL`` each).
    """
    _check(distance_km=distance_km, limit=limit)
    area = area_around(communes, profile.commune, radius_km=distance_km, pointer="/commune")
    pools = [SearchFilters(), SearchFilters(kinds=profile.suited_kinds)]
    if profile.wished_rome_codes:
        pools.append(SearchFilters(rome_codes=profile.wished_rome_codes))
    # Excluded postings are dropped after the query: fetch enough to make up for them.
    per_pool = CANDIDATES_PER_POOL + len(profile.excluded_posting_ids)
    candidates = {}
    for filters in pools:
        for hit in await search.postings_for_matching(area=area, filters=filters, limit=per_pool):
            candidates.setdefault(hit.item.posting.id, hit)
    return rank(candidates.values(), profile=profile, radius_km=distance_km, today=today)[:limit]


def _check(*, distance_km: float, limit: int) -> None:
    problems = []
    if not MIN_RADIUS_KM <= distance_km <= MAX_RADIUS_KM:
        problems.append(FieldError("/query/distance_km", f"must be between {MIN_RADIUS_KM} and {MAX_RADIUS_KM}"))
    if not 1 <= limit <= MAX_MATCHES:
        problems.append(FieldError("/query/limit", f"must be between 1 and {MAX_MATCHES}"))
    if problems:
        raise InvalidMatchRequest("; ".join(f"{p.pointer}: {p.message}" for p in problems), errors=problems)
