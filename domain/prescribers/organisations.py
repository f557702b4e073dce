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


# Habilitated by law (Code du travail, art. L5132-3): no staff decision needed.
HABILITATED_BY_LAW = frozenset({OrganisationKind.FT, OrganisationKind.ML, OrganisationKind.CAP_EMPLOI})


def initial_habilitation(kind: OrganisationKind) -> Habilitation:
    if kind in HABILITATED_BY_LAW:
        return Habilitation.VALIDATED
    if kind is OrganisationKind.ORIENTEUR:
        # An orienteur orients without seeking habilitation: nothing to decide.
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

    @property
    def is_habilitated(self) -> bool:
        return self.habilitation is Habilitation.VALIDATED

    def decide_habilitation(self, decision: Habilitation, *, at: datetime) -> None:
        if decision not in (Habilitation.VALIDATED, Habilitation.REFUSED):
            raise HabilitationNotDecidable(f"A habilitation decision is 'validated' or 'refused', not '{decision}'.")
        if self.kind in HABILITATED_BY_LAW:
            raise HabilitationNotDecidable(f"Organisations of kind {self.kind} are habilitated by law.")
        if self.kind is OrganisationKind.ORIENTEUR:
            raise HabilitationNotDecidable("An ORIENTEUR organisation is never habilitated.")
        self.habilitation = decision
        self.habilitation_decided_at = at
