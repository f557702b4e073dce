from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import FreeText, Input
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
)


class OrganisationOut(BaseModel):
    id: UUID
    siret: str
    kind: OrganisationKind
    name: str
    habilitation: Habilitation
    is_habilitated: bool
    habilitation_decided_at: datetime | None
    created_at: datetime
    source: OrganisationSource = Field(description="`referential` (the operator's) or `signup`.")
    safir_code: str | None = Field(description="A France Travail agency's SAFIR code.", examples=["75041"])
    commune: str | None = Field(description="INSEE code, for organisations of the referential.")
    city: str | None

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
            source=organisation.source,
            safir_code=organisation.safir_code,
            commune=organisation.commune,
            city=organisation.city,
        )


class HabilitationVerdict(StrEnum):
    """What staff may decide about a habilitation (a subset of ``Habilitation``)."""

    VALIDATED = "validated"
    REFUSED = "refused"


class HabilitationDecision(Input):
    decision: HabilitationVerdict
    comment: FreeText = Field(
        default="", max_length=2000, examples=["Convention avec le conseil départemental vérifiée."]
    )
