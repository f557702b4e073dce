"""How many NIR lookups a person or a partner application may make.

Two budgets per caller and per hour (DOMAIN.md "Personal data guards"):
lookups, and lookups that find nobody. Counted in the shared rate-limit
counters (``RateLimiter``: Redis or the database, one atomic increment per
count), so that every worker and host agrees without a lock.

A lookup cannot know it will miss before it has run, and two lookups run at
once: counting misses after the fact would let each of N concurrent callers
read "9 misses" and all miss. So each lookup *reserves* a miss before it
runs, and gives it back when it finds someone: the misses counter holds the
misses and the lookups in flight, and never lets more than the budget through.

Once either budget is spent every lookup is refused, found or not, until the
window ends: refusing only the misses would tell which NIRs exist.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import TooManyAttempts
from domain.identity.principal import Principal
from domain.ports.system import IdGenerator, RateLimiter
from domain.rate_limits.policy import LABELS, Bucket, BucketKind, RateLimit, Window, decide, window_for


class SpentBudget(StrEnum):
    LOOKUPS = "lookups"
    MISSES = "misses"


_BUCKETS = {SpentBudget.LOOKUPS: BucketKind.NIR_LOOKUPS, SpentBudget.MISSES: BucketKind.NIR_MISSES}


class NirLookupsExhausted(TooManyAttempts):
    code = "nir-lookups-exhausted"
    title = "Trop de recherches par NIR"

    def __init__(self, detail: str, *, retry_after_s: int, refusal: "NirLookupRefusal") -> None:
        super().__init__(detail, retry_after_s=retry_after_s)
        self.refusal = refusal


@dataclass(slots=True, frozen=True)
class LookupBudget:
    """The counters and the two budgets, per window of the same period."""

    limiter: RateLimiter
    lookups: RateLimit
    misses: RateLimit


@dataclass(slots=True, frozen=True)
class NirLookupRefusal:
    """A lookup refused because a budget was spent: who, for which tenant,
    when, and the window (the budget's period) it was refused in."""

    id: UUID
    at: datetime
    subject: str  # see ``subject_of``: one refusal record per subject and window
    user_id: UUID | None
    client_id: UUID | None
    organisation_id: UUID | None
    company_id: UUID | None
    spent: SpentBudget
    window_started_at: datetime
    window_ends_at: datetime


@dataclass(slots=True, frozen=True)
class SpentBudgetReport:
    """A caller who ran out of lookups in one window, for staff: the first
    refusal's tenant and budget, when he was refused first and last, how
    many times, and how many lookups he made in that window (audited ones),
    of which how many found nobody."""

    id: UUID
    user_id: UUID | None
    client_id: UUID | None
    organisation_id: UUID | None
    company_id: UUID | None
    spent: SpentBudget
    window_started_at: datetime
    window_ends_at: datetime
    first_refused_at: datetime
    last_refused_at: datetime
    refusals: int
    lookups: int
    misses: int


@dataclass(slots=True, frozen=True)
class MissReservation:
    """The miss a running lookup holds; given back if it finds someone."""

    window: Window


def subject_of(actor: Principal) -> str:
    """One budget per person (whatever structure he acts for) and per partner application."""
    if actor.client_id is not None:
        return f"client:{actor.client_id}"
    return f"user:{actor.user_id}"


async def take_lookup(budget: LookupBudget, actor: Principal, *, now: datetime, ids: IdGenerator) -> MissReservation:
    """Count one lookup and reserve one miss, or raise ``NirLookupsExhausted``
    (holding nothing) with the longest wait of the budgets spent."""
    subject = subject_of(actor)
    lookups = window_for(Bucket(BucketKind.NIR_LOOKUPS, subject), budget.lookups, now=now)
    misses = window_for(Bucket(BucketKind.NIR_MISSES, subject), budget.misses, now=now)
    counted = [
        (SpentBudget.LOOKUPS, lookups, budget.lookups, await budget.limiter.hit(lookups)),
        (SpentBudget.MISSES, misses, budget.misses, await budget.limiter.hit(misses)),
    ]
    spent = [
        (kind, window, rate, decision)
        for kind, window, rate, hits in counted
        if not (decision := decide(hits=hits, rate=rate, window=window, now=now)).allowed
    ]
    if not spent:
        return MissReservation(misses)
    await budget.limiter.release(misses)
    kind, window, rate, decision = max(spent, key=lambda refused: refused[3].retry_after_s)
    refusal = NirLookupRefusal(
        id=ids.new_id(),
        at=now,
        subject=subject,
        user_id=actor.user_id,
        client_id=actor.client_id,
        organisation_id=actor.organisation_id,
        company_id=actor.company_id,
        spent=kind,
        window_started_at=window.started_at,
        window_ends_at=window.ends_at,
    )
    raise _exhausted(refusal, rate, decision.retry_after_s)


async def give_back(budget: LookupBudget, reservation: MissReservation) -> None:
    """The lookup found someone (or did not run to its end): its miss is returned."""
    await budget.limiter.release(reservation.window)


def _exhausted(refusal: NirLookupRefusal, rate: RateLimit, wait: int) -> NirLookupsExhausted:
    period_min = int(rate.period.total_seconds()) // 60
    return NirLookupsExhausted(
        f"Limite de {rate.limit} {LABELS[_BUCKETS[refusal.spent]]} par période de {period_min} min atteinte : "
        f"aucune recherche par NIR n'est possible pendant {wait} s.",
        retry_after_s=wait,
        refusal=refusal,
    )
