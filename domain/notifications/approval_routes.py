"""Who is emailed about a PASS IAE prolongation (DOMAIN.md, "Notifications")."""

from uuid import UUID

from domain.approvals.events import ProlongationDecided, ProlongationRequested
from domain.identity.memberships import Tenant, TenantKind
from domain.notifications.events import ApprovalEndingSoon
from domain.notifications.messages import Envelope
from domain.notifications.recipients import active_users, envelopes_for, members_of_company, user_by_id
from domain.ports.unit_of_work import UnitOfWork

PROLONGATION_REASONS = {
    "senior_cdi": "CDI d'inclusion d'une personne de plus de 57 ans",
    "complete_training": "Fin d'une formation",
    "rqth": "Reconnaissance de la qualité de travailleur handicapé (RQTH)",
    "senior": "Personne de 50 ans ou plus",
    "particular_difficulties": "Difficultés particulières",
}


async def _approval_context(uow: UnitOfWork, number: str, company_id: UUID) -> dict[str, object] | None:
    approval = await uow.approvals.get_by_number(number)
    if approval is None:
        return None
    job_seeker = await uow.job_seekers.get(approval.job_seeker_id)
    company = await uow.companies.get(company_id)
    if job_seeker is None or company is None:
        return None
    return {
        "approval_number": approval.number,
        "job_seeker_name": f"{job_seeker.first_name} {job_seeker.last_name}",
        "company_name": company.name,
        "end_at": approval.end_at.isoformat(),
    }


async def prolongation_requested(uow: UnitOfWork, event: ProlongationRequested) -> list[Envelope]:
    """The members of the prescriber organisation asked to decide (none when
    the reason is granted on request)."""
    if event.prescriber_organisation_id is None:
        return []
    context = await _approval_context(uow, event.approval_number, event.requested_by_company_id)
    if context is None:
        return []
    tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, event.prescriber_organisation_id)
    deciders = await active_users(uow, list(await uow.memberships.for_tenant(tenant)))
    context |= {
        "end_at": event.end_at.isoformat(),
        "reason_label": PROLONGATION_REASONS.get(event.reason, event.reason),
        "request_id": str(event.prolongation_id),
    }
    return envelopes_for(deciders, "prolongation_requested", context)


async def prolongation_decided(uow: UnitOfWork, event: ProlongationDecided) -> list[Envelope]:
    """The employer who asked (or, for a partner's request, the company's members)."""
    context = await _approval_context(uow, event.approval_number, event.requested_by_company_id)
    if context is None:
        return []
    requester = await user_by_id(uow, event.requested_by_user_id)
    recipients = [requester] if requester else await members_of_company(uow, event.requested_by_company_id)
    context |= {"decision": "granted" if event.granted else "denied", "denial_reason": event.deny_reason}
    return envelopes_for(recipients, "prolongation_decided", context)


async def approval_ending_soon(uow: UnitOfWork, event: ApprovalEndingSoon) -> list[Envelope]:
    """The members of the company that hires with it (a PASS IAE delivered: never turned off)."""
    context = await _approval_context(uow, event.approval_number, event.company_id)
    if context is None:
        return []
    context |= {"end_at": event.end_at.isoformat(), "days_left": event.days_left}
    return envelopes_for(await members_of_company(uow, event.company_id), "approval_expiring", context)
