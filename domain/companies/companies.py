from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class CompanyKind(StrEnum):
    EI = "EI"
    AI = "AI"
    ACI = "ACI"
    ETTI = "ETTI"
    EITI = "EITI"
    GEIQ = "GEIQ"
    EA = "EA"
    EATT = "EATT"
    OPCS = "OPCS"


# The SIAE kinds: hiring there requires IAE eligibility and issues a PASS IAE.
SUBJECT_TO_ELIGIBILITY = frozenset(
    {CompanyKind.EI, CompanyKind.AI, CompanyKind.ACI, CompanyKind.ETTI, CompanyKind.EITI}
)


@dataclass(slots=True)
class Company:
    id: UUID
    siret: str
    kind: CompanyKind
    name: str
    address_line: str
    postal_code: str
    commune: str
    city: str
    department: str
    latitude: float
    longitude: float
    created_at: datetime
    updated_at: datetime
    brand: str = ""
    description: str = ""
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    block_candidatures: bool = False
    is_active: bool = True
    asp_id: str | None = None

    @property
    def subject_to_eligibility(self) -> bool:
        return self.kind in SUBJECT_TO_ELIGIBILITY
