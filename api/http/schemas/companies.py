from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, HttpUrl, TypeAdapter, validate_email

from api.http.schemas.common import Code, FreeText, Input, Line
from domain.companies.companies import Company, CompanyKind

_URL = TypeAdapter(HttpUrl)


def _email_or_empty(value: str) -> str:
    return validate_email(value)[1] if value else ""


def _url_or_empty(value: str) -> str:
    return str(_URL.validate_python(value)) if value else ""


# One validator rather than a union, so that an error points at the field
# itself (``/email``) and not at a member of the union.
EmailOrEmpty = Annotated[Line, Field(max_length=254), AfterValidator(_email_or_empty)]
UrlOrEmpty = Annotated[Line, Field(max_length=255), AfterValidator(_url_or_empty)]


class CompanyOut(BaseModel):
    id: UUID
    siret: str
    kind: CompanyKind
    name: str
    brand: str
    address_line: str
    postal_code: str
    commune: str
    city: str
    department: str
    latitude: float
    longitude: float
    description: str
    email: str | None
    phone: str | None
    website: str | None
    block_candidatures: bool
    subject_to_eligibility: bool
    is_active: bool
    active_job_postings: int
    updated_at: datetime

    @classmethod
    def of(cls, company: Company, *, active_job_postings: int, **extra: object) -> "CompanyOut":
        return cls(
            id=company.id,
            siret=company.siret,
            kind=company.kind,
            name=company.name,
            brand=company.brand,
            address_line=company.address_line,
            postal_code=company.postal_code,
            commune=company.commune,
            city=company.city,
            department=company.department,
            latitude=company.latitude,
            longitude=company.longitude,
            description=company.description,
            email=company.email,
            phone=company.phone,
            website=company.website,
            block_candidatures=company.block_candidatures,
            subject_to_eligibility=company.subject_to_eligibility,
            is_active=company.is_active,
            active_job_postings=active_job_postings,
            updated_at=company.updated_at,
            **extra,
        )


class CompanyHitOut(CompanyOut):
    distance_km: float


class CompanyPage(BaseModel):
    items: list[CompanyHitOut]
    next: str | None


class CompanyUpdate(Input):
    brand: Line | None = Field(default=None, max_length=255)
    description: FreeText | None = Field(default=None, max_length=10000)
    email: EmailOrEmpty | None = Field(default=None, description='"" clears it')
    phone: Code | None = Field(default=None, pattern=r"^(\+?[0-9 .-]{6,20})?$", description='"" clears it')
    website: UrlOrEmpty | None = Field(default=None, description='"" clears it')
    block_candidatures: bool | None = Field(
        default=None, description="When true, every new candidature to the company is refused (409)."
    )
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
