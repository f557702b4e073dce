from collections import Counter
from datetime import UTC, datetime, timedelta

from domain.candidatures.candidatures import RefusalReason, SenderKind
from domain.candidatures.state_machine import CandidatureState
from domain.indicators.candidature_figures import CandidatureProfile, answered_in_time, candidature_figures

S = CandidatureState
CREATED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def a_profile(
    sender: SenderKind = SenderKind.PRESCRIBER,
    state: S = S.NEW,
    reason: RefusalReason | None = None,
    *,
    in_time: bool = False,
) -> CandidatureProfile:
    return CandidatureProfile(sender, state, reason, in_time)


def test_a_candidature_left_new_on_its_30th_day_was_answered_in_time() -> None:
    assert answered_in_time(CREATED, CREATED + timedelta(days=30))


def test_a_candidature_left_new_after_30_days_was_not_answered_in_time() -> None:
    assert not answered_in_time(CREATED, CREATED + timedelta(days=30.001))


def test_a_candidature_never_answered_was_not_answered_in_time() -> None:
    assert not answered_in_time(CREATED, None)


def test_candidatures_are_counted_by_sender_kind() -> None:
    figures = candidature_figures(
        Counter(
            {
                a_profile(SenderKind.PRESCRIBER): 3,
                a_profile(SenderKind.JOB_SEEKER): 2,
                a_profile(SenderKind.EMPLOYER): 1,
            }
        )
    )
    assert (figures.received, figures.by_sender_kind) == (
        6,
        {SenderKind.JOB_SEEKER: 2, SenderKind.PRESCRIBER: 3, SenderKind.EMPLOYER: 1},
    )


def test_the_share_answered_within_30_days_is_over_every_candidature_received() -> None:
    figures = candidature_figures(Counter({a_profile(in_time=True): 3, a_profile(in_time=False): 1}))
    assert (figures.answered_within_30_days, figures.answered_within_30_days_share) == (3, 0.75)


def test_the_acceptance_ratio_is_over_candidatures_from_prescribers_only() -> None:
    figures = candidature_figures(
        Counter(
            {
                a_profile(SenderKind.PRESCRIBER, S.ACCEPTED): 1,
                a_profile(SenderKind.PRESCRIBER, S.REFUSED, RefusalReason.NO_POSITION): 3,
                a_profile(SenderKind.JOB_SEEKER, S.ACCEPTED): 5,
            }
        )
    )
    assert (figures.from_prescribers, figures.accepted_from_prescribers, figures.prescriber_acceptance_ratio) == (
        4,
        1,
        0.25,
    )


def test_refusals_are_broken_down_by_reason() -> None:
    figures = candidature_figures(
        Counter(
            {
                a_profile(state=S.REFUSED, reason=RefusalReason.NO_POSITION): 2,
                a_profile(SenderKind.JOB_SEEKER, S.REFUSED, RefusalReason.DUPLICATE): 1,
            }
        )
    )
    assert {r: n for r, n in figures.refusal_reasons.items() if n} == {
        RefusalReason.NO_POSITION: 2,
        RefusalReason.DUPLICATE: 1,
    }


def test_no_candidature_gives_no_share_nor_ratio() -> None:
    figures = candidature_figures(Counter())
    assert (figures.answered_within_30_days_share, figures.prescriber_acceptance_ratio) == (None, None)
