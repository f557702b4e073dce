from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field

from api.http.pagination import decode_position
from api.http.schemas.approvals import ProlongationOut
from api.http.schemas.common import Code
from domain.approvals.inbox import InboxEntry, InboxPosition
from domain.approvals.numbers import PassNumber
from domain.approvals.prolongation_requests import MAX_PAGE
from domain.approvals.prolongations import ProlongationStatus


class ProlongationRequestOut(ProlongationOut):
    approval_number: str = Field(examples=["999990000001"], description="The PASS IAE it would prolong")
    approval_number_display: str = Field(examples=["99999 00 00001"])
    approval_end_at: date = Field(description="The PASS IAE's current last day of validity")
    job_seeker_id: UUID

    @classmethod
    def of_entry(cls, entry: InboxEntry) -> "ProlongationRequestOut":
        return cls(
            **ProlongationOut.of(entry.prolongation).model_dump(),
            approval_number=entry.approval_number,
            approval_number_display=PassNumber(entry.approval_number).display,
            approval_end_at=entry.approval_end_at,
            job_seeker_id=entry.job_seeker_id,
        )


class ProlongationRequestPage(BaseModel):
    items: list[ProlongationRequestOut]
    next: str | None


class ProlongationRequestQuery:
    """The query parameters of the prolongation request list."""

    def __init__(
        self,
        state: Annotated[
            ProlongationStatus | None, Query(description="`pending` for those waiting for a decision")
        ] = None,
        cursor: Annotated[Code | None, Query(description="The `next` link's cursor")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    ) -> None:
        self.state = state
        position = decode_position(cursor)
        self.after = InboxPosition(position.created_at, position.id) if position else None
        self.limit = limit
