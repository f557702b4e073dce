from collections.abc import Mapping, Sequence
from datetime import datetime

from domain.ports.system import RateLimiter
from domain.rate_limits.policy import Bucket, BucketKind, RateLimit, RateLimited, decide, refusal, window_for


async def enforce_rate_limits(
    *,
    limiter: RateLimiter,
    limits: Mapping[BucketKind, RateLimit],
    buckets: Sequence[Bucket],
    now: datetime,
) -> None:
    """Count one request in each of its buckets.

    - Every bucket is counted, even past one already over its limit, so that
      no counter of a caller is spared while he insists.
    - Raises ``RateLimited`` with the longest wait of the buckets over their limit.
    - The limiter's own failure (its state unreachable) goes up unchanged: the
      caller decides whether the request fails open or closed.
    """
    refusals: list[RateLimited] = []
    for bucket in buckets:
        rate = limits[bucket.kind]
        window = window_for(bucket, rate, now=now)
        decision = decide(hits=await limiter.hit(window), rate=rate, window=window, now=now)
        if not decision.allowed:
            refusals.append(refusal(bucket.kind, rate, decision))
    if refusals:
        raise max(refusals, key=lambda refused: refused.retry_after_s)
