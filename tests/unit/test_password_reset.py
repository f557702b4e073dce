"""A forgotten password is replaced through a single-use link valid 1 h;
asking for one does the same whether the address has an account or not."""

from datetime import timedelta

import pytest

from domain.identity.email_confirmation import resend_confirmation
from domain.identity.links import AccountLink, InvalidLink, LinkPurpose, hash_token
from domain.identity.password_reset import request_password_reset, reset_password
from domain.identity.throttle import ThrottleState, account_key, ip_key
from domain.identity.users import User
from domain.notifications.messages import OutboxMessage
from tests.unit.situations import World, a_user

pytestmark = pytest.mark.anyio
EMAIL = "lea.martin@example.org"
NEW_PASSWORD = "un tout nouveau mot de passe"


def emails(world: World, template: str = "password_reset") -> list[OutboxMessage]:
    found = (m for m in world.uow.outbox.rows.values() if m.template == template)
    return sorted(found, key=lambda m: m.created_at)


def links(world: World, purpose: LinkPurpose = LinkPurpose.PASSWORD_RESET) -> list[AccountLink]:
    return [link for link in world.uow.links.rows.values() if link.purpose is purpose]


def token_of(message: OutboxMessage) -> str:
    return str(message.context["token"])


async def ask(world: World, email: str = EMAIL) -> None:
    await request_password_reset(uow=world.uow, clock=world.clock, ids=world.ids, email=email)


async def reset(world: World, token: str, password: str = NEW_PASSWORD) -> User:
    return await reset_password(uow=world.uow, hasher=world.hasher, clock=world.clock, token=token, password=password)


async def stored(world: World) -> User:
    async with world.uow as uow:
        user = await uow.users.get_by_email(EMAIL)
    assert user is not None
    return user


# -- asking ------------------------------------------------------------------------------


async def test_asking_emails_the_account_a_link_valid_one_hour(world: World) -> None:
    user = await a_user(world, email=EMAIL)

    await ask(world, " Lea.Martin@Example.org ")

    (message,) = emails(world)
    (link,) = links(world)
    assert (message.recipient, message.context["valid_hours"]) == (EMAIL, 1)
    assert (link.user_id, link.email, link.token_hash) == (user.id, EMAIL, hash_token(token_of(message)))
    assert link.expires_at == world.clock.now() + timedelta(hours=1)


@pytest.mark.parametrize("who", ["unknown", "inactive"])
async def test_asking_for_an_address_without_an_active_account_sends_nothing(world: World, who: str) -> None:
    if who == "inactive":
        await a_user(world, email=EMAIL, active=False)

    await ask(world)

    assert (emails(world), links(world)) == ([], [])


async def test_asking_again_voids_the_older_link(world: World) -> None:
    await a_user(world, email=EMAIL)
    await ask(world)
    world.clock.advance(timedelta(minutes=5))
    await ask(world)

    older, newer = emails(world)
    with pytest.raises(InvalidLink):
        await reset(world, token_of(older))
    await reset(world, token_of(newer))


# -- resetting ---------------------------------------------------------------------------


async def test_the_link_sets_the_new_password(world: World) -> None:
    await a_user(world, email=EMAIL)
    await ask(world)

    await reset(world, token_of(emails(world)[0]))

    assert await world.hasher.verify((await stored(world)).password_hash, NEW_PASSWORD)


async def test_the_link_works_once(world: World) -> None:
    await a_user(world, email=EMAIL)
    await ask(world)
    token = token_of(emails(world)[0])
    await reset(world, token)

    with pytest.raises(InvalidLink):
        await reset(world, token, "encore un autre mot de passe")
    assert await world.hasher.verify((await stored(world)).password_hash, NEW_PASSWORD)


async def test_the_link_expires_after_one_hour(world: World) -> None:
    await a_user(world, email=EMAIL)
    await ask(world)
    world.clock.advance(timedelta(hours=1))

    with pytest.raises(InvalidLink):
        await reset(world, token_of(emails(world)[0]))


async def test_a_confirmation_link_does_not_reset(world: World) -> None:
    await a_user(world, email=EMAIL, confirmed=False)
    await resend_confirmation(uow=world.uow, clock=world.clock, ids=world.ids, email=EMAIL)

    with pytest.raises(InvalidLink):
        await reset(world, token_of(emails(world, "account_confirmation")[0]))


async def test_a_reset_confirms_the_email_and_voids_the_waiting_confirmation_link(world: World) -> None:
    await a_user(world, email=EMAIL, confirmed=False)
    await resend_confirmation(uow=world.uow, clock=world.clock, ids=world.ids, email=EMAIL)
    await ask(world)
    world.clock.advance(timedelta(minutes=10))

    user = await reset(world, token_of(emails(world)[0]))

    assert user.email_confirmed_at == world.clock.now()
    assert links(world, LinkPurpose.EMAIL_CONFIRMATION) == []


async def test_a_reset_keeps_an_earlier_confirmation_instant(world: World) -> None:
    user = await a_user(world, email=EMAIL)
    await ask(world)
    world.clock.advance(timedelta(minutes=10))

    await reset(world, token_of(emails(world)[0]))

    assert (await stored(world)).email_confirmed_at == user.email_confirmed_at


async def test_a_reset_clears_the_login_throttle_of_the_account_not_of_the_address(world: World) -> None:
    await a_user(world, email=EMAIL)
    locked = ThrottleState(key=account_key(EMAIL), failures=9, last_failure_at=world.clock.now())
    address = ThrottleState(key=ip_key("203.0.113.7"), failures=9, last_failure_at=world.clock.now())
    async with world.uow as uow:
        await uow.throttles.put(locked)
        await uow.throttles.put(address)
        await uow.commit()
    await ask(world)

    await reset(world, token_of(emails(world)[0]))

    assert set(world.uow.throttles.rows) == {ip_key("203.0.113.7")}


async def test_the_link_of_a_deactivated_account_is_refused(world: World) -> None:
    await a_user(world, email=EMAIL)
    await ask(world)
    async with world.uow as uow:
        user = await uow.users.get_by_email(EMAIL)
        assert user is not None
        user.is_active = False
        await uow.commit()

    with pytest.raises(InvalidLink):
        await reset(world, token_of(emails(world)[0]))
