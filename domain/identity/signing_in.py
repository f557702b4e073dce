"""Signing in and out of the web pages, and switching the structure one acts for."""

from datetime import timedelta
from uuid import UUID

from domain.errors import Forbidden
from domain.identity.authentication import authenticate_person
from domain.identity.memberships import Membership
from domain.identity.web_sessions import NewSession, WebSession, token_hash
from domain.ports.system import Clock, IdGenerator, PasswordHasher
from domain.ports.unit_of_work import UnitOfWork


async def sign_in(
    *,
    uow: UnitOfWork,
    hasher: PasswordHasher,
    clock: Clock,
    ids: IdGenerator,
    username: str,
    password: str,
    ip: str,
    secrets: NewSession,
    replaces: str | None,
    ttl: timedelta,
) -> WebSession | None:
    """Open a session for a person who gives his email and password.

    - The same checks and brute-force slowing as the token endpoint
      (``TooManyAttempts`` while locked); None when the credentials are wrong.
    - The session the browser had (``replaces``) ends: a new token at each sign-in.
    - A person with several memberships first acts for the oldest active one.
    """
    user = await authenticate_person(uow=uow, hasher=hasher, clock=clock, username=username, password=password, ip=ip)
    if user is None:
        return None
    now = clock.now()
    async with uow:
        await uow.web_sessions.delete_expired(now)
        if replaces:
            await uow.web_sessions.delete(token_hash(replaces))
        active = [m for m in await uow.memberships.for_user(user.id) if m.is_active]
        session = WebSession(
            id=ids.new_id(),
            token_hash=token_hash(secrets.token),
            user_id=user.id,
            csrf_token=secrets.csrf_token,
            created_at=now,
            expires_at=now + ttl,
            act_as=active[0].tenant.id if active else None,
        )
        await uow.web_sessions.add(session)
        await uow.commit()
    return session


async def live_session(*, uow: UnitOfWork, clock: Clock, token: str) -> WebSession | None:
    """The session a browser's token opens, or None when unknown or expired."""
    async with uow:
        session = await uow.web_sessions.get(token_hash(token))
    return session if session is not None and session.is_live(clock.now()) else None


async def sign_out(*, uow: UnitOfWork, token: str) -> None:
    """End the session of this token (nothing happens for an unknown one)."""
    async with uow:
        await uow.web_sessions.delete(token_hash(token))
        await uow.commit()


async def act_for(*, uow: UnitOfWork, clock: Clock, token: str, tenant_id: UUID) -> WebSession:
    """Switch the structure a signed-in person acts for.

    - Only a structure he is an active member of (``Forbidden`` otherwise).
    """
    async with uow:
        session = await uow.web_sessions.get(token_hash(token))
        if session is None or not session.is_live(clock.now()):
            raise Forbidden("Votre session a pris fin : reconnectez-vous.")
        memberships = await uow.memberships.for_user(session.user_id)
        if not any(_is_active_in(m, tenant_id) for m in memberships):
            raise Forbidden("Vous n'êtes pas membre actif de cette structure.")
        session.act_as = tenant_id
        await uow.commit()
        return session


def _is_active_in(membership: Membership, tenant_id: UUID) -> bool:
    return membership.is_active and membership.tenant.id == tenant_id
