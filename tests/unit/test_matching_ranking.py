"""How postings are scored and explained for a job seeker (domain/matching/ranking.py)."""

import math
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.companies.companies import SUBJECT_TO_ELIGIBILITY, Company, CompanyKind
from domain.companies.job_postings import ContractType, JobPosting, PostingCard
from domain.matching.geo import EARTH_RADIUS_KM
from domain.matching.hits import Located
from domain.matching.ranking import (
    FRESH,
    IAE_EMPLOYER,
    NEXT_DOOR,
    NON_IAE_EMPLOYER,
    STALE_DAYS,
    WEIGHTS,
    WISHED_JOB,
    MatchProfile,
    MatchWeights,
    rank,
)

TODAY = date(2026, 3, 2)
RADIUS_KM = 25
BAKER = "D1102"


def a_hit(
    *,
    rome_code: str = "N1101",
    kind: CompanyKind = CompanyKind.EI,
    distance_km: float = 5.0,
    age_days: int = 30,
    posting_id: uuid.UUID | None = None,
    company_id: uuid.UUID | None = None,
) -> Located[PostingCard]:
    """A posting found ``distance_km`` away, published ``age_days`` before TODAY."""
    published = datetime(TODAY.year, TODAY.month, TODAY.day, 8, tzinfo=UTC) - timedelta(days=age_days)
    company = Company(
        id=company_id or uuid.uuid4(),
        siret="78000010500012",
        kind=kind,
        name="Recyclerie",
        address_line="",
        postal_code="75011",
        commune="75111",
        city="Paris 11e Arrondissement",
        department="75",
        latitude=48.86,
        longitude=2.38,
        created_at=published,
        updated_at=published,
    )
    posting = JobPosting(
        id=posting_id or uuid.uuid4(),
        company_id=company.id,
        appellation_code="11679",
        rome_code=rome_code,
        title="",
        description="",
        contract_type=ContractType.FIXED_TERM_I,
        hours_per_week=None,
        commune="75111",
        city="Paris 11e Arrondissement",
        department="75",
        latitude=48.86,
        longitude=2.38,
        open_positions=1,
        is_active=True,
        created_at=published,
        updated_at=published,
    )
    return Located(PostingCard(posting, company), math.cos(distance_km / EARTH_RADIUS_KM))


def a_profile(**overrides: object) -> MatchProfile:
    return MatchProfile(**{"commune": "75056", "wished_rome_codes": frozenset({BAKER}), **overrides})  # type: ignore[arg-type]


def score_of(hit: Located[PostingCard], profile: MatchProfile | None = None) -> float:
    (match,) = rank([hit], profile=profile or a_profile(), radius_km=RADIUS_KM, today=TODAY)
    return match.score


def reasons_of(hit: Located[PostingCard], profile: MatchProfile | None = None) -> tuple[str, ...]:
    (match,) = rank([hit], profile=profile or a_profile(), radius_km=RADIUS_KM, today=TODAY)
    return match.reasons


# -- the weights ----------------------------------------------------------------------


def test_the_weights_add_up_to_one() -> None:
    assert math.isclose(WEIGHTS.wished_job + WEIGHTS.proximity + WEIGHTS.freshness + WEIGHTS.employer_kind, 1)


def test_weights_that_do_not_add_up_to_one_are_refused() -> None:
    with pytest.raises(ValueError, match="add up to 1"):
        MatchWeights(wished_job=0.5, proximity=0.5, freshness=0.5, employer_kind=0)


def test_a_negative_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        MatchWeights(wished_job=1.2, proximity=-0.2, freshness=0, employer_kind=0)


# -- one reason, one weight ---------------------------------------------------------


def test_a_wished_job_is_a_reason() -> None:
    assert WISHED_JOB in reasons_of(a_hit(rome_code=BAKER))
    assert WISHED_JOB not in reasons_of(a_hit(rome_code="N1101"))


def test_a_wished_job_adds_its_weight() -> None:
    gain = score_of(a_hit(rome_code=BAKER)) - score_of(a_hit(rome_code="N1101"))

    assert gain == pytest.approx(WEIGHTS.wished_job, abs=0.001)


@pytest.mark.parametrize(("distance_km", "reason"), [(0.4, NEXT_DOOR), (2.6, "À 3 km"), (12.5, "À 13 km")])
def test_the_distance_is_a_reason_rounded_to_the_km(distance_km: float, reason: str) -> None:
    assert reason in reasons_of(a_hit(distance_km=distance_km))


def test_proximity_adds_its_weight_from_the_edge_to_the_centre() -> None:
    gain = score_of(a_hit(distance_km=0)) - score_of(a_hit(distance_km=RADIUS_KM))

    assert gain == pytest.approx(WEIGHTS.proximity, abs=0.001)


def test_proximity_falls_in_proportion_to_the_distance() -> None:
    gain = score_of(a_hit(distance_km=0)) - score_of(a_hit(distance_km=RADIUS_KM / 2))

    assert gain == pytest.approx(WEIGHTS.proximity / 2, abs=0.001)


@pytest.mark.parametrize(("age_days", "fresh"), [(0, True), (7, True), (8, False)])
def test_a_posting_of_the_last_7_days_is_said_fresh(age_days: int, fresh: bool) -> None:
    assert (FRESH in reasons_of(a_hit(age_days=age_days))) is fresh


def test_freshness_adds_its_weight_until_the_posting_is_stale() -> None:
    gain = score_of(a_hit(age_days=1)) - score_of(a_hit(age_days=STALE_DAYS))

    assert gain == pytest.approx(WEIGHTS.freshness, abs=0.001)


def test_freshness_fades_between_a_week_and_staleness() -> None:
    halfway = (7 + STALE_DAYS) // 2
    fresh, faded, stale = (score_of(a_hit(age_days=age)) for age in (7, halfway, STALE_DAYS))

    assert fresh > faded > stale
    assert score_of(a_hit(age_days=STALE_DAYS + 100)) == stale


@pytest.mark.parametrize("kind", sorted(SUBJECT_TO_ELIGIBILITY))
def test_an_eligible_job_seeker_is_told_an_siae_may_hire_him(kind: CompanyKind) -> None:
    assert IAE_EMPLOYER in reasons_of(a_hit(kind=kind), a_profile(eligible_for_iae=True))


def test_an_siae_adds_its_weight_for_an_eligible_job_seeker() -> None:
    eligible = a_profile(eligible_for_iae=True)

    gain = score_of(a_hit(kind=CompanyKind.ACI), eligible) - score_of(a_hit(kind=CompanyKind.GEIQ), eligible)

    assert gain == pytest.approx(WEIGHTS.employer_kind, abs=0.001)


@pytest.mark.parametrize("kind", [CompanyKind.GEIQ, CompanyKind.EA, CompanyKind.EATT, CompanyKind.OPCS])
def test_a_job_seeker_without_eligibility_is_told_an_employer_needs_none(kind: CompanyKind) -> None:
    reasons = reasons_of(a_hit(kind=kind), a_profile(eligible_for_iae=False))

    assert NON_IAE_EMPLOYER in reasons
    assert IAE_EMPLOYER not in reasons


def test_employers_outside_the_iae_add_their_weight_without_eligibility() -> None:
    not_eligible = a_profile(eligible_for_iae=False)

    gain = score_of(a_hit(kind=CompanyKind.GEIQ), not_eligible) - score_of(a_hit(kind=CompanyKind.EI), not_eligible)

    assert gain == pytest.approx(WEIGHTS.employer_kind, abs=0.001)


def test_an_siae_gives_no_kind_reason_without_eligibility() -> None:
    reasons = reasons_of(a_hit(kind=CompanyKind.EI), a_profile(eligible_for_iae=False))

    assert not {IAE_EMPLOYER, NON_IAE_EMPLOYER} & set(reasons)


# -- bounds and order -------------------------------------------------------------------


def test_a_posting_with_every_reason_scores_one() -> None:
    perfect = a_hit(rome_code=BAKER, kind=CompanyKind.ACI, distance_km=0, age_days=0)

    assert score_of(perfect, a_profile(eligible_for_iae=True)) == 1.0


def test_a_posting_with_no_reason_but_the_distance_scores_zero() -> None:
    worst = a_hit(rome_code="N1101", kind=CompanyKind.ACI, distance_km=RADIUS_KM, age_days=STALE_DAYS)

    assert score_of(worst, a_profile(eligible_for_iae=False)) == 0.0


@given(
    wished=st.booleans(),
    kind=st.sampled_from(list(CompanyKind)),
    distance_km=st.floats(min_value=0, max_value=RADIUS_KM),
    age_days=st.integers(min_value=-3, max_value=400),
    eligible=st.booleans(),
)
def test_every_score_is_between_zero_and_one(
    wished: bool, kind: CompanyKind, distance_km: float, age_days: int, eligible: bool
) -> None:
    hit = a_hit(rome_code=BAKER if wished else "N1101", kind=kind, distance_km=distance_km, age_days=age_days)

    assert 0 <= score_of(hit, a_profile(eligible_for_iae=eligible)) <= 1


@given(st.lists(st.tuples(st.booleans(), st.floats(0, RADIUS_KM), st.integers(0, 90)), min_size=2, max_size=12))
def test_matches_come_best_score_first(postings: list[tuple[bool, float, int]]) -> None:
    hits = [a_hit(rome_code=BAKER if w else "N1101", distance_km=d, age_days=a) for w, d, a in postings]

    scores = [m.score for m in rank(hits, profile=a_profile(), radius_km=RADIUS_KM, today=TODAY)]

    assert scores == sorted(scores, reverse=True)


def test_equal_scores_keep_a_stable_order_by_id() -> None:
    second, first = a_hit(posting_id=uuid.UUID(int=2)), a_hit(posting_id=uuid.UUID(int=1))

    ranked = rank([second, first], profile=a_profile(), radius_km=RADIUS_KM, today=TODAY)

    assert [m.card.posting.id for m in ranked] == [uuid.UUID(int=1), uuid.UUID(int=2)]


def test_a_wished_job_outranks_a_nearer_fresher_one() -> None:
    wished = a_hit(rome_code=BAKER, distance_km=20, age_days=30)
    other = a_hit(rome_code="N1101", distance_km=1, age_days=0)

    ranked = rank([other, wished], profile=a_profile(), radius_km=RADIUS_KM, today=TODAY)

    assert ranked[0].card.posting.id == wished.item.posting.id


# -- exclusions -----------------------------------------------------------------------------


def test_postings_with_a_pending_candidature_are_left_out() -> None:
    applied, other = a_hit(), a_hit()
    profile = a_profile(excluded_posting_ids=frozenset({applied.item.posting.id}))

    ranked = rank([applied, other], profile=profile, radius_km=RADIUS_KM, today=TODAY)

    assert [m.card.posting.id for m in ranked] == [other.item.posting.id]


def test_postings_of_a_company_with_a_pending_candidature_are_left_out() -> None:
    applied_to, other = uuid.uuid4(), uuid.uuid4()
    hits = [a_hit(company_id=applied_to), a_hit(company_id=applied_to), a_hit(company_id=other)]
    profile = a_profile(excluded_company_ids=frozenset({applied_to}))

    ranked = rank(hits, profile=profile, radius_km=RADIUS_KM, today=TODAY)

    assert [m.card.company.id for m in ranked] == [other]
