"""Business dates: PASS IAE validity, suspensions and prolongations are
counted in whole days of the Europe/Paris calendar."""

from datetime import date, datetime

from domain.errors import RuleViolation
from domain.job_seekers.ages import paris_day


class InvalidPeriod(RuleViolation):
    code = "invalid-period"
    title = "Période invalide"


def paris_date(instant: datetime) -> date:
    """The day ``instant`` falls on in France: the "today" of PASS IAE statuses."""
    return paris_day(instant)


def days_in(start: date, end: date) -> int:
    """How many days a period counts, both ends included."""
    return (end - start).days + 1
