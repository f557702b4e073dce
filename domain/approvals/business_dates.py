"""Business dates: PASS IAE validity, suspensions and prolongations are
counted in whole days of the Europe/Paris calendar."""

import calendar
from datetime import date, datetime

from domain.errors import RuleViolation
from domain.job_seekers.ages import paris_day


class InvalidPeriod(RuleViolation):
    code = "invalid-period"
    title = "Période invalide"


def paris_date(instant: datetime) -> date:
    """The day ``instant`` falls on in France: the "today" of PASS IAE statuses."""
    return paris_day(instant)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the last day of the month when that day
    does not exist (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def days_in(start: date, end: date) -> int:
    """How many days a period counts, both ends included."""
    return (end - start).days + 1
