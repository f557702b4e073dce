from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, model_validator
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import nir as stdnum_nir

from api.http.schemas.common import Code, Email, Input, Name, PlausibleDate
from api.http.schemas.job_postings import COMMUNE_PATTERN
from domain.approvals.nir_lookups import FoundJobSeeker
from domain.identity.users import normalise_email
from domain.job_seekers.changes import JobSeekerChange
from domain.job_seekers.job_seekers import JobSeekerCard
from domain.job_seekers.sex import Sex
from domain.ports.referentials import CommuneReferential

# 1 and 2: men and women; 3, 4, 7, 8: temporary numbers (born abroad, pending registration).
_NIR_SEX_DIGITS = "123478"


def _valid_nir(value: str) -> str:
    try:
        compact = str(stdnum_nir.validate(value))
    except StdnumError as error:
        raise ValueError(f"invalid NIR: {error}") from None
    if compact[0] not in _NIR_SEX_DIGITS:
        raise ValueError("invalid NIR: the first digit is 1 or 2 (3, 4, 7 or 8 for a temporary number)")
    return compact


Nir = Annotated[
    Code,
    Field(examples=["2 95 10 99 126 111 93"], description="15 characters, spaces allowed, key verified"),
    AfterValidator(_valid_nir),
]
LowerEmail = Annotated[Email, AfterValidator(normalise_email)]
Phone = Annotated[Code, Field(pattern=r"^\+?[0-9 .-]{6,20}$", max_length=20, examples=["06 12 34 56 78"])]
FranceTravailId = Annotated[
    Code,
    Field(
        pattern=r"^([0-9]{7}[0-9A-Z]|[0-9]{11})$",
        examples=["1234567A"],
        description="7 digits and a letter or digit, or 11 digits",
    ),
]
Commune = Annotated[Code, Field(pattern=COMMUNE_PATTERN, examples=["75111"], description="INSEE code")]
RomeCode = Annotated[Code, Field(pattern=r"^[A-N][0-9]{4}$", examples=["K2204"])]
SexField = Annotated[
    Sex,
    Field(
        examples=["F"],
        description="As the civil registry records it: `F` or `M`; the NIR's first digit must agree "
        "(1, 3, 7 for `M`; 2, 4, 8 for `F`).",
    ),
]


class JobSeekerCreate(Input):
    first_name: Name = Field(examples=["Samir"])
    last_name: Name = Field(examples=["Bensaïd"])
    birthdate: PlausibleDate | None = Field(default=None, examples=["1995-10-14"])
    sex: SexField | None = None
    email: LowerEmail | None = None
    phone: Phone | None = None
    nir: Nir | None = None
    france_travail_id: FranceTravailId | None = None
    commune: Commune | None = None
    wished_rome_codes: list[RomeCode] = Field(default_factory=list, max_length=10)


class JobSeekerUpdate(Input):
    """Only the fields sent change; ``null`` clears an optional field."""

    first_name: Name | None = None
    last_name: Name | None = None
    birthdate: PlausibleDate | None = None
    sex: SexField | None = None
    email: LowerEmail | None = None
    phone: Phone | None = None
    nir: Nir | None = None
    france_travail_id: FranceTravailId | None = None
    commune: Commune | None = None
    wished_rome_codes: list[RomeCode] | None = Field(default=None, max_length=10)

    @model_validator(mode="after")
    def _no_null_for_required_fields(self) -> "JobSeekerUpdate":
        required = {"first_name", "last_name", "wished_rome_codes"}
        nulled = [name for name in self.model_fields_set & required if getattr(self, name) is None]
        if nulled:
            raise ValueError(f"may not be null: {', '.join(sorted(nulled))}")
        return self

    def changes(self) -> dict[str, object]:
        given = self.model_dump(exclude_unset=True)
        if "wished_rome_codes" in given:
            given["wished_rome_codes"] = tuple(given["wished_rome_codes"])
        return given


class JobSeekerOut(BaseModel):
    id: UUID
    first_name: str
    last_name: str
    birthdate: date | None
    sex: Sex | None
    email: str | None
    phone: str | None
    nir: str | None = Field(
        description="In clear (15 characters, no spaces) for the person himself, habilitated prescribers "
        "and SIAE employers who follow him; masked otherwise: `1 85 05 ** *** *** **`.",
        examples=["295109912611193", "2 95 10 ** *** *** **"],
    )
    france_travail_id: str | None
    commune: str | None
    city: str | None
    wished_rome_codes: list[str]
    created_at: datetime

    @classmethod
    def of(cls, card: JobSeekerCard, communes: CommuneReferential) -> "JobSeekerOut":
        job_seeker = card.job_seeker
        commune = communes.get(job_seeker.commune) if job_seeker.commune else None
        return cls(
            id=job_seeker.id,
            first_name=job_seeker.first_name,
            last_name=job_seeker.last_name,
            birthdate=job_seeker.birthdate,
            sex=job_seeker.sex,
            email=job_seeker.email,
            phone=job_seeker.phone,
            nir=card.nir,
            france_travail_id=job_seeker.france_travail_id,
            commune=job_seeker.commune,
            city=commune.name if commune else None,
            wished_rome_codes=list(job_seeker.wished_rome_codes),
            created_at=job_seeker.created_at,
        )


class JobSeekerFoundOut(BaseModel):
    """A person found by his NIR, as a lookup shows him: enough to know him and
    to apply for him; his profile comes with a candidature, a diagnosis or a hire."""

    id: UUID = Field(description="To apply for him: `job_seeker_id` of `POST /candidatures`.")
    first_name: str
    last_name: str
    birthdate: date | None
    diagnosis_valid_until: date | None = Field(
        description="Last day of his valid eligibility diagnosis (by a habilitated prescriber, or by the "
        "caller's company), extended by the PASS IAE it justified; null without one.",
        examples=["2027-03-01"],
    )
    approval_valid_until: date | None = Field(
        description="Last day of his PASS IAE in force (valid, suspended or starting later); null without one.",
        examples=["2028-01-14"],
    )

    @classmethod
    def of(cls, found: FoundJobSeeker) -> "JobSeekerFoundOut":
        job_seeker = found.job_seeker
        return cls(
            id=job_seeker.id,
            first_name=job_seeker.first_name,
            last_name=job_seeker.last_name,
            birthdate=job_seeker.birthdate,
            diagnosis_valid_until=found.diagnosis_valid_until,
            approval_valid_until=found.approval_valid_until,
        )


class JobSeekerFoundPage(BaseModel):
    items: list[JobSeekerFoundOut] = Field(description="At most one person: the one with exactly this NIR.")
    next: str | None = None


class ChangeAuthorOut(BaseModel):
    kind: str = Field(description="`job_seeker`, `prescriber`, `employer` or `staff`", examples=["prescriber"])
    user_id: UUID | None = Field(description="The person; null for a partner application")
    client_id: UUID | None = Field(description="The partner application, if one made the change")
    organisation_id: UUID | None
    company_id: UUID | None


class JobSeekerChangeOut(BaseModel):
    id: UUID
    at: datetime
    field: str = Field(examples=["email"])
    old_value: str | None = Field(
        description="As text: dates `YYYY-MM-DD`, ROME codes separated by commas; null when empty, "
        "and always for the NIR (`values_kept` false: only the change is kept).",
        examples=["samir.b@example.org"],
    )
    new_value: str | None = Field(examples=["samir.bensaid@example.org"])
    values_kept: bool
    by: ChangeAuthorOut

    @classmethod
    def of(cls, change: JobSeekerChange) -> "JobSeekerChangeOut":
        by = change.by
        return cls(
            id=change.id,
            at=change.at,
            field=change.field,
            old_value=change.old_value,
            new_value=change.new_value,
            values_kept=change.values_kept,
            by=ChangeAuthorOut(
                kind=by.kind,
                user_id=by.user_id,
                client_id=by.client_id,
                organisation_id=by.organisation_id,
                company_id=by.company_id,
            ),
        )


class JobSeekerChangePage(BaseModel):
    items: list[JobSeekerChangeOut] = Field(description="Newest first.")
    next: str | None = None
