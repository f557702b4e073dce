"""Slowing down password guessing on the token endpoint.

Two counters per attempt: one for the account, one for the client IP. Each
failure past a free allowance locks the key for a delay that doubles, up to a
ceiling; a success clears the account's counter (never the IP's, so one valid
account cannot be used to reset an attacker's address).
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(slots=True)
class ThrottleState:
    key: str
    failures: int
    last_failure_at: datetime
    locked_until: datetime | None = None


@dataclass(slots=True, frozen=True)
class ThrottlePolicy:
    free_failures: int
    base_delay: timedelta
    max_delay: timedelta
    forget_after: timedelta  # quiet time after which the counter restarts

    def delay_after(self, failures: int) -> timedelta:
        extra = failures - self.free_failures
        if extra < 0:
            return timedelta(0)
        # Cap the exponent first: 2**extra overflows timedelta after ~50 failures.
        ceiling = math.ceil(math.log2(self.max_delay / self.base_delay))
        return min(self.base_delay * (2 ** min(extra, ceiling)), self.max_delay)


ACCOUNT_POLICY = ThrottlePolicy(
    free_failures=5,
    base_delay=timedelta(seconds=2),
    max_delay=timedelta(minutes=15),
    forget_after=timedelta(hours=1),
)
IP_POLICY = ThrottlePolicy(
    free_failures=20,
    base_delay=timedelta(seconds=2),
    max_delay=timedelta(minutes=15),
    forget_after=timedelta(hours=1),
)


def account_key(username: str) -> str:
    # Hashed so that the table never holds the addresses people typed.
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"account:{digest}"


def ip_key(address: str) -> str:
    return f"ip:{address}"


def seconds_locked(state: ThrottleState | None, *, now: datetime) -> int:
    """How long the key stays locked, in whole seconds (0 when free)."""
    if state is None or state.locked_until is None or state.locked_until <= now:
        return 0
    return max(1, math.ceil((state.locked_until - now).total_seconds()))


def register_failure(state: ThrottleState | None, *, key: str, policy: ThrottlePolicy, now: datetime) -> ThrottleState:
    failures = 1
    if state is not None and now - state.last_failure_at < policy.forget_after:
        failures = state.failures + 1
    delay = policy.delay_after(failures)
    return ThrottleState(
        key=key,
        failures=failures,
        last_failure_at=now,
        locked_until=now + delay if delay else None,
    )
