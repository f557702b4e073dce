"""The printable attestation of a PASS IAE: what it states, for the renderer."""

from dataclasses import dataclass
from datetime import date

from domain.approvals.approvals import ApprovalStatus

STATUS_LABELS = {
    ApprovalStatus.FUTURE: "Valide (pas encore commencé)",
    ApprovalStatus.VALID: "Valide",
    ApprovalStatus.SUSPENDED: "Valide (suspendu)",
    ApprovalStatus.EXPIRED: "Expiré",
    ApprovalStatus.CANCELLED: "Annulé",
}


@dataclass(slots=True, frozen=True)
class IssuingCompany:
    name: str
    siret: str
    address_line: str
    postal_code: str
    city: str


@dataclass(slots=True, frozen=True)
class Attestation:
    number: str
    number_display: str
    holder_first_name: str
    holder_last_name: str
    holder_birthdate: date | None
    start_at: date
    end_at: date
    status: ApprovalStatus
    remaining_days: int
    company: IssuingCompany
    issued_on: date  # the day it is printed: the status is told for that day

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]
