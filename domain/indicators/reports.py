"""An indicators report: what is measured (a company or a department, over
a period), the counts the read side aggregates, and the figures made of them."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from domain.approvals.business_dates import InvalidPeriod
from domain.dates import ensure_plausible
from domain.errors import FieldError, RuleViolation
from domain.exits.exits import ExitKind
from domain.indicators.candidature_figures import CandidatureFigures, CandidatureProfile, candidature_figures
from domain.indicators.exit_rates import ExitProfile, HorizonRates, exit_rates, exits_by_kind
from domain.job_seekers.ages import PARIS

DEPARTMENT_CODE = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$")


class InvalidDepartment(RuleViolation):
    code = "invalid-department"
    title = "Code de département invalide"


@dataclass(slots=True, frozen=True)
class Period:
    """Days of the Paris calendar, both ends included: candidatures received
    and exits that happened on those days."""

    first: date
    last: date

    def __post_init__(self) -> None:
        ensure_plausible(self.first, pointer="/from")
        ensure_plausible(self.last, pointer="/to")
        if self.last < self.first:
            raise InvalidPeriod(
                "La fin de la période précède son début.", errors=[FieldError("/to", "must be on or after from")]
            )

    def instants(self) -> tuple[datetime, datetime]:
        """From the first day's midnight in Paris to the midnight after the last day (excluded)."""
        start = datetime.combine(self.first, time(), tzinfo=PARIS)
        return start, datetime.combine(self.last + timedelta(days=1), time(), tzinfo=PARIS)


@dataclass(slots=True, frozen=True)
class IndicatorScope:
    """One company, or every company of one department."""

    company_id: UUID | None = None
    department: str | None = None

    @classmethod
    def of_department(cls, code: str) -> "IndicatorScope":
        if not DEPARTMENT_CODE.match(code):
            raise InvalidDepartment(
                f"« {code} » n'est pas un code de département.",
                errors=[FieldError("/department", "a department code: 01…95, 2A, 2B, 971…976")],
            )
        return cls(department=code)


@dataclass(slots=True, frozen=True)
class IndicatorCounts:
    """What the read side aggregates: candidatures received in the period and
    exits that happened in it, counted per profile."""

    candidatures: Mapping[CandidatureProfile, int]
    exits: Mapping[ExitProfile, int]


@dataclass(slots=True, frozen=True)
class Indicators:
    scope: IndicatorScope
    period: Period
    min_hours_worked: int
    candidatures: CandidatureFigures
    exits_by_kind: dict[ExitKind, int]
    exit_rates: list[HorizonRates]


def indicators_of(counts: IndicatorCounts, *, scope: IndicatorScope, period: Period, min_hours: int) -> Indicators:
    return Indicators(
        scope=scope,
        period=period,
        min_hours_worked=min_hours,
        candidatures=candidature_figures(counts.candidatures),
        exits_by_kind=exits_by_kind(counts.exits),
        exit_rates=exit_rates(counts.exits),
    )
