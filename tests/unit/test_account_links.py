"""The rules of single-use links: random tokens stored as hashes, one
purpose each, refused once expired or used, with one error for every refusal."""

from datetime import timedelta

import pytest

from domain.identity.links import (
    EMAIL_CONFIRMATION_TTL,
    PASSWORD_RESET_TTL,
    AccountLink,
    InvalidLink,
    LinkPurpose,
    consume_link,
    hash_token,
    new_link,
)
from tests.unit.situations import World

pytestmark = pytest.mark.anyio


async def a_stored_link(
    world: World, *, purpose: LinkPurpose = LinkPurpose.EMAIL_CONFIRMATION, ttl: timedelta = EMAIL_CONFIRMATION_TTL
) -> tuple[AccountLink, str]:
    link, token = new_link(
        purpose=purpose,
        email=" Lea.Martin@Example.org",
        user_id=world.ids.new_id(),
        subject_id=None,
        ttl=ttl,
        ids=world.ids,
        clock=world.clock,
    )
    async with world.uow as uow:
        await uow.links.add(link)
        await uow.commit()
    return link, token


async def consume(world: World, token: str, purpose: LinkPurpose = LinkPurpose.EMAIL_CONFIRMATION) -> AccountLink:
    async with world.uow as uow:
        link = await consume_link(uow=uow, clock=world.clock, purpose=purpose, token=token)
        await uow.commit()
        return link


async def test_a_new_link_keeps_only_the_hash_of_a_fresh_256_bit_token(world: World) -> None:
    made = [await a_stored_link(world) for _ in range(3)]

    tokens = {token for _, token in made}
    assert len(tokens) == 3 and all(len(token) >= 43 for token in tokens)  # 32 bytes, URL-safe base64
    assert all(link.token_hash == hash_token(token) != token for link, token in made)


async def test_a_new_link_expires_after_its_ttl_and_keeps_the_normalised_email(world: World) -> None:
    link, _ = await a_stored_link(world, ttl=PASSWORD_RESET_TTL)

    assert (link.created_at, link.expires_at) == (world.clock.now(), world.clock.now() + PASSWORD_RESET_TTL)
    assert link.email == "lea.martin@example.org"


async def test_consuming_a_link_marks_it_used(world: World) -> None:
    link, token = await a_stored_link(world)
    world.clock.advance(timedelta(hours=2))

    used = await consume(world, token)

    assert used.id == link.id and used.used_at == world.clock.now()
    assert world.uow.links.rows[link.id].used_at == world.clock.now()


async def test_a_link_is_refused_the_second_time(world: World) -> None:
    _, token = await a_stored_link(world)
    await consume(world, token)

    with pytest.raises(InvalidLink):
        await consume(world, token)


async def test_a_link_is_refused_once_expired(world: World) -> None:
    _, token = await a_stored_link(world)
    world.clock.advance(EMAIL_CONFIRMATION_TTL)

    with pytest.raises(InvalidLink):
        await consume(world, token)


async def test_a_link_is_refused_for_another_purpose(world: World) -> None:
    _, token = await a_stored_link(world, purpose=LinkPurpose.EMAIL_CONFIRMATION)

    with pytest.raises(InvalidLink):
        await consume(world, token, LinkPurpose.PASSWORD_RESET)
    assert (await consume(world, token)).used_at is not None


async def test_an_unknown_token_is_refused_with_the_same_error(world: World) -> None:
    await a_stored_link(world)

    with pytest.raises(InvalidLink) as refused:
        await consume(world, "a-token-nobody-was-sent")

    assert (refused.value.code, refused.value.title) == ("invalid-link", "Lien invalide ou expiré")


async def test_a_refused_link_is_left_unused(world: World) -> None:
    link, token = await a_stored_link(world)

    with pytest.raises(InvalidLink):
        await consume(world, token, LinkPurpose.INVITATION)

    assert world.uow.links.rows[link.id].used_at is None
