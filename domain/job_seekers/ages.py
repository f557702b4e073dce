"""Ages and days as the law counts them: in France's time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_day(at: datetime) -> date:
    """The calendar day an instant falls on in Paris."""
    return at.astimezone(PARIS).date()


def age_on(birthdate: date, day: date) -> int:
    """Full years lived on ``day`` (someone born on 29 February turns a year
    older on 1 March in common years)."""
    had_birthday = (day.month, day.day) >= (birthdate.month, birthdate.day)
    return day.year - birthdate.year - (0 if had_birthday else 1)
