"""Back-off between attempts of an email, and when to give up."""

from datetime import timedelta

import pytest

from domain.notifications.retry import RetryPolicy

POLICY = RetryPolicy(max_attempts=5, base=timedelta(seconds=60), cap=timedelta(hours=1))


def test_the_delay_doubles_with_each_failure() -> None:
    delays = [POLICY.delay(failures, jitter=0.0) for failures in (1, 2, 3, 4)]

    assert delays == [timedelta(seconds=s) for s in (30, 60, 120, 240)]


def test_jitter_spreads_a_delay_between_half_and_all_of_its_step() -> None:
    lowest = POLICY.delay(3, jitter=0.0)
    highest = POLICY.delay(3, jitter=0.999)

    assert lowest == timedelta(seconds=120)
    assert timedelta(seconds=239) < highest < timedelta(seconds=240)


def test_the_delay_never_exceeds_the_cap() -> None:
    assert POLICY.delay(30, jitter=0.999) <= timedelta(hours=1)


def test_a_huge_number_of_failures_does_not_overflow() -> None:
    assert POLICY.delay(10_000, jitter=0.5) == timedelta(minutes=45)


def test_a_jitter_outside_zero_one_is_refused() -> None:
    with pytest.raises(ValueError, match="jitter"):
        POLICY.delay(1, jitter=1.0)


def test_the_policy_gives_up_once_the_attempts_are_spent() -> None:
    assert [POLICY.gives_up_after(attempts) for attempts in (4, 5, 6)] == [False, True, True]


def test_a_policy_needs_at_least_one_attempt() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
