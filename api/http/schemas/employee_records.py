from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field

from api.http.pagination import decode_position
from api.http.schemas.common import Code, Input, Line
from domain.employee_records.asp_fields import AspFields, RsaStatus, Situation, Title
from domain.employee_records.listing import RecordPosition
from domain.employee_records.records import EmployeeRecord, RecordHistoryEntry
from domain.employee_records.rejections import explanation
from domain.employee_records.state_machine import RecordState, RecordTransition
from domain.employee_records.updates import RecordUpdate, UpdateState
from domain.employee_records.use_cases import MAX_PAGE

Duration = Annotated[
    Code | None, Field(default=None, description="ASP duration: 01 (< 6 months), 02 (6–11), 03 (12–23), 04 (≥ 24)")
]


class SituationIn(Input):
    """The person's situation before the hire (ASP ``situationSalarie``)."""

    employed: bool = False
    employer_type: Code | None = Field(default=None, description="ASP code (01 EI … 07 other), only when employed")
    unemployed_since: Duration = None
    without_resources: bool = False
    france_travail_registered: bool = False
    france_travail_since: Duration = None
    rqth: bool = False
    oeth: bool = False
    social_aid: bool = False
    rsa: RsaStatus = RsaStatus.NO
    rsa_since: Duration = None
    ass_since: Duration = Field(default=None, description="Receives the ASS since; null: does not")
    aah_since: Duration = Field(default=None, description="Receives the AAH since; null: does not")
    care_leaver: bool = False
    single_parent: bool = False
    housing_difficulty: bool = False
    refugee: bool = False
    prison_leaver: bool = False
    french_language_difficulty: bool = False
    mobility_difficulty: bool = False


class EmployeeRecordPatch(Input):
    """The ASP fields to set; fields left out keep their value, ``null`` clears one."""

    title: Title | None = None
    birth_commune: Code | None = Field(default=None, examples=["75056"], description="INSEE code, born in France")
    birth_country: Code | None = Field(default=None, examples=["100"], description="3-digit INSEE country code")
    lane_number: Code | None = Field(default=None, examples=["12"])
    lane_extension: Code | None = Field(default=None, examples=["B"])
    lane_type: Code | None = Field(default=None, examples=["RUE"], description="ASP lane type code")
    lane_name: Line | None = Field(default=None, examples=["de la Paix"], description="Without its type")
    address_complement: Line | None = None
    address_commune: Code | None = Field(default=None, examples=["75111"])
    address_postal_code: Code | None = Field(default=None, examples=["75011"])
    education_level: Code | None = Field(default=None, examples=["40"], description="ASP education level code")
    orienteur: Code | None = Field(default=None, examples=["03"], description="ASP orienteur code")
    situation: SituationIn | None = None
    ntt: Code | None = Field(default=None, description="ASP temporary number, for a person without a NIR")

    def changes(self) -> dict[str, Any]:
        given = self.model_dump(exclude_unset=True)
        if given.get("situation") is not None:
            given["situation"] = Situation(**given["situation"])
        return given


class AspFieldsOut(BaseModel):
    title: Title | None
    birth_commune: str | None
    birth_country: str | None
    lane_number: str | None
    lane_extension: str | None
    lane_type: str | None
    lane_name: str | None
    address_complement: str | None
    address_commune: str | None
    address_postal_code: str | None
    education_level: str | None
    orienteur: str | None
    situation: SituationIn | None = Field(description="The same fields as sent in a PATCH")
    ntt: str | None

    @classmethod
    def of(cls, fields: AspFields) -> "AspFieldsOut":
        values = {name: getattr(fields, name) for name in cls.model_fields}
        situation = fields.situation
        values["situation"] = {n: getattr(situation, n) for n in SituationIn.model_fields} if situation else None
        return cls(**values)


class RecordHistoryEntryOut(BaseModel):
    transition: RecordTransition
    from_state: RecordState
    to_state: RecordState
    actor_id: UUID | None = Field(description="Null when the ASP exchange moved it")
    at: datetime

    @classmethod
    def of(cls, entry: RecordHistoryEntry) -> "RecordHistoryEntryOut":
        return cls(**{name: getattr(entry, name) for name in cls.model_fields})


class EmployeeRecordOut(BaseModel):
    id: UUID
    state: RecordState
    candidature_id: UUID
    company_id: UUID
    job_seeker_id: UUID
    approval_number: str
    siret: str
    asp_measure: str = Field(examples=["EI_DC"])
    fields: AspFieldsOut
    pass_start_at: date | None = Field(description="The PASS IAE start as declared (set when made ready)")
    pass_end_at: date | None
    batch_file: str | None = Field(examples=["RIAE_FS_20260302090000.json"])
    batch_line: int | None
    asp_code: str | None = Field(description="The ASP's last answer code (0000: accepted)")
    asp_label: str | None
    asp_explanation: str | None = Field(description="What the code means and what to fix, in French")
    processed_as_duplicate: bool
    processed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    history: list[RecordHistoryEntryOut]

    @classmethod
    def of(cls, record: EmployeeRecord) -> "EmployeeRecordOut":
        plain = {name: getattr(record, name) for name in cls.model_fields if hasattr(record, name)}
        return cls(
            **{
                **plain,
                "fields": AspFieldsOut.of(record.fields),
                "asp_explanation": explanation(record.asp_code) if record.state is RecordState.REJECTED else None,
                "history": [RecordHistoryEntryOut.of(entry) for entry in record.history],
            }
        )


class RecordUpdateOut(BaseModel):
    """An update notification (movement ``M``): new PASS IAE dates told to the ASP."""

    id: UUID
    state: UpdateState = Field(description="new (waiting for the next batch), sent, processed or rejected")
    pass_start_at: date = Field(description="The PASS IAE start as told to the ASP by this notification")
    pass_end_at: date = Field(examples=["2028-05-07"])
    batch_file: str | None = Field(examples=["RIAE_FS_20260302090001.json"])
    batch_line: int | None
    asp_code: str | None = Field(description="The ASP's answer code (0000: accepted)")
    asp_label: str | None
    asp_explanation: str | None = Field(description="What the code means and what to fix, in French")
    processed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, update: RecordUpdate) -> "RecordUpdateOut":
        plain = {name: getattr(update, name) for name in cls.model_fields if hasattr(update, name)}
        rejected = update.state is UpdateState.REJECTED
        return cls(**plain, asp_explanation=explanation(update.asp_code) if rejected else None)


class RecordUpdateList(BaseModel):
    items: list[RecordUpdateOut] = Field(description="Newest first; a record has one per PASS IAE change at most")


class EmployeeRecordPage(BaseModel):
    items: list[EmployeeRecordOut]
    next: str | None


class EmployeeRecordQuery:
    """The query parameters of the employee record list."""

    def __init__(
        self,
        company_id: Annotated[UUID | None, Query(description="Staff: any company; employers: their own")] = None,
        state: Annotated[RecordState | None, Query()] = None,
        cursor: Annotated[Code | None, Query(description="The `next` link's cursor")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    ) -> None:
        self.company_id = company_id
        self.state = state
        position = decode_position(cursor)
        self.after = RecordPosition(position.created_at, position.id) if position else None
        self.limit = limit
