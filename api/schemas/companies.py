from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from domain.companies.companies import Company, CompanyKind


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
    updated_at: datetime

    @classmethod
    def of(cls, company: Company) -> "CompanyOut":
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
            updated_at=company.updated_at,
        )
