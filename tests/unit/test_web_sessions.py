"""Signing in to the pages: a session stored by its token's hash, replaced at
each sign-in, ended at logout and at its expiry; the structure acted for."""

from datetime import timedelta

import pytest

from domain.errors import Forbidden, TooManyAttempts
from domain.identity.memberships import MembershipStatus
from domain.identity.signing_in import act_for, live_session, sign_in, sign_out
from domain.identity.users import User, UserKind
from domain.identity.web_sessions import NewSession, WebSession, token_hash
from tests.unit.situations import PASSWORD, World, a_company, a_membership, a_user, tenant_of

EMAIL = "julien.moreau@example.org"
TTL = timedelta(hours=10)


async def open_session(
    world: World, *, token: str = "token-1", password: str = PASSWORD, replaces: str | None = None
) -> WebSession | None:
    return await sign_in(
        uow=world.uow,
        hasher=world.hasher,
        clock=world.clock,
        ids=world.ids,
        username=EMAIL,
        password=password,
        ip="203.0.113.7",
        secrets=NewSession(token=token, csrf_token=f"csrf-{len(token)}"),
        replaces=replaces,
        ttl=TTL,
    )


async def an_employer(world: World) -> User:
    return await a_user(world, kind=UserKind.EMPLOYER, email=EMAIL)


async def test_a_session_is_stored_by_the_hash_of_its_token_never_the_token(world: World) -> None:
    user = await an_employer(world)

    session = await open_session(world, token="secret-token")

    assert session is not None and session.user_id == user.id
    assert list(world.uow.web_sessions.rows) == [token_hash("secret-token")]
    assert "secret-token" not in repr(world.uow.web_sessions.rows)
    assert session.expires_at == world.clock.now() + TTL
    assert session.csrf_token == "csrf-12"


async def test_a_wrong_password_opens_no_session(world: World) -> None:
    await an_employer(world)

    assert await open_session(world, password="wrong") is None
    assert world.uow.web_sessions.rows == {}


async def test_signing_in_is_slowed_like_the_token_endpoint(world: World) -> None:
    await an_employer(world)
    for _ in range(5):
        await open_session(world, password="wrong")

    with pytest.raises(TooManyAttempts):
        await open_session(world)


async def test_signing_in_again_replaces_the_browser_s_previous_session(world: World) -> None:
    await an_employer(world)
    await open_session(world, token="first")

    await open_session(world, token="second", replaces="first")

    assert await live_session(uow=world.uow, clock=world.clock, token="first") is None
    assert await live_session(uow=world.uow, clock=world.clock, token="second") is not None


async def test_a_session_ends_at_its_expiry_and_at_logout(world: World) -> None:
    await an_employer(world)
    await open_session(world, token="kept")
    await open_session(world, token="left")

    await sign_out(uow=world.uow, token="left")
    world.clock.advance(TTL - timedelta(seconds=1))
    still = await live_session(uow=world.uow, clock=world.clock, token="kept")
    world.clock.advance(timedelta(seconds=1))

    assert await live_session(uow=world.uow, clock=world.clock, token="left") is None
    assert still is not None
    assert await live_session(uow=world.uow, clock=world.clock, token="kept") is None


async def test_expired_sessions_are_forgotten_at_the_next_sign_in(world: World) -> None:
    await an_employer(world)
    await open_session(world, token="old")
    world.clock.advance(TTL + timedelta(minutes=1))

    await open_session(world, token="new")

    assert list(world.uow.web_sessions.rows) == [token_hash("new")]


async def test_a_member_of_several_structures_first_acts_for_the_oldest_then_switches(world: World) -> None:
    user = await an_employer(world)
    first, second = await a_company(world), await a_company(world)
    await a_membership(world, user, tenant_of(first))
    await a_membership(world, user, tenant_of(second))
    session = await open_session(world, token="t")

    switched = await act_for(uow=world.uow, clock=world.clock, token="t", tenant_id=second.id)

    assert session is not None and session.act_as == first.id
    assert switched.act_as == second.id
    assert world.uow.web_sessions.rows[token_hash("t")].act_as == second.id


async def test_nobody_acts_for_a_structure_he_is_not_an_active_member_of(world: World) -> None:
    user = await an_employer(world)
    mine, pending, other = await a_company(world), await a_company(world), await a_company(world)
    await a_membership(world, user, tenant_of(mine))
    await a_membership(world, user, tenant_of(pending), status=MembershipStatus.PENDING)
    await open_session(world, token="t")

    for company in (pending, other):
        with pytest.raises(Forbidden):
            await act_for(uow=world.uow, clock=world.clock, token="t", tenant_id=company.id)
    assert world.uow.web_sessions.rows[token_hash("t")].act_as == mine.id


async def test_an_ended_session_switches_nothing(world: World) -> None:
    user = await an_employer(world)
    company = await a_company(world)
    await a_membership(world, user, tenant_of(company))
    await open_session(world, token="t")
    await sign_out(uow=world.uow, token="t")

    with pytest.raises(Forbidden):
        await act_for(uow=world.uow, clock=world.clock, token="t", tenant_id=company.id)
