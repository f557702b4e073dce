"""Emails that carry an identity link: an invitation, a company's first-member proof."""

from domain.identity.events import CompanyProofRequested, InvitationSent
from domain.job_seekers.ages import paris_day
from domain.notifications.messages import Envelope
from domain.notifications.recipients import envelope_to
from domain.ports.unit_of_work import UnitOfWork


async def invitation_sent(uow: UnitOfWork, event: InvitationSent) -> list[Envelope]:
    """The invited address, whoever holds it (an account or not)."""
    context: dict[str, object] = {
        "token": event.token,
        "tenant_name": event.tenant_name,
        "inviter_name": event.inviter_name,
        "role": event.role,
        "valid_until": paris_day(event.expires_at).isoformat(),
    }
    if event.first_name:
        context["recipient_first_name"] = event.first_name
    return envelope_to(event.email, "invitation", context)


async def company_proof_requested(uow: UnitOfWork, event: CompanyProofRequested) -> list[Envelope]:
    """The company's official address, naming who asks to administer it."""
    context: dict[str, object] = {
        "token": event.token,
        "company_name": event.company_name,
        "claimant_name": event.claimant_name,
        "claimant_email": event.claimant_email,
    }
    return envelope_to(event.official_email, "company_proof", context)
