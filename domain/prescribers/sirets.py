"""One organisation per SIRET. The exception is France Travail's: several
agencies may share a SIRET (les emplois de l'inclusion notes agencies at other
addresses under one SIRET), so agencies are told apart by their SAFIR code."""

from collections.abc import Iterable

from domain.errors import Conflict
from domain.prescribers.organisations import OrganisationKind, PrescriberOrganisation


class SiretTaken(Conflict):
    code = "organisation-siret-taken"
    title = "SIRET déjà enregistré pour une autre organisation"


def holder_of_another_kind(
    holders: Iterable[PrescriberOrganisation], kind: OrganisationKind
) -> PrescriberOrganisation | None:
    """The organisation of another kind that holds the SIRET, if any."""
    return next((o for o in holders if o.kind is not kind), None)


def ensure_siret_free(holders: Iterable[PrescriberOrganisation], kind: OrganisationKind) -> None:
    """409 naming the organisation when the SIRET belongs to one of another kind."""
    holder = holder_of_another_kind(holders, kind)
    if holder is not None:
        raise SiretTaken(
            f"Le SIRET {holder.siret} est déjà celui de l'organisation « {holder.name} » ({holder.kind}) : "
            "une organisation par SIRET. Rejoignez-la, ou vérifiez le SIRET.",
            extra={"existing_organisation": {"id": str(holder.id), "name": holder.name, "kind": str(holder.kind)}},
        )
