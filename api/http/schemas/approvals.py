from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import Path
from pydantic import AfterValidator, BaseModel, Field

from api.http.schemas.common import Code, Email, FreeText, Input, PlausibleDate
from api.http.schemas.eligibility import DiagnosisOut
from domain.approvals.approvals import Approval, ApprovalStatus
from domain.approvals.eligibility_status import EligibilityStatus
from domain.approvals.numbers import PassNumber
from domain.approvals.prolongation_denials import Denial, DenyReason, ProposedAction
from domain.approvals.prolongations import Prolongation, ProlongationReason, ProlongationStatus
from domain.approvals.suspensions import Suspension, SuspensionReason


def _compact(text: str) -> str:
    return PassNumber.parse(text).value


PassNumberPath = Annotated[
    Code,
    Path(description="PASS IAE number, with or without spaces", examples=["99999 00 00001"]),
    AfterValidator(_compact),
]
Text = Annotated[FreeText, Field(max_length=2000)]


class SuspensionOut(BaseModel):
    id: UUID
    start_at: date
    end_at: date
    reason: SuspensionReason
    company_id: UUID
    created_at: datetime

    @classmethod
    def of(cls, suspension: Suspension) -> "SuspensionOut":
        s = suspension
        return cls(
            id=s.id,
            start_at=s.start_at,
            end_at=s.end_at,
            reason=s.reason,
            company_id=s.company_id,
            created_at=s.created_at,
        )


class ProlongationOut(BaseModel):
    id: UUID
    reason: ProlongationReason
    start_at: date
    end_at: date
    status: ProlongationStatus
    requested_at: datetime
    requested_by_company_id: UUID
    prescriber_organisation_id: UUID | None = Field(description="Who decides; null when granted on request")
    message: str
    decided_at: datetime | None
    deny_reason: str | None = Field(description="The prescriber's explanation of a denial")
    assigned_to_user_id: UUID | None = Field(
        description="The habilitated prescriber it is addressed to, who decides it while he is a member of "
        "its organisation; null: any member of the organisation"
    )
    deny_reason_code: DenyReason | None
    deny_proposed_actions: list[ProposedAction]
    deny_proposed_actions_explanation: str

    @classmethod
    def of(cls, prolongation: Prolongation) -> "ProlongationOut":
        p = prolongation
        return cls(
            id=p.id,
            reason=p.reason,
            start_at=p.start_at,
            end_at=p.end_at,
            status=p.status,
            requested_at=p.requested_at,
            requested_by_company_id=p.requested_by_company_id,
            prescriber_organisation_id=p.prescriber_organisation_id,
            message=p.message,
            decided_at=p.decided_at,
            deny_reason=p.deny_reason,
            assigned_to_user_id=p.assigned_to_user_id,
            deny_reason_code=p.deny_reason_code,
            deny_proposed_actions=list(p.deny_proposed_actions),
            deny_proposed_actions_explanation=p.deny_proposed_actions_explanation,
        )


class ApprovalOut(BaseModel):
    number: str = Field(examples=["999990000001"], description="12 characters, no spaces")
    number_display: str = Field(examples=["99999 00 00001"])
    job_seeker_id: UUID
    start_at: date
    end_at: date = Field(description="Last day of validity; moves with suspensions and granted prolongations")
    status: ApprovalStatus = Field(
        description="On today's date (Europe/Paris). `cancelled`: the hire that issued it was cancelled; "
        "it is kept for history and no longer counts."
    )
    remaining_days: int = Field(description="Days of validity left, today included, suspended days excluded")
    suspensions: list[SuspensionOut]
    prolongations: list[ProlongationOut] = Field(description="Requests in every state, oldest first")

    @classmethod
    def of(cls, approval: Approval, *, today: date) -> "ApprovalOut":
        return cls(
            number=approval.number,
            number_display=approval.number_display,
            job_seeker_id=approval.job_seeker_id,
            start_at=approval.start_at,
            end_at=approval.end_at,
            status=approval.status_on(today),
            remaining_days=approval.remaining_days_on(today),
            suspensions=[SuspensionOut.of(s) for s in approval.suspensions],
            prolongations=[ProlongationOut.of(p) for p in approval.prolongations],
        )


class SuspensionCreate(Input):
    start_at: PlausibleDate = Field(
        examples=["2026-03-02"], description="At most 365 days ago, within the PASS validity"
    )
    end_at: PlausibleDate = Field(examples=["2026-05-31"], description="Included; at most 36 months after start_at")
    reason: SuspensionReason = Field(examples=["contract_suspended"])


class ProlongationRequestCreate(Input):
    reason: ProlongationReason = Field(examples=["rqth"])
    end_at: PlausibleDate = Field(examples=["2028-09-30"], description="New last day of validity")
    prescriber_organisation_id: UUID | None = Field(
        default=None,
        description="The habilitated prescriber organisation that decides; required except for "
        "`senior_cdi` and `complete_training`, granted on request",
    )
    message: Text = ""
    prescriber_email: Email | None = Field(
        default=None,
        description="The habilitated prescriber the request is addressed to: he decides it, and gets its emails, "
        "while he is a member of the organisation; without it, every member does",
    )


class ProlongationDenial(Input):
    reason_code: DenyReason = Field(
        examples=["duration"],
        description="`iae`: the IAE no longer fits the person; `siae`: this kind of SIAE no longer fits; "
        "`duration`: the duration asked does not fit; `reason`: the reason asked does not fit",
    )
    reason: Annotated[
        FreeText,
        Field(
            min_length=1,
            max_length=2000,
            examples=["La RQTH n'est plus valide."],
            description="The prescriber's explanation, which the employer reads",
        ),
    ]
    proposed_actions: list[ProposedAction] = Field(
        default_factory=list,
        max_length=len(ProposedAction),
        examples=[["social_partner"]],
        description="Next steps proposed to the person: at least one when `reason_code` is `iae`",
    )
    proposed_actions_explanation: Text = Field(default="", description="Required with proposed actions")

    def denial(self) -> Denial:
        return Denial(
            reason=self.reason_code,
            explanation=self.reason,
            proposed_actions=tuple(dict.fromkeys(self.proposed_actions)),
            proposed_actions_explanation=self.proposed_actions_explanation,
        )


class SuspensionEndChange(Input):
    end_at: PlausibleDate = Field(examples=["2026-04-30"], description="Its new last day (included): earlier or later")


class SuspensionEnding(Input):
    end_at: PlausibleDate | None = Field(
        default=None,
        examples=["2026-03-20"],
        description="Its last day (included), before its current end; default today (Europe/Paris)",
    )


class EligibilityOut(BaseModel):
    diagnosis: DiagnosisOut | None = Field(description="The diagnosis that counts for the company, if any")
    approval: ApprovalOut | None = Field(description="The job seeker's latest PASS IAE not cancelled, if any")
    reasons: list[str] = Field(description="Why, in French, for people")

    @classmethod
    def of(cls, status: EligibilityStatus) -> "EligibilityOut":
        return cls(
            diagnosis=DiagnosisOut.of(status.diagnosis, is_valid=True) if status.diagnosis else None,
            approval=ApprovalOut.of(status.approval, today=status.today) if status.approval else None,
            reasons=status.reasons,
        )
