from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.candidatures.candidatures import RefusalReason, SenderKind
from domain.exits.exits import ExitKind
from domain.indicators.candidature_figures import CandidatureFigures
from domain.indicators.exit_rates import HorizonRates
from domain.indicators.reports import Indicators


class PeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from", description="First day (Europe/Paris), included")
    to: date = Field(description="Last day, included")


class CandidatureFiguresOut(BaseModel):
    received: int = Field(description="Candidatures received in the period")
    by_sender_kind: dict[SenderKind, int]
    answered_within_30_days: int = Field(description="Whose first move out of new came within 30 days")
    answered_within_30_days_share: float | None = Field(description="Over all received; null when none")
    from_prescribers: int
    accepted_from_prescribers: int = Field(description="Candidatures from prescribers now accepted")
    prescriber_acceptance_ratio: float | None = Field(description="accepted_from_prescribers / from_prescribers")
    refusal_reasons: dict[RefusalReason, int] = Field(description="Candidatures now refused, by reason")

    @classmethod
    def of(cls, figures: CandidatureFigures) -> "CandidatureFiguresOut":
        return cls(
            received=figures.received,
            by_sender_kind=figures.by_sender_kind,
            answered_within_30_days=figures.answered_within_30_days,
            answered_within_30_days_share=figures.answered_within_30_days_share,
            from_prescribers=figures.from_prescribers,
            accepted_from_prescribers=figures.accepted_from_prescribers,
            prescriber_acceptance_ratio=figures.prescriber_acceptance_ratio,
            refusal_reasons=figures.refusal_reasons,
        )


class ExitRatesOut(BaseModel):
    horizon_months: int = Field(description="0: at the exit; 3, 6, 12: months after it")
    counted: int = Field(description="Exits with enough hours worked whose horizon has come")
    by_situation: dict[ExitKind, int]
    official_rate: float | None = Field(description="(durable + transition + positive) / counted; null when none")
    uriae_rate: float | None = Field(description="Same, without other_known, inactive, no_news in the denominator")

    @classmethod
    def of(cls, rates: HorizonRates) -> "ExitRatesOut":
        return cls(
            horizon_months=rates.horizon_months,
            counted=rates.counted,
            by_situation=rates.by_situation,
            official_rate=rates.official,
            uriae_rate=rates.uriae,
        )


class ExitFiguresOut(BaseModel):
    min_hours_worked: int = Field(description="Hours a person must have worked to count in the rates")
    by_kind: dict[ExitKind, int] = Field(description="Every exit of the period, whatever the hours worked")
    rates: list[ExitRatesOut]


class IndicatorsOut(BaseModel):
    company_id: UUID | None
    department: str | None
    period: PeriodOut
    candidatures: CandidatureFiguresOut
    exits: ExitFiguresOut

    @classmethod
    def of(cls, report: Indicators) -> "IndicatorsOut":
        return cls(
            company_id=report.scope.company_id,
            department=report.scope.department,
            period=PeriodOut(from_=report.period.first, to=report.period.last),
            candidatures=CandidatureFiguresOut.of(report.candidatures),
            exits=ExitFiguresOut(
                min_hours_worked=report.min_hours_worked,
                by_kind=report.exits_by_kind,
                rates=[ExitRatesOut.of(rates) for rates in report.exit_rates],
            ),
        )


def csv_rows(report: Indicators) -> list[tuple[str, str, object]]:
    """The report as (indicator, breakdown, value) rows, for spreadsheets; an
    empty value where a rate has nothing to divide."""
    figures = report.candidatures
    rows: list[tuple[str, str, object]] = [
        ("candidatures_received", "all", figures.received),
        *(("candidatures_received", f"sender_kind={k}", n) for k, n in figures.by_sender_kind.items()),
        ("answered_within_30_days", "count", figures.answered_within_30_days),
        ("answered_within_30_days", "share", _blank(figures.answered_within_30_days_share)),
        ("candidatures_from_prescribers", "all", figures.from_prescribers),
        ("candidatures_from_prescribers", "accepted", figures.accepted_from_prescribers),
        ("candidatures_from_prescribers", "acceptance_ratio", _blank(figures.prescriber_acceptance_ratio)),
        *(("refusals", f"reason={r}", n) for r, n in figures.refusal_reasons.items()),
        *(("exits", f"kind={k}", n) for k, n in report.exits_by_kind.items()),
        ("exits", "min_hours_worked", report.min_hours_worked),
    ]
    for rates in report.exit_rates:
        at = "at_exit" if rates.horizon_months == 0 else f"at_{rates.horizon_months}_months"
        rows += [
            ("exits_counted", at, rates.counted),
            ("exit_rate_official", at, _blank(rates.official)),
            ("exit_rate_uriae", at, _blank(rates.uriae)),
        ]
    return rows


def _blank(rate: float | None) -> object:
    return "" if rate is None else round(rate, 4)
