from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.dates import add_months
from domain.exits.exits import ExitKind
from domain.indicators.exit_rates import (
    ExitRecord,
    HorizonRates,
    exit_rates,
    exits_by_kind,
    latest_exit_due,
    official_rate,
    profiles_of,
    situation_at,
    uriae_rate,
)

K = ExitKind
TODAY = date(2026, 3, 2)
LONG_AGO = date(2024, 1, 15)  # every horizon has come


def an_exit(kind: ExitKind, *, hours: int = 600, at: date = LONG_AGO, **follow_ups: ExitKind) -> ExitRecord:
    return ExitRecord(at, hours, kind, {int(h.removeprefix("m")): s for h, s in follow_ups.items()})


def rates_at(records: list[ExitRecord], horizon: int, *, min_hours: int = 450) -> HorizonRates:
    rates = exit_rates(profiles_of(records, min_hours=min_hours, today=TODAY))
    return next(r for r in rates if r.horizon_months == horizon)


def test_the_rate_at_exit_is_durable_transition_and_positive_over_all_exits() -> None:
    records = [an_exit(K.DURABLE_EMPLOYMENT), an_exit(K.TRANSITION_EMPLOYMENT), an_exit(K.POSITIVE_EXIT)]
    records += [
        an_exit(K.OTHER_KNOWN),
        an_exit(K.INACTIVE),
        an_exit(K.NO_NEWS),
        an_exit(K.NO_NEWS),
        an_exit(K.INACTIVE),
    ]
    assert rates_at(records, 0).official == 3 / 8


def test_the_uriae_rate_leaves_other_known_inactive_and_no_news_out_of_the_denominator() -> None:
    counts = {K.DURABLE_EMPLOYMENT: 1, K.POSITIVE_EXIT: 1, K.OTHER_KNOWN: 3, K.INACTIVE: 2, K.NO_NEWS: 4}
    assert (official_rate(counts), uriae_rate(counts)) == (2 / 11, 1.0)


def test_people_under_the_hour_threshold_do_not_count() -> None:
    records = [an_exit(K.DURABLE_EMPLOYMENT, hours=449), an_exit(K.INACTIVE, hours=450)]
    at_exit = rates_at(records, 0)
    assert (at_exit.counted, at_exit.official) == (1, 0.0)


def test_the_hour_threshold_is_a_setting() -> None:
    records = [an_exit(K.DURABLE_EMPLOYMENT, hours=100), an_exit(K.INACTIVE, hours=50)]
    assert rates_at(records, 0, min_hours=100).official == 1.0


def test_exits_by_kind_count_everyone_whatever_the_hours() -> None:
    records = [an_exit(K.DURABLE_EMPLOYMENT, hours=10), an_exit(K.DURABLE_EMPLOYMENT), an_exit(K.NO_NEWS)]
    by_kind = exits_by_kind(profiles_of(records, min_hours=450, today=TODAY))
    assert (by_kind[K.DURABLE_EMPLOYMENT], by_kind[K.NO_NEWS], by_kind[K.INACTIVE]) == (2, 1, 0)


def test_without_a_follow_up_the_situation_at_a_horizon_is_no_news() -> None:
    assert situation_at(an_exit(K.DURABLE_EMPLOYMENT), 3) is K.NO_NEWS


def test_a_horizon_uses_the_latest_follow_up_known_at_it() -> None:
    record = an_exit(K.INACTIVE, m3=K.TRANSITION_EMPLOYMENT, m12=K.DURABLE_EMPLOYMENT)
    assert [situation_at(record, h) for h in (3, 6, 12)] == [
        K.TRANSITION_EMPLOYMENT,
        K.TRANSITION_EMPLOYMENT,
        K.DURABLE_EMPLOYMENT,
    ]


def test_the_rate_at_6_months_counts_follow_ups_and_no_news() -> None:
    records = [
        an_exit(K.NO_NEWS, m6=K.DURABLE_EMPLOYMENT),
        an_exit(K.DURABLE_EMPLOYMENT, m3=K.INACTIVE),
        an_exit(K.DURABLE_EMPLOYMENT),
        an_exit(K.INACTIVE, m3=K.POSITIVE_EXIT),
    ]
    six = rates_at(records, 6)
    assert (six.official, six.uriae) == (2 / 4, 1.0)
    assert six.by_situation[K.NO_NEWS] == 1


def test_the_rate_at_12_months_uses_the_12_month_follow_ups() -> None:
    records = [
        an_exit(K.DURABLE_EMPLOYMENT, m3=K.DURABLE_EMPLOYMENT, m12=K.INACTIVE),
        an_exit(K.INACTIVE, m12=K.POSITIVE_EXIT),
    ]
    assert rates_at(records, 12).official == 1 / 2


def test_an_exit_whose_horizon_has_not_come_is_not_counted_at_it() -> None:
    recent = an_exit(K.DURABLE_EMPLOYMENT, at=date(2025, 12, 1))  # 3 months on 1 March 2026, 6 not yet
    assert [rates_at([recent], h).counted for h in (0, 3, 6, 12)] == [1, 1, 0, 0]


def test_no_exit_gives_no_rate_rather_than_a_division_by_zero() -> None:
    assert (rates_at([], 0).official, rates_at([], 0).uriae) == (None, None)


def test_only_unfavourable_exits_give_no_uriae_rate() -> None:
    at_exit = rates_at([an_exit(K.NO_NEWS), an_exit(K.INACTIVE)], 0)
    assert (at_exit.official, at_exit.uriae) == (0.0, None)


@pytest.mark.parametrize(
    ("today", "horizon", "latest"),
    [
        (date(2026, 3, 2), 3, date(2025, 12, 2)),
        (date(2026, 2, 28), 1, date(2026, 1, 31)),  # 29, 30, 31 January fall due on 28 February
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 4, 30), 6, date(2025, 10, 31)),
    ],
)
def test_latest_exit_due_is_the_last_exit_date_whose_horizon_has_come(today: date, horizon: int, latest: date) -> None:
    assert latest_exit_due(today, horizon) == latest


# -- properties -------------------------------------------------------------------------

kinds = st.sampled_from(list(ExitKind))
records = st.lists(
    st.builds(
        ExitRecord,
        exit_at=st.dates(min_value=date(2023, 1, 1), max_value=TODAY),
        hours_worked=st.integers(min_value=0, max_value=2000),
        exit_kind=kinds,
        follow_ups=st.dictionaries(st.sampled_from([3, 6, 12]), kinds, max_size=3),
    ),
    max_size=40,
)


@given(records, st.integers(min_value=0, max_value=1000))
def test_rates_stay_within_0_and_1(found: list[ExitRecord], min_hours: int) -> None:
    for rates in exit_rates(profiles_of(found, min_hours=min_hours, today=TODAY)):
        for rate in (rates.official, rates.uriae):
            assert rate is None or 0 <= rate <= 1


@given(records)
def test_the_uriae_rate_is_never_below_the_official_one(found: list[ExitRecord]) -> None:
    for rates in exit_rates(profiles_of(found, min_hours=450, today=TODAY)):
        if rates.official is not None and rates.uriae is not None:
            assert rates.uriae >= rates.official


@given(records)
def test_an_empty_denominator_gives_null(found: list[ExitRecord]) -> None:
    for rates in exit_rates(profiles_of(found, min_hours=450, today=TODAY)):
        assert (rates.official is None) == (rates.counted == 0)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.sampled_from([1, 3, 6, 12]))
def test_latest_exit_due_splits_exits_whose_horizon_has_come(today: date, horizon: int) -> None:
    latest = latest_exit_due(today, horizon)
    assert add_months(latest, horizon) <= today < add_months(latest + timedelta(days=1), horizon)
