from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field, field_validator

from api.http.schemas.common import Code, FreeText, Input, Line
from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import MAX_HOURS_PER_WEEK, ContractType, JobPosting
from domain.ports.referentials import RomeReferential

APPELLATION_PATTERN = r"^[0-9]{3,6}$"
COMMUNE_PATTERN = r"^[0-9][0-9AB][0-9]{3}$"  # Corsica: 2A, 2B


class JobPostingCreate(Input):
    appellation_code: Code = Field(pattern=APPELLATION_PATTERN, examples=["11573"], description="ROME appellation code")
    contract_type: ContractType
    title: Line = Field(default="", max_length=255, description="Custom title; the appellation's when empty")
    description: FreeText = Field(default="", max_length=10000)
    hours_per_week: int | None = Field(default=None, ge=1, le=MAX_HOURS_PER_WEEK)
    commune: Code | None = Field(
        default=None, pattern=COMMUNE_PATTERN, description="INSEE code; the company's if omitted"
    )
    open_positions: int = Field(default=1, ge=0, le=1000)
    is_active: bool = True


class JobPostingUpdate(Input):
    """Only the fields sent change; ``hours_per_week`` alone may be set to null."""

    appellation_code: Code | None = Field(default=None, pattern=APPELLATION_PATTERN)
    contract_type: ContractType | None = None
    title: Line | None = Field(default=None, max_length=255)
    description: FreeText | None = Field(default=None, max_length=10000)
    hours_per_week: int | None = Field(default=None, ge=1, le=MAX_HOURS_PER_WEEK)
    commune: Code | None = Field(default=None, pattern=COMMUNE_PATTERN)
    open_positions: int | None = Field(default=None, ge=0, le=1000)
    is_active: bool | None = None

    # Runs only on the fields sent (not on defaults): an explicit null is refused
    # at the field's own pointer.
    @field_validator(
        "appellation_code", "contract_type", "title", "description", "commune", "open_positions", "is_active"
    )
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null")
        return value


class JobPostingOut(BaseModel):
    id: UUID
    company_id: UUID
    company_name: str
    company_kind: CompanyKind
    appellation_code: str
    appellation: str
    rome_code: str
    title: str
    description: str
    contract_type: ContractType
    hours_per_week: int | None
    commune: str
    city: str
    department: str
    latitude: float
    longitude: float
    open_positions: int
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, posting: JobPosting, company: Company, rome: RomeReferential) -> "JobPostingOut":
        appellation = rome.appellation(posting.appellation_code)
        name = appellation.name if appellation else posting.appellation_code
        return cls(
            id=posting.id,
            company_id=posting.company_id,
            company_name=company.brand or company.name,
            company_kind=company.kind,
            appellation_code=posting.appellation_code,
            appellation=name,
            rome_code=posting.rome_code,
            title=posting.title or name,
            description=posting.description,
            contract_type=posting.contract_type,
            hours_per_week=posting.hours_per_week,
            commune=posting.commune,
            city=posting.city,
            department=posting.department,
            latitude=posting.latitude,
            longitude=posting.longitude,
            open_positions=posting.open_positions,
            is_active=posting.is_active,
            created_at=posting.created_at,
            updated_at=posting.updated_at,
        )


class JobPostingHitOut(JobPostingOut):
    distance_km: float


class JobPostingPage(BaseModel):
    items: list[JobPostingHitOut]
    next: str | None
