"""The taux de sortie dynamique, official and URIAE, at the exit and 3, 6
and 12 months later (COORACE). Pure functions: hand-built exits are reduced
to profiles, the SQL read side counts exits per profile, and the same
functions turn those counts into rates."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.dates import add_months
from domain.exits.exits import HORIZONS, ExitKind

AT_EXIT = 0
MEASURED_AT = (AT_EXIT, *HORIZONS)
POSITIVE_KINDS = frozenset({ExitKind.DURABLE_EMPLOYMENT, ExitKind.TRANSITION_EMPLOYMENT, ExitKind.POSITIVE_EXIT})
# The URIAE variant does not hold against the SIAE what it cannot act upon.
LEFT_OUT_BY_URIAE = frozenset({ExitKind.OTHER_KNOWN, ExitKind.INACTIVE, ExitKind.NO_NEWS})


@dataclass(slots=True, frozen=True)
class ExitRecord:
    """One exit as the rules see it: ``follow_ups`` maps a horizon (months)
    to the situation recorded then."""

    exit_at: date
    hours_worked: int
    exit_kind: ExitKind
    follow_ups: Mapping[int, ExitKind] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class ExitProfile:
    """What the rates need to know of one exit. ``known_at`` holds the
    situation at 3, 6 and 12 months, None while that horizon has not come."""

    exit_kind: ExitKind
    counted: bool  # enough hours worked to count in the rates
    known_at: tuple[ExitKind | None, ExitKind | None, ExitKind | None]

    def situation(self, horizon: int) -> ExitKind | None:
        return self.exit_kind if horizon == AT_EXIT else self.known_at[HORIZONS.index(horizon)]


@dataclass(slots=True, frozen=True)
class HorizonRates:
    horizon_months: int  # 0: at the exit
    by_situation: dict[ExitKind, int]
    counted: int
    official: float | None
    uriae: float | None


def situation_at(record: ExitRecord, horizon: int) -> ExitKind:
    """The exit kind at the exit; at a later horizon, the latest follow-up
    recorded at or before it, ``no_news`` without one."""
    if horizon == AT_EXIT:
        return record.exit_kind
    known = [h for h in record.follow_ups if h <= horizon]
    return record.follow_ups[max(known)] if known else ExitKind.NO_NEWS


def profile_of(record: ExitRecord, *, min_hours: int, today: date) -> ExitProfile:
    known = tuple(situation_at(record, h) if add_months(record.exit_at, h) <= today else None for h in HORIZONS)
    return ExitProfile(record.exit_kind, record.hours_worked >= min_hours, known)  # type: ignore[arg-type]


def profiles_of(records: list[ExitRecord], *, min_hours: int, today: date) -> Counter[ExitProfile]:
    return Counter(profile_of(record, min_hours=min_hours, today=today) for record in records)


def latest_exit_due(today: date, horizon: int) -> date:
    """The last exit date whose ``horizon``-month date has come by ``today``
    (exits at the end of a longer month fall due on the last day of a shorter one)."""
    latest = add_months(today, -horizon)
    while add_months(latest + timedelta(days=1), horizon) <= today:
        latest += timedelta(days=1)
    return latest


def official_rate(counts: Mapping[ExitKind, int]) -> float | None:
    """(durable + transition + positive) / all exits; None without exits."""
    return _share(counts, denominator=set(ExitKind))


def uriae_rate(counts: Mapping[ExitKind, int]) -> float | None:
    """As the official rate, without ``other_known``, ``inactive`` and
    ``no_news`` in the denominator; None when nothing is left to divide by."""
    return _share(counts, denominator=set(ExitKind) - LEFT_OUT_BY_URIAE)


def exits_by_kind(profiles: Mapping[ExitProfile, int]) -> dict[ExitKind, int]:
    """Every exit, whatever the hours worked, by its kind."""
    counts = dict.fromkeys(ExitKind, 0)
    for profile, count in profiles.items():
        counts[profile.exit_kind] += count
    return counts


def exit_rates(profiles: Mapping[ExitProfile, int]) -> list[HorizonRates]:
    """Both rates at the exit and at each horizon, over the exits that count
    (enough hours) and whose horizon has come."""
    rates = []
    for horizon in MEASURED_AT:
        counts = dict.fromkeys(ExitKind, 0)
        for profile, count in profiles.items():
            situation = profile.situation(horizon)
            if profile.counted and situation is not None:
                counts[situation] += count
        rates.append(HorizonRates(horizon, counts, sum(counts.values()), official_rate(counts), uriae_rate(counts)))
    return rates


def _share(counts: Mapping[ExitKind, int], *, denominator: set[ExitKind]) -> float | None:
    whole = sum(counts.get(kind, 0) for kind in denominator)
    if whole == 0:
        return None
    return sum(counts.get(kind, 0) for kind in POSITIVE_KINDS) / whole
