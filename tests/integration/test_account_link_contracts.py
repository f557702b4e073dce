"""One contract for the account links, run on the fake and on the SQL
repository: found by their token hash, used once, voided per person and purpose."""

import asyncio
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from api.bootstrap import Container
from domain.errors import Conflict
from domain.identity.links import (
    EMAIL_CONFIRMATION_TTL,
    AccountLink,
    InvalidLink,
    LinkPurpose,
    consume_link,
    hash_token,
    new_link,
)
from domain.identity.users import User
from tests.fakes.system import FixedClock
from tests.integration.test_repository_contracts import NOW, NewUow, a_person, stored

pytestmark = pytest.mark.anyio


@pytest.fixture
def new_sql_uow(container: Container) -> NewUow:
    return container.new_uow


def a_link(
    user: User | None, *, purpose: LinkPurpose = LinkPurpose.EMAIL_CONFIRMATION, subject_id: UUID | None = None
) -> tuple[AccountLink, str]:
    link, token = new_link(
        purpose=purpose,
        email=user.email if user else "invitee@example.org",
        user_id=user.id if user else None,
        subject_id=subject_id,
        ttl=EMAIL_CONFIRMATION_TTL,
        ids=_RandomIds(),
        clock=FixedClock(NOW),
    )
    return link, token


class _RandomIds:
    """Fresh ids across tests: the SQL database outlives one test's counter."""

    def new_id(self) -> UUID:
        return uuid4()


async def stored_links(new_uow: NewUow, *links: AccountLink) -> None:
    uow = new_uow()
    async with uow:
        for link in links:
            await uow.links.add(link)
        await uow.commit()


async def link_in_new_uow(new_uow: NewUow, token: str) -> AccountLink | None:
    uow = new_uow()
    async with uow:
        return await uow.links.get_by_hash_for_update(hash_token(token))


async def a_stored_person(new_uow: NewUow) -> User:
    user = a_person()
    await stored(new_uow, user)
    return user


async def test_a_link_is_found_by_the_hash_of_its_token_with_every_field(new_uow: NewUow) -> None:
    user = await a_stored_person(new_uow)
    subject = uuid4()
    link, token = a_link(user, purpose=LinkPurpose.INVITATION, subject_id=subject)
    await stored_links(new_uow, link)

    found = await link_in_new_uow(new_uow, token)

    assert found is not None
    assert (found.id, found.purpose, found.email, found.user_id, found.subject_id) == (
        link.id,
        LinkPurpose.INVITATION,
        user.email,
        user.id,
        subject,
    )
    assert (found.created_at, found.expires_at, found.used_at) == (NOW, NOW + EMAIL_CONFIRMATION_TTL, None)


async def test_a_link_for_someone_without_an_account_keeps_no_user(new_uow: NewUow) -> None:
    link, token = a_link(None, purpose=LinkPurpose.INVITATION)
    await stored_links(new_uow, link)

    found = await link_in_new_uow(new_uow, token)

    assert found is not None and (found.user_id, found.email) == (None, "invitee@example.org")


async def test_an_unknown_token_finds_no_link(new_uow: NewUow) -> None:
    link, _ = a_link(await a_stored_person(new_uow))
    await stored_links(new_uow, link)

    assert await link_in_new_uow(new_uow, "not-a-token-anyone-was-sent") is None


async def test_the_raw_token_is_not_what_is_stored(new_uow: NewUow) -> None:
    link, token = a_link(await a_stored_person(new_uow))
    await stored_links(new_uow, link)

    uow = new_uow()
    async with uow:
        assert await uow.links.get_by_hash_for_update(token) is None
    assert link.token_hash != token and len(link.token_hash) == 64


async def test_two_links_with_one_token_hash_are_refused(new_uow: NewUow) -> None:
    user = await a_stored_person(new_uow)
    first, _ = a_link(user)
    await stored_links(new_uow, first)
    twin, _ = a_link(user)
    twin.token_hash = first.token_hash

    with pytest.raises(Conflict):
        await stored_links(new_uow, twin)


async def test_a_consumed_link_is_saved_as_used_and_refused_the_second_time(new_uow: NewUow) -> None:
    link, token = a_link(await a_stored_person(new_uow))
    await stored_links(new_uow, link)
    later = FixedClock(NOW + timedelta(hours=1))

    uow = new_uow()
    async with uow:
        used = await consume_link(uow=uow, clock=later, purpose=LinkPurpose.EMAIL_CONFIRMATION, token=token)
        await uow.commit()

    found = await link_in_new_uow(new_uow, token)
    assert used.id == link.id
    assert found is not None and found.used_at == later.now()
    uow = new_uow()
    with pytest.raises(InvalidLink):
        async with uow:
            await consume_link(uow=uow, clock=later, purpose=LinkPurpose.EMAIL_CONFIRMATION, token=token)


async def test_a_link_consumed_without_commit_stays_unused(new_uow: NewUow) -> None:
    link, token = a_link(await a_stored_person(new_uow))
    await stored_links(new_uow, link)

    uow = new_uow()
    async with uow:
        await consume_link(uow=uow, clock=FixedClock(NOW), purpose=LinkPurpose.EMAIL_CONFIRMATION, token=token)

    found = await link_in_new_uow(new_uow, token)
    assert found is not None and found.used_at is None


async def test_invalidating_voids_the_unused_links_of_that_person_and_purpose_only(new_uow: NewUow) -> None:
    user, other = a_person(), a_person()
    await stored(new_uow, user, other)
    old, old_token = a_link(user)
    other_purpose, other_purpose_token = a_link(user, purpose=LinkPurpose.PASSWORD_RESET)
    someone_else, someone_else_token = a_link(other)
    used, used_token = a_link(user)
    used.use(at=NOW)
    await stored_links(new_uow, old, other_purpose, someone_else, used)

    uow = new_uow()
    async with uow:
        await uow.links.invalidate_for(user.id, LinkPurpose.EMAIL_CONFIRMATION)
        await uow.commit()

    assert await link_in_new_uow(new_uow, old_token) is None
    for kept in (other_purpose_token, someone_else_token, used_token):
        assert await link_in_new_uow(new_uow, kept) is not None


async def test_a_link_used_in_the_unit_of_work_survives_the_invalidation(new_uow: NewUow) -> None:
    user = await a_stored_person(new_uow)
    (link, token), (sibling, sibling_token) = a_link(user), a_link(user)
    await stored_links(new_uow, link, sibling)

    uow = new_uow()
    async with uow:
        await consume_link(uow=uow, clock=FixedClock(NOW), purpose=LinkPurpose.EMAIL_CONFIRMATION, token=token)
        await uow.links.invalidate_for(user.id, LinkPurpose.EMAIL_CONFIRMATION)
        await uow.commit()

    found = await link_in_new_uow(new_uow, token)
    assert found is not None and found.used_at == NOW
    assert await link_in_new_uow(new_uow, sibling_token) is None


async def test_a_new_link_added_after_the_invalidation_is_kept(new_uow: NewUow) -> None:
    user = await a_stored_person(new_uow)
    old, old_token = a_link(user)
    await stored_links(new_uow, old)
    fresh, fresh_token = a_link(user)

    uow = new_uow()
    async with uow:
        await uow.links.invalidate_for(user.id, LinkPurpose.EMAIL_CONFIRMATION)
        await uow.links.add(fresh)
        await uow.commit()

    assert await link_in_new_uow(new_uow, old_token) is None
    assert await link_in_new_uow(new_uow, fresh_token) is not None


@pytest.mark.postgres
async def test_two_concurrent_uses_of_one_link_let_one_through(new_sql_uow: NewUow) -> None:
    user = await a_stored_person(new_sql_uow)
    link, token = a_link(user)
    await stored_links(new_sql_uow, link)

    async def use() -> str:
        uow = new_sql_uow()
        try:
            async with uow:
                await consume_link(uow=uow, clock=FixedClock(NOW), purpose=LinkPurpose.EMAIL_CONFIRMATION, token=token)
                await asyncio.sleep(0.2)  # holds the row lock while the other waits on it
                await uow.commit()
        except InvalidLink:
            return "refused"
        return "used"

    assert sorted(await asyncio.gather(use(), use())) == ["refused", "used"]


async def test_the_confirmation_of_a_users_email_is_saved_at_commit(new_uow: NewUow) -> None:
    user = await a_stored_person(new_uow)
    confirmed_at = NOW + timedelta(hours=2)

    uow = new_uow()
    async with uow:
        loaded = await uow.users.get(user.id)
        assert loaded is not None and loaded.email_confirmed_at is None
        loaded.confirm_email(at=confirmed_at)
        await uow.commit()

    uow = new_uow()
    async with uow:
        found = await uow.users.get(user.id)
    assert found is not None and found.email_confirmed_at == confirmed_at
