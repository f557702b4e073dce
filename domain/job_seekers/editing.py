"""Who may change which fields of a job seeker's profile (DOMAIN.md
"Personal data guards").

His identity (names, birthdate, sex, NIR, email) says who he is and where
his notifications go: whoever rewrites it could take his place, or redirect
his emails. So it is changed by himself when he holds an account; otherwise
by the structure that registered him, until a PASS IAE is issued to him (the
ASP then knows him by it); staff may always correct it, and the history
keeps what staff did. His other details (phone, commune, France Travail id,
wished jobs) are also kept up to date by the structures that have a
candidature for him. Seeing him is the first condition of all (404).
"""

from dataclasses import dataclass

from domain.errors import FieldError, Forbidden
from domain.identity.principal import Principal
from domain.job_seekers.job_seekers import EDITABLE_FIELDS, JobSeeker, JobSeekerLinks
from domain.job_seekers.visibility import is_himself, is_linked

IDENTITY_FIELDS = frozenset({"first_name", "last_name", "birthdate", "sex", "nir", "email"})
DETAIL_FIELDS = EDITABLE_FIELDS - IDENTITY_FIELDS


class IdentityLocked(Forbidden):
    code = "job-seeker-identity-locked"
    title = "Identité du candidat non modifiable par vous"


class DetailsLocked(Forbidden):
    code = "job-seeker-details-locked"
    title = "Coordonnées du candidat non modifiables par vous"


@dataclass(slots=True, frozen=True)
class EditingFacts:
    """What decides the edits of the structures: which ones have a candidature
    for him (sent it or received it), and whether a PASS IAE was ever issued
    to him (cancelled ones count: the ASP may have heard of it)."""

    candidature_tenants: JobSeekerLinks
    holds_approval: bool


def ensure_may_change(actor: Principal, job_seeker: JobSeeker, fields: set[str], facts: EditingFacts) -> None:
    """Raises ``IdentityLocked`` or ``DetailsLocked`` naming the fields refused."""
    identity = sorted(fields & IDENTITY_FIELDS)
    if identity:
        refusal = _identity_refusal(actor, job_seeker, facts)
        if refusal is not None:
            raise IdentityLocked(refusal, errors=_pointers(identity, "identity field"))
    details = sorted(fields & DETAIL_FIELDS)
    if details:
        refusal = _details_refusal(actor, job_seeker, facts)
        if refusal is not None:
            raise DetailsLocked(refusal, errors=_pointers(details, "contact detail"))


def registered_him(actor: Principal, job_seeker: JobSeeker) -> bool:
    if actor.organisation_id is not None:
        return actor.organisation_id == job_seeker.created_by_organisation_id
    return actor.company_id is not None and actor.company_id == job_seeker.created_by_company_id


def _identity_refusal(actor: Principal, job_seeker: JobSeeker, facts: EditingFacts) -> str | None:
    if is_himself(actor, job_seeker) or actor.is_staff:
        return None
    if job_seeker.user_id is not None:
        return (
            "Ce candidat a son propre compte : lui seul (ou l'équipe Tremplin) modifie son nom, "
            "son prénom, sa date de naissance, son sexe, son NIR et son adresse e-mail."
        )
    if not registered_him(actor, job_seeker):
        return (
            "Seule la structure qui a inscrit ce candidat corrige son identité ; "
            "demandez-le-lui, ou à l'équipe Tremplin."
        )
    if facts.holds_approval:
        return "Un PASS IAE a été délivré à ce candidat : seule l'équipe Tremplin corrige désormais son identité."
    return None


def _details_refusal(actor: Principal, job_seeker: JobSeeker, facts: EditingFacts) -> str | None:
    if is_himself(actor, job_seeker) or registered_him(actor, job_seeker):
        return None
    if actor.is_staff:
        return "L'équipe Tremplin corrige l'identité des candidats, pas leurs coordonnées."
    if is_linked(actor, facts.candidature_tenants):
        return None
    return "Seules les structures qui ont une candidature pour ce candidat mettent à jour ses coordonnées."


def _pointers(fields: list[str], what: str) -> list[FieldError]:
    return [FieldError(f"/{field}", f"{what} you may not change") for field in fields]
