"""Who is emailed about a PASS IAE prolongation (DOMAIN.md, "Notifications")."""

from uuid import UUID

from domain.approvals.events import ProlongationDecided, ProlongationRequested
from domain.approvals.prolongation_deciders import deciders_of
from domain.approvals.prolongation_denials import (
    DENY_REASON_LABELS,
    PROPOSED_ACTION_LABELS,
    DenyReason,
    ProposedAction,
)
from domain.job_seekers.ages import paris_day
from domain.notifications.events import ApprovalEndingSoon, ProlongationReminderDue
from domain.notifications.messages import Envelope
from domain.notifications.recipients import envelopes_for, members_of_company, user_by_id
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
    """Who decides it: the prescriber it is addressed to, or the members of
    the organisation asked to decide (none when granted on request)."""
    return await _to_deciders(uow, event.approval_number, event.prolongation_id, "prolongation_requested", {})


async def prolongation_reminder(uow: UnitOfWork, event: ProlongationReminderDue) -> list[Envelope]:
    """Who decides it, as when it was asked, while it is still pending."""
    extra = {"days_waiting": event.days_waiting, "reminder": event.reminder}
    return await _to_deciders(uow, event.approval_number, event.prolongation_id, "prolongation_reminder", extra)


async def _to_deciders(
    uow: UnitOfWork, number: str, prolongation_id: UUID, template: str, extra: dict[str, object]
) -> list[Envelope]:
    approval = await uow.approvals.get_by_number(number)
    prolongation = approval.prolongation(prolongation_id) if approval else None
    if prolongation is None or prolongation.prescriber_organisation_id is None:
        return []
    context = await _approval_context(uow, number, prolongation.requested_by_company_id)
    if context is None:
        return []
    context |= extra | {
        "end_at": prolongation.end_at.isoformat(),
        "reason_label": PROLONGATION_REASONS.get(prolongation.reason, prolongation.reason),
        "request_id": str(prolongation.id),
        "requested_at": paris_day(prolongation.requested_at).isoformat(),
    }
    return envelopes_for(await deciders_of(uow, prolongation), template, context)


async def prolongation_decided(uow: UnitOfWork, event: ProlongationDecided) -> list[Envelope]:
    """The employer who asked (or, for a partner's request, the company's members)."""
    context = await _approval_context(uow, event.approval_number, event.requested_by_company_id)
    if context is None:
        return []
    requester = await user_by_id(uow, event.requested_by_user_id)
    recipients = [requester] if requester else await members_of_company(uow, event.requested_by_company_id)
    organisation_id = event.prescriber_organisation_id
    organisation = await uow.organisations.get(organisation_id) if organisation_id else None
    context |= {
        "decision": "granted" if event.granted else "denied",
        "denial_reason": event.deny_reason,
        "denial_reason_label": DENY_REASON_LABELS[DenyReason(event.deny_reason_code)]
        if event.deny_reason_code
        else None,
        "proposed_actions": [PROPOSED_ACTION_LABELS[ProposedAction(a)] for a in event.proposed_actions],
        "proposed_actions_explanation": event.proposed_actions_explanation,
        "organisation_name": organisation.name if organisation else None,
    }
    return envelopes_for(recipients, "prolongation_decided", context)


async def approval_ending_soon(uow: UnitOfWork, event: ApprovalEndingSoon) -> list[Envelope]:
    """The members of the company that hires with it (a PASS IAE delivered: never turned off)."""
    context = await _approval_context(uow, event.approval_number, event.company_id)
    if context is None:
        return []
    context |= {"end_at": event.end_at.isoformat(), "days_left": event.days_left}
    return envelopes_for(await members_of_company(uow, event.company_id), "approval_expiring", context)
