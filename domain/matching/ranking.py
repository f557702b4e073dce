"""Ranking job postings for a job seeker: the weights, and the reasons given.

A match's score is a weighted sum of four factors, each between 0 and 1; the
weights add up to 1, so the score does too. Every factor that counts in a
posting's favour is explained by a short French reason.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.companies.companies import SUBJECT_TO_ELIGIBILITY, CompanyKind
from domain.companies.job_postings import PostingCard
from domain.matching.hits import Located


@dataclass(slots=True, frozen=True)
class MatchWeights:
    """How much each factor counts in the score (they add up to 1)."""

    wished_job: float = 0.40  # the posting's ROME code is one he wishes
    proximity: float = 0.30  # 1 at his commune's centre, 0 at the search distance
    freshness: float = 0.15  # 1 for FRESH_DAYS, then down to 0 at STALE_DAYS
    employer_kind: float = 0.15  # a company whose kind suits his eligibility

    def __post_init__(self) -> None:
        values = (self.wished_job, self.proximity, self.freshness, self.employer_kind)
        if min(values) < 0 or not math.isclose(sum(values), 1.0):
            raise ValueError(f"match weights must be non-negative and add up to 1, not {values}")


WEIGHTS = MatchWeights()
FRESH_DAYS = 7
STALE_DAYS = 60

WISHED_JOB = "Métier recherché"
FRESH = f"Publiée il y a moins de {FRESH_DAYS} jours"
IAE_EMPLOYER = "Structure d'insertion : votre éligibilité IAE y ouvre l'embauche"
NON_IAE_EMPLOYER = "Employeur inclusif, sans condition d'éligibilité IAE"
NEXT_DOOR = "À moins d'1 km"


# Asked once per candidate posting when ranking: built once.
_OUTSIDE_THE_IAE = frozenset(CompanyKind) - SUBJECT_TO_ELIGIBILITY


@dataclass(slots=True, frozen=True)
class MatchProfile:
    """What matching knows of a job seeker. ``eligible_for_iae``: he holds a
    valid eligibility diagnosis or PASS IAE, so SIAE may hire him; without
    it, employers outside the IAE (GEIQ, EA…) come first. Postings he already
    has a pending candidature for, or in a company he has one with, are left out."""

    commune: str
    wished_rome_codes: frozenset[str] = frozenset()
    eligible_for_iae: bool = False
    excluded_posting_ids: frozenset[UUID] = frozenset()
    excluded_company_ids: frozenset[UUID] = frozenset()

    @property
    def suited_kinds(self) -> frozenset[CompanyKind]:
        return SUBJECT_TO_ELIGIBILITY if self.eligible_for_iae else _OUTSIDE_THE_IAE

    def excludes(self, card: PostingCard) -> bool:
        return card.posting.id in self.excluded_posting_ids or card.company.id in self.excluded_company_ids


@dataclass(slots=True, frozen=True)
class Match:
    card: PostingCard
    distance_km: float
    score: float
    reasons: tuple[str, ...]


def rank(
    hits: Iterable[Located[PostingCard]],
    *,
    profile: MatchProfile,
    radius_km: float,
    today: date,
    weights: MatchWeights = WEIGHTS,
) -> list[Match]:
    """The postings the profile does not exclude, best score first (then the
    nearest, then by id, so that the order is stable)."""
    scored = [
        (_score(hit, profile=profile, radius_km=radius_km, today=today, weights=weights), hit)
        for hit in hits
        if not profile.excludes(hit.item)
    ]
    scored.sort(key=lambda pair: (-pair[0][0], -pair[1].dot, pair[1].item.posting.id))
    return [
        Match(card=hit.item, distance_km=hit.distance_km, score=round(score, 3), reasons=reasons)
        for (score, reasons), hit in scored
    ]


def _score(
    hit: Located[PostingCard], *, profile: MatchProfile, radius_km: float, today: date, weights: MatchWeights
) -> tuple[float, tuple[str, ...]]:
    posting, company = hit.item.posting, hit.item.company
    wished = posting.rome_code in profile.wished_rome_codes
    suited = company.kind in profile.suited_kinds
    age_days = (today - posting.created_at.date()).days
    distance = hit.distance_km
    score = (
        weights.wished_job * wished
        + weights.proximity * proximity(distance, radius_km)
        + weights.freshness * freshness(age_days)
        + weights.employer_kind * suited
    )
    reasons = [WISHED_JOB] if wished else []
    reasons.append(distance_reason(distance))
    if age_days <= FRESH_DAYS:
        reasons.append(FRESH)
    if suited:
        reasons.append(IAE_EMPLOYER if profile.eligible_for_iae else NON_IAE_EMPLOYER)
    return min(1.0, max(0.0, score)), tuple(reasons)


def proximity(distance_km: float, radius_km: float) -> float:
    return min(1.0, max(0.0, 1 - distance_km / radius_km))


def freshness(age_days: int) -> float:
    if age_days <= FRESH_DAYS:
        return 1.0
    return max(0.0, (STALE_DAYS - age_days) / (STALE_DAYS - FRESH_DAYS))


def distance_reason(distance_km: float) -> str:
    if distance_km < 1:
        return NEXT_DOOR
    return f"À {math.floor(distance_km + 0.5)} km"
