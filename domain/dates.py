"""Dates a person may mean, and day arithmetic that never overflows.

Every date a request gives lies in the plausible window (DOMAIN.md, "Input
rules"); a date computed from one (a PASS IAE end moved by a suspension or a
prolongation, a deadline some months later) is refused with a named rule
rather than let ``datetime`` overflow into a 500."""

import calendar
from datetime import date, timedelta

from domain.errors import FieldError, RuleViolation

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


class ImplausibleDate(RuleViolation):
    code = "implausible-date"
    title = "Date invraisemblable"


class DateOverflow(RuleViolation):
    code = "date-overflow"
    title = "Date calculée hors du calendrier"


def is_plausible(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def ensure_plausible(day: date, *, pointer: str) -> date:
    if not is_plausible(day):
        raise ImplausibleDate(
            f"Une date est comprise entre le {EARLIEST:%d/%m/%Y} et le {LATEST:%d/%m/%Y}.",
            errors=[FieldError(pointer, f"must be between {EARLIEST.isoformat()} and {LATEST.isoformat()}")],
        )
    return day


def add_days(day: date, days: int, *, pointer: str | None = None) -> date:
    """``day`` moved by ``days`` (either way)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise _overflow(pointer) from None


def add_months(day: date, months: int, *, pointer: str | None = None) -> date:
    """The same day ``months`` later; the last day of the month when that day
    does not exist (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not date.min.year <= year <= date.max.year:
        raise _overflow(pointer)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _overflow(pointer: str | None) -> DateOverflow:
    """``pointer``: the input the date was computed from, when there is one."""
    return DateOverflow(
        "Cette date mènerait à une date calculée hors du calendrier.",
        errors=[FieldError(pointer, "leads to a date out of the calendar")] if pointer else None,
    )
