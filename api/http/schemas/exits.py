from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Input, PlausibleDate
from domain.exits.exits import Correction, Exit, ExitKind, FollowUp


class ExitCreate(Input):
    exit_at: PlausibleDate = Field(examples=["2026-09-30"], description="Last day of the hire; not before its start")
    hours_worked: int = Field(ge=0, le=100_000, examples=[812], description="Hours worked during the hire")
    exit_kind: ExitKind = Field(examples=["durable_employment"])


class FollowUpCreate(Input):
    horizon_months: Literal[3, 6, 12] = Field(examples=[6], description="Months after the exit")
    situation: ExitKind = Field(examples=["transition_employment"])


class FollowUpCorrection(Input):
    situation: ExitKind = Field(examples=["durable_employment"])


class FollowUpOut(BaseModel):
    horizon_months: int
    situation: ExitKind
    recorded_by: UUID | None
    recorded_at: datetime

    @classmethod
    def of(cls, follow_up: FollowUp) -> "FollowUpOut":
        return cls(
            horizon_months=follow_up.horizon_months,
            situation=follow_up.situation,
            recorded_by=follow_up.recorded_by,
            recorded_at=follow_up.recorded_at,
        )


class CorrectionOut(BaseModel):
    field: str = Field(description="exit_at, hours_worked, exit_kind, or situation (of a follow-up)")
    horizon_months: int | None = Field(description="The follow-up corrected; null for the exit itself")
    previous: str
    corrected: str
    corrected_by: UUID | None = Field(description="The user or partner application who corrected it")
    corrected_at: datetime

    @classmethod
    def of(cls, correction: Correction) -> "CorrectionOut":
        return cls(
            field=correction.field,
            horizon_months=correction.horizon_months,
            previous=correction.previous,
            corrected=correction.corrected,
            corrected_by=correction.corrected_by,
            corrected_at=correction.corrected_at,
        )


class ExitOut(BaseModel):
    candidature_id: UUID
    exit_at: date
    hours_worked: int
    exit_kind: ExitKind
    recorded_by: UUID | None
    recorded_at: datetime
    updated_at: datetime
    follow_ups: list[FollowUpOut] = Field(description="By horizon")
    follow_ups_due_on: dict[str, date] = Field(description="From when each follow-up may be recorded, by horizon")
    corrections: list[CorrectionOut] = Field(description="Oldest first")

    @classmethod
    def of(cls, exit: Exit) -> "ExitOut":
        return cls(
            candidature_id=exit.candidature_id,
            exit_at=exit.exit_at,
            hours_worked=exit.hours_worked,
            exit_kind=exit.exit_kind,
            recorded_by=exit.recorded_by,
            recorded_at=exit.recorded_at,
            updated_at=exit.updated_at,
            follow_ups=[FollowUpOut.of(exit.follow_ups[h]) for h in sorted(exit.follow_ups)],
            follow_ups_due_on={str(h): exit.due_on(h) for h in (3, 6, 12)},
            corrections=[CorrectionOut.of(c) for c in exit.corrections],
        )
