"""The web sessions repository, SQL and fake alike: found by the token's
hash, changed at commit, deleted one by one or once expired."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.identity.users import User, UserKind
from domain.identity.web_sessions import WebSession, token_hash
from domain.ports.unit_of_work import UnitOfWork

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NewUow = Callable[[], UnitOfWork]


async def a_person(new_uow: NewUow) -> UUID:
    user = User(uuid4(), UserKind.EMPLOYER, f"{uuid4().hex}@example.org", "Julien", "Moreau", "hash", NOW)
    async with new_uow() as uow:
        await uow.users.add(user)
        await uow.commit()
    return user.id


async def a_session(new_uow: NewUow, user_id: UUID, token: str, *, expires_at: datetime) -> WebSession:
    session = WebSession(uuid4(), token_hash(token), user_id, "csrf", NOW, expires_at)
    async with new_uow() as uow:
        await uow.web_sessions.add(session)
        await uow.commit()
    return session


async def test_a_session_is_found_by_its_token_hash_with_its_instants(new_uow: NewUow) -> None:
    user_id = await a_person(new_uow)
    stored = await a_session(new_uow, user_id, "t1", expires_at=NOW + timedelta(hours=1))

    async with new_uow() as uow:
        found = await uow.web_sessions.get(token_hash("t1"))
        missing = await uow.web_sessions.get(token_hash("t2"))

    assert found == stored and missing is None
    assert found is not None and found.expires_at.tzinfo is not None


async def test_the_structure_acted_for_is_saved_at_commit(new_uow: NewUow) -> None:
    user_id = await a_person(new_uow)
    await a_session(new_uow, user_id, "t1", expires_at=NOW + timedelta(hours=1))
    tenant = uuid4()

    async with new_uow() as uow:
        session = await uow.web_sessions.get(token_hash("t1"))
        assert session is not None
        session.act_as = tenant
        await uow.commit()
    async with new_uow() as uow:
        again = await uow.web_sessions.get(token_hash("t1"))

    assert again is not None and again.act_as == tenant


async def test_a_deleted_session_is_gone_and_others_stay(new_uow: NewUow) -> None:
    user_id = await a_person(new_uow)
    await a_session(new_uow, user_id, "gone", expires_at=NOW + timedelta(hours=1))
    await a_session(new_uow, user_id, "kept", expires_at=NOW + timedelta(hours=1))

    async with new_uow() as uow:
        loaded = await uow.web_sessions.get(token_hash("gone"))
        await uow.web_sessions.delete(token_hash("gone"))
        await uow.commit()
    async with new_uow() as uow:
        gone, kept = await uow.web_sessions.get(token_hash("gone")), await uow.web_sessions.get(token_hash("kept"))

    assert loaded is not None and gone is None and kept is not None


async def test_expired_sessions_are_deleted_and_live_ones_kept(new_uow: NewUow) -> None:
    user_id = await a_person(new_uow)
    await a_session(new_uow, user_id, "old", expires_at=NOW - timedelta(seconds=1))
    await a_session(new_uow, user_id, "live", expires_at=NOW + timedelta(seconds=1))

    async with new_uow() as uow:
        await uow.web_sessions.delete_expired(NOW)
        await uow.commit()
    async with new_uow() as uow:
        old, live = await uow.web_sessions.get(token_hash("old")), await uow.web_sessions.get(token_hash("live"))

    assert old is None and live is not None
