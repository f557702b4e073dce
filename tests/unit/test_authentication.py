from datetime import timedelta

import pytest

from domain.errors import TooManyAttempts
from domain.identity.authentication import authenticate_client, authenticate_person, find_client
from domain.identity.clients import ApiClient
from domain.identity.throttle import ThrottleState, account_key, ip_key
from domain.identity.users import User, UserKind
from tests.unit.situations import PASSWORD, World, a_client, a_company, a_user, tenant_of

IP = "203.0.113.7"
OTHER_IP = "198.51.100.1"
EMAIL = "claire.dubois@example.org"
SECRET = "s3cret-of-the-partner"


async def log_in(world: World, *, username: str = EMAIL, password: str = PASSWORD, ip: str = IP) -> User | None:
    return await authenticate_person(
        uow=world.uow, hasher=world.hasher, clock=world.clock, username=username, password=password, ip=ip
    )


async def fail(world: World, times: int, *, username: str = EMAIL, ip: str = IP) -> None:
    for _ in range(times):
        assert await log_in(world, username=username, password="wrong password", ip=ip) is None


async def counter(world: World, key: str) -> ThrottleState | None:
    async with world.uow as uow:
        return await uow.throttles.get(key)


async def a_person(world: World, *, active: bool = True, confirmed: bool = True) -> User:
    return await a_user(world, kind=UserKind.JOB_SEEKER, email=EMAIL, active=active, confirmed=confirmed)


async def a_partner_client(world: World, *, active: bool = True) -> ApiClient:
    company = await a_company(world)
    return await a_client(world, tenant_of(company), secret=SECRET, active=active)


async def check_client(world: World, client: ApiClient, *, secret: str = SECRET, ip: str = IP) -> bool:
    return await authenticate_client(
        uow=world.uow, hasher=world.hasher, clock=world.clock, client=client, secret=secret, ip=ip
    )


# -- people ----------------------------------------------------------------------------


async def test_the_right_password_returns_the_person(world: World) -> None:
    user = await a_person(world)

    found = await log_in(world)

    assert found is not None and found.id == user.id


async def test_the_email_is_matched_whatever_its_case(world: World) -> None:
    user = await a_person(world)

    found = await log_in(world, username="  Claire.Dubois@EXAMPLE.org")

    assert found is not None and found.id == user.id


async def test_a_wrong_password_returns_nobody(world: World) -> None:
    await a_person(world)

    assert await log_in(world, password="wrong password") is None


async def test_an_unknown_email_returns_nobody(world: World) -> None:
    await a_person(world)

    assert await log_in(world, username="nobody@example.org") is None


async def test_a_wrong_password_counts_against_the_account_and_the_address(world: World) -> None:
    await a_person(world)

    await fail(world, 2)

    account, address = await counter(world, account_key(EMAIL)), await counter(world, ip_key(IP))
    assert account is not None and address is not None
    assert (account.failures, address.failures) == (2, 2)


async def test_an_unknown_email_counts_against_the_address_typed(world: World) -> None:
    await fail(world, 1, username="nobody@example.org")

    account = await counter(world, account_key("nobody@example.org"))
    assert account is not None and account.failures == 1


async def test_a_success_clears_the_account_counter(world: World) -> None:
    await a_person(world)
    await fail(world, 3)

    await log_in(world)

    assert await counter(world, account_key(EMAIL)) is None


async def test_a_success_does_not_clear_the_address_counter(world: World) -> None:
    await a_person(world)
    await fail(world, 3)

    await log_in(world)

    address = await counter(world, ip_key(IP))
    assert address is not None and address.failures == 3


async def test_an_inactive_person_is_refused_with_the_right_password(world: World) -> None:
    await a_person(world, active=False)

    assert await log_in(world) is None


async def test_an_inactive_person_trying_counts_as_a_failure(world: World) -> None:
    await a_person(world, active=False)

    await log_in(world)

    account = await counter(world, account_key(EMAIL))
    assert account is not None and account.failures == 1


async def test_a_person_who_has_not_confirmed_his_email_is_refused_with_the_right_password(world: World) -> None:
    await a_person(world, confirmed=False)

    assert await log_in(world) is None


async def test_an_unconfirmed_person_trying_counts_as_a_failure_like_a_wrong_password(world: World) -> None:
    await a_person(world, confirmed=False)

    await log_in(world)

    account, address = await counter(world, account_key(EMAIL)), await counter(world, ip_key(IP))
    assert account is not None and address is not None
    assert (account.failures, address.failures) == (1, 1)


async def test_four_failures_leave_the_account_open(world: World) -> None:
    user = await a_person(world)
    await fail(world, 4)

    found = await log_in(world)

    assert found is not None and found.id == user.id


async def test_after_five_failures_even_the_right_password_is_refused(world: World) -> None:
    await a_person(world)
    await fail(world, 5)

    with pytest.raises(TooManyAttempts) as raised:
        await log_in(world)

    assert raised.value.retry_after_s == 2


async def test_a_locked_account_is_locked_from_every_address(world: World) -> None:
    await a_person(world)
    await fail(world, 5)

    with pytest.raises(TooManyAttempts):
        await log_in(world, ip=OTHER_IP)


async def test_an_attempt_on_a_locked_account_is_not_counted(world: World) -> None:
    await a_person(world)
    await fail(world, 5)

    with pytest.raises(TooManyAttempts):
        await log_in(world, password="wrong password")

    account = await counter(world, account_key(EMAIL))
    assert account is not None and account.failures == 5


async def test_the_account_opens_again_once_the_delay_has_passed(world: World) -> None:
    user = await a_person(world)
    await fail(world, 5)

    world.clock.advance(timedelta(seconds=2))

    found = await log_in(world)
    assert found is not None and found.id == user.id


async def test_the_account_is_still_locked_just_before_the_delay_has_passed(world: World) -> None:
    await a_person(world)
    await fail(world, 5)
    world.clock.advance(timedelta(seconds=1, milliseconds=500))

    with pytest.raises(TooManyAttempts) as raised:
        await log_in(world)

    assert raised.value.retry_after_s == 1


async def test_a_failure_after_the_lock_locks_twice_as_long(world: World) -> None:
    await a_person(world)
    await fail(world, 5)
    world.clock.advance(timedelta(seconds=2))
    await fail(world, 1)

    with pytest.raises(TooManyAttempts) as raised:
        await log_in(world)

    assert raised.value.retry_after_s == 4


async def test_failures_are_forgotten_after_an_hour_of_quiet(world: World) -> None:
    user = await a_person(world)
    await fail(world, 4)
    world.clock.advance(timedelta(hours=1))
    await fail(world, 1)

    found = await log_in(world)

    assert found is not None and found.id == user.id


async def test_an_address_is_locked_after_twenty_failures_on_different_accounts(world: World) -> None:
    await a_person(world)
    for n in range(20):
        await fail(world, 1, username=f"guess.{n}@example.org")

    with pytest.raises(TooManyAttempts) as raised:
        await log_in(world)

    assert raised.value.retry_after_s == 2


async def test_an_address_is_open_after_nineteen_failures_on_different_accounts(world: World) -> None:
    user = await a_person(world)
    for n in range(19):
        await fail(world, 1, username=f"guess.{n}@example.org")

    found = await log_in(world)

    assert found is not None and found.id == user.id


async def test_a_locked_address_does_not_lock_the_accounts_from_elsewhere(world: World) -> None:
    user = await a_person(world)
    for n in range(20):
        await fail(world, 1, username=f"guess.{n}@example.org")

    found = await log_in(world, ip=OTHER_IP)

    assert found is not None and found.id == user.id


# -- partner applications -------------------------------------------------------------------


async def test_the_right_client_secret_is_accepted(world: World) -> None:
    client = await a_partner_client(world)

    assert await check_client(world, client) is True


async def test_a_wrong_client_secret_is_refused_and_counts_against_the_address(world: World) -> None:
    client = await a_partner_client(world)

    assert await check_client(world, client, secret="guess") is False

    address = await counter(world, ip_key(IP))
    assert address is not None and address.failures == 1


async def test_an_inactive_client_is_refused_with_the_right_secret(world: World) -> None:
    client = await a_partner_client(world, active=False)

    assert await check_client(world, client) is False


async def test_a_client_is_refused_from_an_address_locked_by_failures(world: World) -> None:
    client = await a_partner_client(world)
    for _ in range(20):
        await check_client(world, client, secret="guess")

    with pytest.raises(TooManyAttempts) as raised:
        await check_client(world, client)

    assert raised.value.retry_after_s == 2


async def test_a_client_is_refused_from_an_address_locked_by_password_guessing(world: World) -> None:
    client = await a_partner_client(world)
    for n in range(20):
        await fail(world, 1, username=f"guess.{n}@example.org")

    with pytest.raises(TooManyAttempts):
        await check_client(world, client)


async def test_an_active_client_is_found_by_its_client_id(world: World) -> None:
    client = await a_partner_client(world)

    found = await find_client(uow=world.uow, client_id=client.client_id)

    assert found is not None and found.id == client.id


async def test_an_inactive_client_is_not_found(world: World) -> None:
    client = await a_partner_client(world, active=False)

    assert await find_client(uow=world.uow, client_id=client.client_id) is None


async def test_an_unknown_client_id_is_not_found(world: World) -> None:
    await a_partner_client(world)

    assert await find_client(uow=world.uow, client_id="tpl_unknown") is None
