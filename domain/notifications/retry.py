from dataclasses import dataclass
from datetime import timedelta


@dataclass(slots=True, frozen=True)
class RetryPolicy:
    """Exponential back-off with jitter, and when to give up.

    After the n-th failure the next attempt waits ``base · 2^(n-1)``, capped
    at ``cap``, of which the second half is random ("equal jitter"): retries
    of many messages that failed together (an SMTP outage) spread out instead
    of hammering the server in step, and none waits less than half its due."""

    max_attempts: int = 8
    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=6)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def delay(self, failures: int, *, jitter: float) -> timedelta:
        """The wait after ``failures`` failed attempts; ``jitter`` is drawn in [0, 1)."""
        if not 0.0 <= jitter < 1.0:
            raise ValueError("jitter must be in [0, 1)")
        # The exponent is bounded so that a long-failing message cannot overflow.
        full = min(self.cap.total_seconds(), self.base.total_seconds() * 2 ** min(failures - 1, 40))
        return timedelta(seconds=full / 2 * (1 + jitter))

    def gives_up_after(self, attempts: int) -> bool:
        return attempts >= self.max_attempts
