from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import RuleViolation


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
    # The official address the ASP referential gives: the first member proves
    # he speaks for the company by a link sent there. Never shown publicly.
    auth_email: str | None = None

    @property
    def subject_to_eligibility(self) -> bool:
        return self.kind in SUBJECT_TO_ELIGIBILITY

    def revise_profile(
        self,
        *,
        at: datetime,
        brand: str | None = None,
        description: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        website: str | None = None,
        block_candidatures: bool | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> None:
        """Change what is given; an empty string clears a contact field."""
        if brand is not None:
            self.brand = brand
        if description is not None:
            self.description = description
        if email is not None:
            self.email = email or None
        if phone is not None:
            self.phone = phone or None
        if website is not None:
            self.website = website or None
        if block_candidatures is not None:
            self.block_candidatures = block_candidatures
        if (latitude is None) != (longitude is None):
            raise IncompleteCoordinates("Donnez la latitude et la longitude ensemble.")
        if latitude is not None and longitude is not None:
            self.latitude, self.longitude = latitude, longitude
        self.updated_at = at

    def apply_referential(
        self,
        *,
        at: datetime,
        name: str,
        asp_id: str | None,
        active: bool,
        auth_email: str | None,
        address_line: str,
        postal_code: str,
        commune: str,
        city: str,
        department: str,
        latitude: float,
        longitude: float,
    ) -> str:
        """Take the ASP referential's view of the company: "updated",
        "deactivated" or "unchanged". The coordinates follow a new commune
        only, so that coordinates a member gave for his address are kept."""
        before = _referential_fields(self)
        was_active = self.is_active
        if commune != self.commune:
            self.latitude, self.longitude = latitude, longitude
        self.name, self.asp_id, self.is_active = name, asp_id, active
        self.auth_email = auth_email
        self.address_line, self.postal_code = address_line, postal_code
        self.commune, self.city, self.department = commune, city, department
        if _referential_fields(self) == before:
            return "unchanged"
        self.updated_at = at
        return "deactivated" if was_active and not active else "updated"


@dataclass(slots=True, frozen=True)
class CompanyCard:
    """A company as readers see it: its profile and how many postings are open."""

    company: Company
    active_job_postings: int


class IncompleteCoordinates(RuleViolation):
    code = "incomplete-coordinates"
    title = "Coordonnées incomplètes"


def _referential_fields(company: "Company") -> tuple[object, ...]:
    return (
        company.name,
        company.asp_id,
        company.is_active,
        company.auth_email,
        company.address_line,
        company.postal_code,
        company.commune,
        company.city,
        company.department,
    )
