from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel

from api.http.schemas.common import Input
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation


class OrganisationOut(BaseModel):
    id: UUID
    siret: str
    kind: OrganisationKind
    name: str
    habilitation: Habilitation
    is_habilitated: bool
    habilitation_decided_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, organisation: PrescriberOrganisation) -> "OrganisationOut":
        return cls(
            id=organisation.id,
            siret=organisation.siret,
            kind=organisation.kind,
            name=organisation.name,
            habilitation=organisation.habilitation,
            is_habilitated=organisation.is_habilitated,
            habilitation_decided_at=organisation.habilitation_decided_at,
            created_at=organisation.created_at,
        )


class HabilitationVerdict(StrEnum):
    """What staff may decide about a habilitation (a subset of ``Habilitation``)."""

    VALIDATED = "validated"
    REFUSED = "refused"


class HabilitationDecision(Input):
    decision: HabilitationVerdict
