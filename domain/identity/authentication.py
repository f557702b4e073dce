"""Checking credentials at the token endpoint, with brute-force slowing."""

from domain.errors import TooManyAttempts
from domain.identity.clients import ApiClient
from domain.identity.throttle import (
    ACCOUNT_POLICY,
    IP_POLICY,
    ThrottlePolicy,
    account_key,
    ip_key,
    register_failure,
    seconds_locked,
)
from domain.identity.users import User, normalise_email
from domain.ports.system import Clock, PasswordHasher
from domain.ports.unit_of_work import UnitOfWork


async def authenticate_person(
    *, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock, username: str, password: str, ip: str
) -> User | None:
    """Check a person's email and password (the OAuth2 password grant).

    - Refused with ``TooManyAttempts`` while the account or the IP is locked.
    - A failure counts against both; a success clears the account's counter.
    - Returns the user, or None when the credentials are wrong, the account
      inactive or its email not confirmed yet: all three answer alike, so
      that the answer tells nothing about the account.
    """
    keys = {account_key(username): ACCOUNT_POLICY, ip_key(ip): IP_POLICY}
    async with uow:
        await _refuse_if_locked(uow, clock, list(keys))
        user = await uow.users.get_by_email(normalise_email(username))
        stored = user.password_hash if user and user.is_active and user.email_confirmed else None
        if await hasher.verify(stored, password):
            await uow.throttles.delete(account_key(username))
            await uow.commit()
            return user
        await _count_failures(uow, clock, keys)
        await uow.commit()
        return None


async def authenticate_client(
    *, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock, client: ApiClient, secret: str, ip: str
) -> bool:
    """Check a partner application's secret (client authentication).

    - Refused with ``TooManyAttempts`` while the IP is locked; a failure counts against it.
    """
    keys = {ip_key(ip): IP_POLICY}
    async with uow:
        await _refuse_if_locked(uow, clock, list(keys))
        if client.is_active and await hasher.verify(client.secret_hash, secret):
            return True
        await _count_failures(uow, clock, keys)
        await uow.commit()
        return False


async def find_client(*, uow: UnitOfWork, client_id: str) -> ApiClient | None:
    """The active partner application with this public client id, or None."""
    async with uow:
        client = await uow.clients.get_by_client_id(client_id)
    return client if client and client.is_active else None


async def _refuse_if_locked(uow: UnitOfWork, clock: Clock, keys: list[str]) -> None:
    now = clock.now()
    wait = max([seconds_locked(await uow.throttles.get(key), now=now) for key in keys])
    if wait:
        raise TooManyAttempts("Trop de tentatives de connexion : réessayez plus tard.", retry_after_s=wait)


async def _count_failures(uow: UnitOfWork, clock: Clock, keys: dict[str, ThrottlePolicy]) -> None:
    now = clock.now()
    for key, policy in keys.items():
        state = await uow.throttles.get(key)
        await uow.throttles.put(register_failure(state, key=key, policy=policy, now=now))
