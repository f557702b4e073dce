from datetime import UTC, datetime, timedelta

import pytest

from domain.rate_limits.enforcement import enforce_rate_limits
from domain.rate_limits.policy import Bucket, BucketKind, RateLimit, RateLimited, decide, window_for
from tests.fakes.system import FakeRateLimiter

NOW = datetime(2026, 3, 2, 9, 0, 40, tzinfo=UTC)
PER_MINUTE = RateLimit(limit=3, period=timedelta(minutes=1))
ACCOUNT = Bucket(BucketKind.SIGN_IN_ACCOUNT, "Lea.Martin@example.org")
IP = Bucket(BucketKind.SIGN_IN_IP, "203.0.113.7")
LIMITS = {
    BucketKind.SIGN_IN_ACCOUNT: PER_MINUTE,
    BucketKind.SIGN_IN_IP: RateLimit(limit=5, period=timedelta(hours=1)),
    BucketKind.WRITES_CLIENT: PER_MINUTE,
    BucketKind.WRITES_IP: PER_MINUTE,
}


def test_every_host_puts_an_instant_in_the_same_window_aligned_on_the_period() -> None:
    window = window_for(IP, PER_MINUTE, now=NOW)

    assert window.started_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert window.ends_at == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    assert window_for(IP, PER_MINUTE, now=NOW + timedelta(seconds=19)) == window
    assert window_for(IP, PER_MINUTE, now=NOW + timedelta(seconds=20)).started_at == window.ends_at


def test_requests_are_allowed_up_to_the_limit_then_refused_until_the_window_ends() -> None:
    window = window_for(IP, PER_MINUTE, now=NOW)

    assert decide(hits=3, rate=PER_MINUTE, window=window, now=NOW).allowed
    refused = decide(hits=4, rate=PER_MINUTE, window=window, now=NOW)
    assert not refused.allowed
    assert refused.retry_after_s == 20


def test_the_wait_is_at_least_one_whole_second() -> None:
    late = NOW + timedelta(seconds=19, milliseconds=900)
    window = window_for(IP, PER_MINUTE, now=late)

    assert decide(hits=4, rate=PER_MINUTE, window=window, now=late).retry_after_s == 1


def test_an_account_bucket_never_holds_the_address_typed_and_ignores_its_case() -> None:
    same = Bucket(BucketKind.SIGN_IN_ACCOUNT, " lea.martin@EXAMPLE.org")

    assert "lea" not in ACCOUNT.key.lower()
    assert ACCOUNT.key == same.key
    assert IP.key == "sign-in-ip:203.0.113.7"


def test_a_long_subject_is_hashed_so_that_keys_stay_short() -> None:
    assert len(Bucket(BucketKind.WRITES_IP, "x" * 500).key) <= 100


@pytest.mark.parametrize(("limit", "seconds"), [(0, 60), (10, 0), (10, 1.5)])
def test_a_rate_limit_allows_a_request_in_whole_seconds(limit: int, seconds: float) -> None:
    with pytest.raises(ValueError):
        RateLimit(limit=limit, period=timedelta(seconds=seconds))


async def test_the_request_past_the_limit_is_refused_with_the_wait_and_the_rule() -> None:
    limiter = FakeRateLimiter()
    for _ in range(3):
        await enforce_rate_limits(limiter=limiter, limits=LIMITS, buckets=[ACCOUNT], now=NOW)

    with pytest.raises(RateLimited) as raised:
        await enforce_rate_limits(limiter=limiter, limits=LIMITS, buckets=[ACCOUNT], now=NOW)

    assert raised.value.code == "rate-limited"
    assert raised.value.retry_after_s == 20
    assert "3 demandes de jeton pour ce compte" in raised.value.detail


async def refusals(limiter: FakeRateLimiter, buckets: list[Bucket], *, times: int, at: datetime = NOW) -> int:
    refused = 0
    for _ in range(times):
        try:
            await enforce_rate_limits(limiter=limiter, limits=LIMITS, buckets=buckets, now=at)
        except RateLimited:
            refused += 1
    return refused


async def test_a_new_window_allows_again() -> None:
    limiter = FakeRateLimiter()
    assert await refusals(limiter, [ACCOUNT], times=4) == 1

    assert await refusals(limiter, [ACCOUNT], times=3, at=NOW + timedelta(seconds=20)) == 0


async def test_each_bucket_is_counted_even_when_another_is_over_its_limit() -> None:
    limiter = FakeRateLimiter()
    for _ in range(3):
        await enforce_rate_limits(limiter=limiter, limits=LIMITS, buckets=[ACCOUNT, IP], now=NOW)

    with pytest.raises(RateLimited):
        await enforce_rate_limits(limiter=limiter, limits=LIMITS, buckets=[ACCOUNT, IP], now=NOW)

    ip_window = window_for(IP, LIMITS[BucketKind.SIGN_IN_IP], now=NOW)
    assert limiter.hits[(ip_window.key, ip_window.started_at)] == 4


async def test_the_longest_wait_of_the_buckets_over_their_limit_is_given() -> None:
    limiter = FakeRateLimiter()
    assert await refusals(limiter, [ACCOUNT, IP], times=5) == 2

    with pytest.raises(RateLimited) as raised:
        await enforce_rate_limits(limiter=limiter, limits=LIMITS, buckets=[ACCOUNT, IP], now=NOW)

    assert raised.value.retry_after_s == 59 * 60 + 20  # the hourly IP window, not the account's minute


async def test_buckets_of_two_callers_are_counted_apart() -> None:
    limiter = FakeRateLimiter()
    assert await refusals(limiter, [Bucket(BucketKind.WRITES_CLIENT, "client:1")], times=4) == 1

    assert await refusals(limiter, [Bucket(BucketKind.WRITES_CLIENT, "client:2")], times=3) == 0
