"""Every account confirms its email through a single-use link (valid 24 h)
before it gets a token (DOMAIN.md, "Onboarding and trust")."""

from domain.identity.events import EmailConfirmationRequested
from domain.identity.link_emails import email_a_link
from domain.identity.links import EMAIL_CONFIRMATION_TTL, LinkPurpose, consume_link, user_of
from domain.identity.users import User, normalise_email
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


async def send_confirmation_link(*, uow: UnitOfWork, user: User, clock: Clock, ids: IdGenerator) -> None:
    """Within the caller's transaction (a signup, an invitation accepted by a
    new person): email the account a confirmation link; its older ones stop working."""
    await email_a_link(
        uow=uow,
        user=user,
        purpose=LinkPurpose.EMAIL_CONFIRMATION,
        ttl=EMAIL_CONFIRMATION_TTL,
        event_type=EmailConfirmationRequested,
        clock=clock,
        ids=ids,
    )


async def confirm_email(*, uow: UnitOfWork, clock: Clock, token: str) -> User:
    """Confirm an account's address with the token of the link emailed to it.

    - Anyone holding the token (the link is the proof).
    - An unknown, expired, already used or other link: ``InvalidLink`` (422).
    - The account may then get tokens.
    """
    async with uow:
        link = await consume_link(uow=uow, clock=clock, purpose=LinkPurpose.EMAIL_CONFIRMATION, token=token)
        user = await user_of(uow, link)
        user.confirm_email(at=clock.now())
        await uow.commit()
        return user


async def resend_confirmation(*, uow: UnitOfWork, clock: Clock, ids: IdGenerator, email: str) -> None:
    """Send a new confirmation link to an account that still waits for one.

    - Anyone; the answer is the same for a known, an unknown or an already
      confirmed address, so that it does not tell which accounts exist.
    - Sent only to an active account not yet confirmed; its older links stop working.
    """
    async with uow:
        user = await uow.users.get_by_email(normalise_email(email))
        if user is None or not user.is_active or user.email_confirmed:
            return
        await send_confirmation_link(uow=uow, user=user, clock=clock, ids=ids)
        await uow.commit()
