"""Fixed-window request counters, keyed by bucket.

A window is the period an instant falls in, aligned on the Unix epoch, so that
every worker and host agrees on it without talking to the others; a request is
allowed while its window's count, itself included, stays within the limit. At
the edge of two windows a caller may pass up to twice the limit in a short
burst: the price of a single counter per key, which one atomic increment keeps
right across workers (a sliding window needs two reads per request).
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from domain.errors import TooManyAttempts

_LONGEST_SUBJECT = 64


class BucketKind(StrEnum):
    SIGN_IN_ACCOUNT = "sign-in-account"
    SIGN_IN_IP = "sign-in-ip"
    WRITES_CLIENT = "writes-client"
    WRITES_IP = "writes-ip"
    NIR_LOOKUPS = "nir-lookups"
    NIR_MISSES = "nir-misses"


LABELS = {
    BucketKind.SIGN_IN_ACCOUNT: "demandes de jeton pour ce compte",
    BucketKind.SIGN_IN_IP: "demandes de jeton depuis cette adresse IP",
    BucketKind.WRITES_CLIENT: "écritures pour ce compte ou cette application",
    BucketKind.WRITES_IP: "écritures anonymes depuis cette adresse IP",
    BucketKind.NIR_LOOKUPS: "recherches par NIR",
    BucketKind.NIR_MISSES: "recherches par NIR qui n'ont trouvé personne",
}


@dataclass(frozen=True, slots=True)
class RateLimit:
    limit: int
    period: timedelta

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("a rate limit allows at least one request")
        if self.period.total_seconds() < 1 or self.period.total_seconds() % 1:
            raise ValueError("a rate limit's period is a whole number of seconds")


@dataclass(frozen=True, slots=True)
class Bucket:
    kind: BucketKind
    subject: str

    @property
    def key(self) -> str:
        subject = self.subject
        # Accounts are hashed so that counters never hold the addresses people typed.
        if self.kind is BucketKind.SIGN_IN_ACCOUNT or len(subject) > _LONGEST_SUBJECT:
            subject = hashlib.sha256(subject.strip().lower().encode()).hexdigest()
        return f"{self.kind}:{subject}"


@dataclass(frozen=True, slots=True)
class Window:
    """The counter a request is counted in: a bucket's key over one period."""

    key: str
    started_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after_s: int = 0


class RateLimited(TooManyAttempts):
    code = "rate-limited"
    title = "Trop de requêtes"


def window_for(bucket: Bucket, rate: RateLimit, *, now: datetime) -> Window:
    period_s = int(rate.period.total_seconds())
    epoch_s = math.floor(now.timestamp())
    started_at = datetime.fromtimestamp(epoch_s - epoch_s % period_s, UTC)
    return Window(key=bucket.key, started_at=started_at, ends_at=started_at + rate.period)


def decide(*, hits: int, rate: RateLimit, window: Window, now: datetime) -> Decision:
    """``hits`` is the window's count with this request included."""
    if hits <= rate.limit:
        return Decision(allowed=True)
    return Decision(allowed=False, retry_after_s=max(1, math.ceil((window.ends_at - now).total_seconds())))


def refusal(kind: BucketKind, rate: RateLimit, decision: Decision) -> RateLimited:
    period_s = int(rate.period.total_seconds())
    return RateLimited(
        f"Limite de {rate.limit} {LABELS[kind]} par période de {period_s} s atteinte ; "
        f"réessayez dans {decision.retry_after_s} s.",
        retry_after_s=decision.retry_after_s,
    )
