"""How long a diagnosis stays valid, counted on France's calendar.

A prescriber's diagnosis is valid 6 calendar months: until the same day of
the month and the same time of day (in Paris), 6 months later; when that day
does not exist (31 August + 6 months), until the last day of that month at
that time. An employer's is valid 92 days (3 months at most), to the same
time of day in Paris. ``expires_at`` is the first instant it no longer counts.
"""

import calendar
from datetime import UTC, datetime, timedelta

from domain.job_seekers.ages import PARIS

PRESCRIBER_VALIDITY_MONTHS = 6
EMPLOYER_VALIDITY_DAYS = 92


def add_calendar_months(at: datetime, months: int) -> datetime:
    local = at.astimezone(PARIS)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day).astimezone(UTC)


def prescriber_diagnosis_expiry(created_at: datetime) -> datetime:
    return add_calendar_months(created_at, PRESCRIBER_VALIDITY_MONTHS)


def employer_diagnosis_expiry(created_at: datetime) -> datetime:
    local = created_at.astimezone(PARIS)
    return (local + timedelta(days=EMPLOYER_VALIDITY_DAYS)).astimezone(UTC)
