"""France Travail agencies: they exist only through the operator's referential,
and a person joins one with an address of the agencies' email domains."""

from collections.abc import Collection

from domain.errors import FieldError, Forbidden, NotFound, RuleViolation
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import OrganisationKind, OrganisationSource, PrescriberOrganisation
from domain.prescribers.sirets import ensure_siret_free


class FranceTravailAddressRequired(Forbidden):
    code = "france-travail-email-domain"
    title = "Adresse e-mail France Travail requise"


class UnknownFranceTravailAgency(NotFound):
    code = "unknown-france-travail-agency"
    title = "Agence France Travail inconnue"


class SafirCodeRequired(RuleViolation):
    code = "safir-code-required"
    title = "Code SAFIR de l'agence à préciser"


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def ensure_agency_address(email: str, domains: Collection[str]) -> None:
    """An address of one of the agencies' domains proves one works there (once
    confirmed); anyone can type a SIRET or a SAFIR code."""
    if email_domain(email) in domains:
        return
    listed = ", ".join(f"@{domain}" for domain in sorted(domains)) or "(aucun domaine configuré)"
    raise FranceTravailAddressRequired(
        "Pour rejoindre une agence France Travail, inscrivez-vous avec votre adresse professionnelle "
        f"({listed}) : c'est elle qui prouve que vous travaillez à l'agence. Si vous n'en avez pas, "
        "demandez à un collègue de l'agence, déjà inscrit, de vous inviter.",
        errors=[FieldError("/email", f"must be an address of {listed}")],
        extra={"allowed_domains": sorted(domains)},
    )


async def find_agency(uow: UnitOfWork, *, siret: str | None, safir_code: str | None) -> PrescriberOrganisation:
    """The agency of the referential with this SAFIR code (and SIRET, when both
    are given), or the one agency of this SIRET.

    - Unknown: 404; a SIRET of another kind of organisation: 409 naming it;
      a SIRET several agencies share, without SAFIR code: 422 listing their codes.
    """
    if safir_code is not None:
        agency = await uow.organisations.get_by_safir_code(safir_code)
        if agency is not None and _is_agency(agency) and siret in (None, agency.siret):
            return agency
        raise _unknown()
    holders = await uow.organisations.by_siret(siret or "")
    ensure_siret_free(holders, OrganisationKind.FT)
    agencies = [o for o in holders if _is_agency(o)]
    if not agencies:
        raise _unknown()
    if len(agencies) > 1:
        codes = sorted(a.safir_code or "" for a in agencies)
        raise SafirCodeRequired(
            f"Plusieurs agences France Travail ont le SIRET {siret} : précisez le code SAFIR de la vôtre.",
            errors=[FieldError("/organisation_safir_code", "required: several agencies share this SIRET")],
            extra={"safir_codes": codes},
        )
    return agencies[0]


def _is_agency(organisation: PrescriberOrganisation) -> bool:
    return organisation.kind is OrganisationKind.FT and organisation.source is OrganisationSource.REFERENTIAL


def _unknown() -> UnknownFranceTravailAgency:
    return UnknownFranceTravailAgency(
        "Aucune agence France Travail du référentiel n'a ce SIRET ou ce code SAFIR. Vérifiez-les auprès de "
        "votre agence, ou demandez à un collègue déjà inscrit de vous inviter."
    )
