"""Who may read a PASS IAE, and who may act on it.

Reading (DOMAIN.md "API v1"): its holder; the employers who hired with it;
members of the prescriber organisation whose diagnosis justified it, or that
a prolongation request names to decide; staff; a partner application as a
member of its tenant, with the scope ``approvals:read``. Anyone else is told
it does not exist (404).
"""

from dataclasses import dataclass
from uuid import UUID

from domain.approvals.approvals import Approval
from domain.approvals.hires import Employer
from domain.approvals.prolongations import Prolongation
from domain.companies.companies import CompanyKind
from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.visibility import ensure_scope
from domain.ports.unit_of_work import UnitOfWork


class ApprovalNotFound(NotFound):
    code = "approval-not-found"
    title = "PASS IAE introuvable"


@dataclass(slots=True, frozen=True)
class Audience:
    """Who, besides employers and staff, reads a PASS IAE."""

    holder_user_id: UUID | None
    diagnosing_organisation_id: UUID | None


async def audience_of(uow: UnitOfWork, approval: Approval) -> Audience:
    job_seeker = await uow.job_seekers.get(approval.job_seeker_id)
    diagnosis = await uow.diagnoses.get(approval.diagnosis_id) if approval.diagnosis_id else None
    return Audience(
        holder_user_id=job_seeker.user_id if job_seeker else None,
        diagnosing_organisation_id=diagnosis.author_organisation_id if diagnosis else None,
    )


def may_read(actor: Principal, approval: Approval, audience: Audience) -> bool:
    if actor.is_staff or (actor.user_id is not None and actor.user_id == audience.holder_user_id):
        return True
    if actor.company_id is not None:
        return approval.was_hired_by(actor.company_id)
    deciders = {p.prescriber_organisation_id for p in approval.prolongations}
    return actor.organisation_id is not None and actor.organisation_id in {
        audience.diagnosing_organisation_id,
        *deciders,
    }


def ensure_can_read(actor: Principal, approval: Approval, audience: Audience) -> None:
    if not may_read(actor, approval, audience):
        raise ApprovalNotFound("Ce PASS IAE n'existe pas ou ne vous est pas visible.")
    ensure_scope(actor, Scope.APPROVALS_READ)


async def readable_approval(uow: UnitOfWork, actor: Principal, number: str) -> Approval:
    """The PASS IAE of this number if ``actor`` may read it; 404 otherwise."""
    approval = await uow.approvals.get_by_number(number)
    if approval is None:
        raise ApprovalNotFound("Ce PASS IAE n'existe pas ou ne vous est pas visible.")
    ensure_can_read(actor, approval, await audience_of(uow, approval))
    return approval


def employer_acting_on(actor: Principal, approval: Approval) -> Employer:
    """The employer who suspends or asks to prolong: a person acting for a
    company that employs the holder with this PASS IAE."""
    if actor.is_client:
        raise Forbidden("Une application partenaire ne suspend ni ne prolonge un PASS IAE.")
    company_id = actor.company_id
    if company_id is None or actor.acting_for is None or not approval.is_hired_by(company_id):
        raise Forbidden("Seul un employeur qui a embauché avec ce PASS IAE le suspend ou demande sa prolongation.")
    return Employer(company_id, CompanyKind(actor.acting_for.company_kind), actor.user_id)


def ensure_can_decide(actor: Principal, prolongation: Prolongation, *, assignee_present: bool = False) -> None:
    """A member of the habilitated prescriber organisation the request names;
    only the prescriber it is addressed to while he is one of them."""
    if actor.is_client:
        raise Forbidden("Une application partenaire ne décide pas d'une prolongation.")
    named = prolongation.prescriber_organisation_id
    if named is None or actor.organisation_id != named or actor.acting_for is None:
        raise Forbidden("Seuls les membres de l'organisation désignée par la demande en décident.")
    if not actor.acting_for.habilitated:
        raise Forbidden("Seul un prescripteur habilité décide d'une prolongation.")
    if assignee_present and actor.user_id != prolongation.assigned_to_user_id:
        raise Forbidden("Cette demande est adressée à un autre prescripteur de votre organisation : il en décide.")
