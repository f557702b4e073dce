"""Emails about a person's own account: the links that confirm his address
and reset his password (DOMAIN.md, "Onboarding and trust")."""

from domain.identity.events import EmailConfirmationRequested, LinkSent, PasswordResetRequested
from domain.notifications.messages import Envelope
from domain.notifications.recipients import envelopes_for, user_by_id
from domain.ports.unit_of_work import UnitOfWork


async def _link_to_the_account_holder(uow: UnitOfWork, event: LinkSent, template: str) -> list[Envelope]:
    user = await user_by_id(uow, event.user_id)
    if user is None:
        return []
    return envelopes_for([user], template, {"token": event.token, "valid_hours": event.valid_hours})


async def email_confirmation_requested(uow: UnitOfWork, event: EmailConfirmationRequested) -> list[Envelope]:
    """The person who signed up, at the address to confirm."""
    return await _link_to_the_account_holder(uow, event, "account_confirmation")


async def password_reset_requested(uow: UnitOfWork, event: PasswordResetRequested) -> list[Envelope]:
    """The holder of the account, at its address."""
    return await _link_to_the_account_holder(uow, event, "password_reset")
