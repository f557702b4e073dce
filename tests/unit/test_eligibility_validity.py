from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from domain.eligibility.diagnoses import AuthorKind, EligibilityDiagnosis
from domain.eligibility.validity import add_calendar_months
from domain.job_seekers.ages import PARIS, age_on

instants = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC))


def test_six_months_after_31_august_is_the_last_day_of_february() -> None:
    created = datetime(2026, 8, 31, 10, 0, tzinfo=PARIS)

    assert add_calendar_months(created, 6) == datetime(2027, 2, 28, 10, 0, tzinfo=PARIS)


def test_six_months_keeps_the_time_of_day_in_paris_across_summer_time() -> None:
    created = datetime(2026, 1, 15, 23, 30, tzinfo=PARIS)  # 22:30 UTC

    assert add_calendar_months(created, 6) == datetime(2026, 7, 15, 21, 30, tzinfo=UTC)


@given(instants, st.integers(min_value=1, max_value=24))
def test_adding_months_lands_that_many_months_later_on_the_same_or_an_earlier_day(at: datetime, months: int) -> None:
    before, after = at.astimezone(PARIS), add_calendar_months(at, months).astimezone(PARIS)

    assert (after.year * 12 + after.month) - (before.year * 12 + before.month) == months
    assert after.day <= before.day
    # Same time of day, unless it falls in the hour skipped when summer time starts.
    assert after.minute == before.minute and abs(after.hour - before.hour) <= 1


def a_diagnosis(*, expires_at: datetime) -> EligibilityDiagnosis:
    return EligibilityDiagnosis(
        id=uuid4(),
        job_seeker_id=uuid4(),
        author_kind=AuthorKind.PRESCRIBER,
        author_user_id=None,
        author_organisation_id=uuid4(),
        author_company_id=None,
        criteria=(),
        created_at=expires_at - timedelta(days=183),
        expires_at=expires_at,
    )


def test_a_diagnosis_is_expired_from_its_expiry_instant_on() -> None:
    expiry = datetime(2026, 9, 2, 8, 0, tzinfo=UTC)
    diagnosis = a_diagnosis(expires_at=expiry)

    assert not diagnosis.is_expired(expiry - timedelta(microseconds=1))
    assert diagnosis.is_expired(expiry)


def test_someone_born_on_29_february_comes_of_age_on_1_march_in_common_years() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
