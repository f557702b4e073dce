"""Figures on candidatures received over a period (COORACE): by sender kind,
answered within 30 days, prescribers' candidatures really hired, refusal
reasons. Pure functions over counts per profile, as for exit rates."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.candidatures.candidatures import RefusalReason, SenderKind
from domain.candidatures.state_machine import CandidatureState

ANSWER_DELAY = timedelta(days=30)


@dataclass(slots=True, frozen=True)
class CandidatureProfile:
    sender_kind: SenderKind
    state: CandidatureState
    refusal_reason: RefusalReason | None
    answered_in_time: bool  # left ``new`` within 30 days of its creation


@dataclass(slots=True, frozen=True)
class CandidatureFigures:
    received: int
    by_sender_kind: dict[SenderKind, int]
    answered_within_30_days: int
    answered_within_30_days_share: float | None
    from_prescribers: int
    accepted_from_prescribers: int
    prescriber_acceptance_ratio: float | None
    refusal_reasons: dict[RefusalReason, int]


def answered_in_time(created_at: datetime, first_answered_at: datetime | None) -> bool:
    """Whether the first move out of ``new`` came within 30 days of the creation."""
    return first_answered_at is not None and first_answered_at - created_at <= ANSWER_DELAY


def candidature_figures(profiles: Mapping[CandidatureProfile, int]) -> CandidatureFigures:
    by_sender: Counter[SenderKind] = Counter()
    reasons: Counter[RefusalReason] = Counter()
    in_time = prescribed = hired = 0
    for profile, count in profiles.items():
        by_sender[profile.sender_kind] += count
        in_time += count if profile.answered_in_time else 0
        if profile.sender_kind is SenderKind.PRESCRIBER:
            prescribed += count
            hired += count if profile.state is CandidatureState.ACCEPTED else 0
        if profile.state is CandidatureState.REFUSED and profile.refusal_reason is not None:
            reasons[profile.refusal_reason] += count
    received = sum(by_sender.values())
    return CandidatureFigures(
        received=received,
        by_sender_kind={kind: by_sender[kind] for kind in SenderKind},
        answered_within_30_days=in_time,
        answered_within_30_days_share=ratio(in_time, received),
        from_prescribers=prescribed,
        accepted_from_prescribers=hired,
        prescriber_acceptance_ratio=ratio(hired, prescribed),
        refusal_reasons={reason: reasons[reason] for reason in RefusalReason},
    )


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
