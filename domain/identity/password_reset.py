"""A forgotten password is replaced through a single-use link (valid 1 h)
sent to the account's address (DOMAIN.md, "Onboarding and trust")."""

from domain.identity.events import PasswordResetRequested
from domain.identity.link_emails import email_a_link
from domain.identity.links import PASSWORD_RESET_TTL, LinkPurpose, consume_link, user_of
from domain.identity.throttle import account_key
from domain.identity.users import User, normalise_email
from domain.ports.system import Clock, IdGenerator, PasswordHasher
from domain.ports.unit_of_work import UnitOfWork


async def request_password_reset(*, uow: UnitOfWork, clock: Clock, ids: IdGenerator, email: str) -> None:
    """Email a password reset link to the account of this address.

    - Anyone; the answer is the same whether the address has an account or
      not, so that it does not tell which accounts exist.
    - Sent only to an active account; its older reset links stop working.
    """
    async with uow:
        user = await uow.users.get_by_email(normalise_email(email))
        if user is None or not user.is_active:
            return
        await email_a_link(
            uow=uow,
            user=user,
            purpose=LinkPurpose.PASSWORD_RESET,
            ttl=PASSWORD_RESET_TTL,
            event_type=PasswordResetRequested,
            clock=clock,
            ids=ids,
        )
        await uow.commit()


async def reset_password(*, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock, token: str, password: str) -> User:
    """Set a new password with the token of a reset link.

    - Anyone holding the token (the link is the proof).
    - An unknown, expired, already used or other link: ``InvalidLink`` (422).
    - The address counts as confirmed (the person read the email); the
      account's other reset and confirmation links stop working, and its
      login throttle is cleared.
    """
    async with uow:
        link = await consume_link(uow=uow, clock=clock, purpose=LinkPurpose.PASSWORD_RESET, token=token)
        user = await user_of(uow, link)
        user.reset_password(password_hash=await hasher.hash(password), at=clock.now())
        for purpose in (LinkPurpose.PASSWORD_RESET, LinkPurpose.EMAIL_CONFIRMATION):
            await uow.links.invalidate_for(user.id, purpose)
        await uow.throttles.delete(account_key(user.email))
        await uow.commit()
        return user
