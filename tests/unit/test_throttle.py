from datetime import UTC, datetime, timedelta

from domain.identity.throttle import (
    ACCOUNT_POLICY,
    IP_POLICY,
    ThrottlePolicy,
    ThrottleState,
    account_key,
    ip_key,
    register_failure,
    seconds_locked,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = ThrottlePolicy(
    free_failures=3,
    base_delay=timedelta(seconds=2),
    max_delay=timedelta(minutes=15),
    forget_after=timedelta(hours=1),
)


def failures(count: int, *, every: timedelta = timedelta(seconds=1)) -> ThrottleState | None:
    state = None
    at = NOW
    for _ in range(count):
        state = register_failure(state, key="ip:203.0.113.7", policy=POLICY, now=at)
        at += every
    return state


def test_failures_below_the_allowance_cause_no_delay() -> None:
    assert [POLICY.delay_after(n) for n in (1, 2)] == [timedelta(0), timedelta(0)]


def test_the_failure_that_reaches_the_allowance_locks_for_the_base_delay() -> None:
    assert POLICY.delay_after(3) == timedelta(seconds=2)


def test_each_further_failure_doubles_the_delay() -> None:
    assert [POLICY.delay_after(n).total_seconds() for n in (3, 4, 5, 6, 7)] == [2, 4, 8, 16, 32]


def test_the_delay_stops_growing_at_the_ceiling() -> None:
    assert [POLICY.delay_after(n) for n in (12, 13, 30)] == [timedelta(minutes=15)] * 3


def test_a_flood_of_failures_keeps_the_ceiling_without_overflowing() -> None:
    assert POLICY.delay_after(1_000_000) == timedelta(minutes=15)


def test_a_lock_ending_within_the_next_second_still_counts_one_second() -> None:
    state = ThrottleState(
        key="ip:203.0.113.7", failures=5, last_failure_at=NOW, locked_until=NOW + timedelta(milliseconds=1)
    )

    assert seconds_locked(state, now=NOW) == 1


def test_accounts_are_locked_from_the_fifth_failure_and_addresses_from_the_twentieth() -> None:
    assert (ACCOUNT_POLICY.delay_after(4), ACCOUNT_POLICY.delay_after(5)) == (timedelta(0), timedelta(seconds=2))
    assert (IP_POLICY.delay_after(19), IP_POLICY.delay_after(20)) == (timedelta(0), timedelta(seconds=2))


def test_a_first_failure_starts_a_counter_without_lock() -> None:
    state = register_failure(None, key="ip:203.0.113.7", policy=POLICY, now=NOW)

    assert state == ThrottleState(key="ip:203.0.113.7", failures=1, last_failure_at=NOW, locked_until=None)


def test_a_failure_within_the_quiet_time_adds_to_the_counter() -> None:
    state = failures(2, every=timedelta(minutes=59))

    assert state is not None and state.failures == 2


def test_a_failure_reaching_the_allowance_locks_until_now_plus_the_delay() -> None:
    state = failures(3)

    assert state is not None and state.locked_until == NOW + timedelta(seconds=2) + timedelta(seconds=2)


def test_the_counter_restarts_after_the_quiet_time() -> None:
    locked = failures(5)
    assert locked is not None

    state = register_failure(locked, key=locked.key, policy=POLICY, now=locked.last_failure_at + timedelta(hours=1))

    assert (state.failures, state.locked_until) == (1, None)


def test_a_key_without_counter_is_not_locked() -> None:
    assert seconds_locked(None, now=NOW) == 0


def test_a_counter_without_lock_is_not_locked() -> None:
    state = ThrottleState(key="ip:203.0.113.7", failures=2, last_failure_at=NOW)

    assert seconds_locked(state, now=NOW) == 0


def test_a_lock_that_has_expired_is_not_locked() -> None:
    state = ThrottleState(key="ip:203.0.113.7", failures=5, last_failure_at=NOW, locked_until=NOW)

    assert seconds_locked(state, now=NOW) == 0


def test_the_remaining_lock_is_given_in_whole_seconds() -> None:
    state = ThrottleState(
        key="ip:203.0.113.7", failures=5, last_failure_at=NOW, locked_until=NOW + timedelta(seconds=8)
    )

    assert seconds_locked(state, now=NOW) == 8


def test_a_fraction_of_a_second_left_rounds_up() -> None:
    state = ThrottleState(
        key="ip:203.0.113.7", failures=5, last_failure_at=NOW, locked_until=NOW + timedelta(seconds=2, milliseconds=300)
    )

    assert seconds_locked(state, now=NOW) == 3


def test_a_lock_about_to_end_still_says_one_second() -> None:
    state = ThrottleState(
        key="ip:203.0.113.7", failures=5, last_failure_at=NOW, locked_until=NOW + timedelta(microseconds=1)
    )

    assert seconds_locked(state, now=NOW) == 1


def test_account_keys_ignore_case_and_surrounding_spaces() -> None:
    assert account_key("  Claire.Dubois@Example.org ") == account_key("claire.dubois@example.org")


def test_account_keys_do_not_hold_the_address() -> None:
    assert "claire" not in account_key("claire.dubois@example.org")


def test_account_and_address_keys_never_collide() -> None:
    assert account_key("203.0.113.7") != ip_key("203.0.113.7")
