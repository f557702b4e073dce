from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import RuleViolation


class OrganisationKind(StrEnum):
    FT = "FT"
    ML = "ML"
    CAP_EMPLOI = "CAP_EMPLOI"
    DEPT = "DEPT"
    ODC = "ODC"
    PLIE = "PLIE"
    CCAS = "CCAS"
    CHRS = "CHRS"
    CHU = "CHU"
    CADA = "CADA"
    HUDA = "HUDA"
    CPH = "CPH"
    CAVA = "CAVA"
    CAARUD = "CAARUD"
    CSAPA = "CSAPA"
    CIDFF = "CIDFF"
    E2C = "E2C"
    EPIDE = "EPIDE"
    AFPA = "AFPA"
    ASE = "ASE"
    CAF = "CAF"
    MSA = "MSA"
    OACAS = "OACAS"
    OIL = "OIL"
    OHPD = "OHPD"
    OCASF = "OCASF"
    PENSION = "PENSION"
    PIJ_BIJ = "PIJ_BIJ"
    PJJ = "PJJ"
    PREVENTION = "PREVENTION"
    RS_FJT = "RS_FJT"
    SPIP = "SPIP"
    ORIENTEUR = "ORIENTEUR"
    OTHER = "OTHER"


class Habilitation(StrEnum):
    PENDING = "pending"
    VALIDATED = "validated"
    REFUSED = "refused"
    NOT_REQUIRED = "not_required"


class OrganisationSource(StrEnum):
    """How an organisation came to exist: the operator's referential, or a signup."""

    REFERENTIAL = "referential"
    SIGNUP = "signup"


# Habilitated by law (Code du travail, art. L5132-3): no staff decision needed.
HABILITATED_BY_LAW = frozenset({OrganisationKind.FT, OrganisationKind.ML, OrganisationKind.CAP_EMPLOI})


def initial_habilitation(kind: OrganisationKind) -> Habilitation:
    """The habilitation of an organisation of the operator's referential."""
    if kind in HABILITATED_BY_LAW:
        return Habilitation.VALIDATED
    if kind is OrganisationKind.ORIENTEUR:
        # An orienteur orients without seeking habilitation: nothing to decide.
        return Habilitation.NOT_REQUIRED
    return Habilitation.PENDING


def signup_habilitation(kind: OrganisationKind) -> Habilitation:
    """The habilitation of an organisation created at signup: nobody becomes a
    habilitated prescriber by declaring a kind, so staff checks every one (FT,
    ML and CAP_EMPLOI included) but an orienteur, which seeks none."""
    if kind is OrganisationKind.ORIENTEUR:
        return Habilitation.NOT_REQUIRED
    return Habilitation.PENDING


class HabilitationNotDecidable(RuleViolation):
    code = "habilitation-not-decidable"
    title = "Habilitation non modifiable"


@dataclass(slots=True)
class PrescriberOrganisation:
    id: UUID
    siret: str
    kind: OrganisationKind
    name: str
    habilitation: Habilitation
    created_at: datetime
    habilitation_decided_at: datetime | None = None
    source: OrganisationSource = OrganisationSource.REFERENTIAL
    safir_code: str | None = None  # France Travail agencies only
    email: str | None = None
    address_line: str = ""
    postal_code: str = ""
    commune: str | None = None  # INSEE code
    city: str | None = None

    @property
    def is_habilitated(self) -> bool:
        return self.habilitation is Habilitation.VALIDATED

    def decide_habilitation(self, decision: Habilitation, *, at: datetime) -> None:
        if decision not in (Habilitation.VALIDATED, Habilitation.REFUSED):
            raise HabilitationNotDecidable(f"A habilitation decision is 'validated' or 'refused', not '{decision}'.")
        if self.kind in HABILITATED_BY_LAW and self.source is OrganisationSource.REFERENTIAL:
            raise HabilitationNotDecidable(
                f"Organisations of kind {self.kind} of the referential are habilitated by law."
            )
        if self.kind is OrganisationKind.ORIENTEUR:
            raise HabilitationNotDecidable("An ORIENTEUR organisation is never habilitated.")
        self.habilitation = decision
        self.habilitation_decided_at = at

    def apply_referential(self, entry: "ReferentialEntry", *, at: datetime) -> str:
        """Take the operator's referential view of the organisation: "updated"
        or "unchanged". A kind habilitated by law is validated (the referential
        is the proof); another kind keeps the habilitation staff decided."""
        before = _referential_fields(self)
        self.siret, self.name, self.safir_code, self.email = entry.siret, entry.name, entry.safir_code, entry.email
        self.address_line, self.postal_code = entry.address_line, entry.postal_code
        self.commune, self.city = entry.commune, entry.city
        self.source = OrganisationSource.REFERENTIAL
        if self.kind in HABILITATED_BY_LAW and self.habilitation is not Habilitation.VALIDATED:
            self.habilitation, self.habilitation_decided_at = Habilitation.VALIDATED, at
        return "unchanged" if _referential_fields(self) == before else "updated"


@dataclass(slots=True, frozen=True)
class ReferentialEntry:
    """What the operator's referential says of one organisation."""

    siret: str
    kind: OrganisationKind
    name: str
    safir_code: str | None
    email: str | None
    address_line: str
    postal_code: str
    commune: str
    city: str


def _referential_fields(organisation: PrescriberOrganisation) -> tuple[object, ...]:
    o = organisation
    return (
        o.siret,
        o.name,
        o.safir_code,
        o.email,
        o.address_line,
        o.postal_code,
        o.commune,
        o.city,
        o.source,
        o.habilitation,
    )
