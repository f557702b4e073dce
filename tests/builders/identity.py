"""Builders of users, memberships and their bearer tokens."""

from datetime import timedelta
from uuid import UUID

from api.bootstrap import Container
from domain.identity.links import EMAIL_CONFIRMATION_TTL, LinkPurpose, new_link
from domain.identity.memberships import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Tenant,
)
from domain.identity.users import User, UserKind
from tests.builders.companies import _serial

PASSWORD = "correct horse battery"


_hashes: dict[str, str] = {}


async def _hash_of(container: Container, password: str) -> str:
    """Argon2 is slow on purpose; one real hash per password serves every test."""
    if password not in _hashes:
        _hashes[password] = await container.hasher.hash(password)
    return _hashes[password]


async def a_user(
    container: Container,
    *,
    kind: UserKind,
    email: str | None = None,
    password: str = PASSWORD,
    member_of: Tenant | None = None,
    role: MembershipRole = MembershipRole.ADMIN,
    status: MembershipStatus = MembershipStatus.ACTIVE,
    active: bool = True,
    confirmed: bool = True,
) -> User:
    user = User(
        id=container.ids.new_id(),
        kind=kind,
        email=email or f"{kind}.{next(_serial)}@example.org",
        first_name="Camille",
        last_name="Martin",
        password_hash=await _hash_of(container, password),
        created_at=container.clock.now(),
        is_active=active,
        email_confirmed_at=container.clock.now() if confirmed else None,
    )
    uow = container.new_uow()
    async with uow:
        await uow.users.add(user)
        if member_of is not None:
            await uow.memberships.add(
                Membership(
                    id=container.ids.new_id(),
                    user_id=user.id,
                    tenant=member_of,
                    role=role,
                    status=status,
                    created_at=container.clock.now(),
                )
            )
        await uow.commit()
    return user


async def join(
    container: Container,
    user: User,
    tenant: Tenant,
    *,
    role: MembershipRole = MembershipRole.MEMBER,
    status: MembershipStatus = MembershipStatus.ACTIVE,
) -> None:
    uow = container.new_uow()
    async with uow:
        await uow.memberships.add(
            Membership(
                id=container.ids.new_id(),
                user_id=user.id,
                tenant=tenant,
                role=role,
                status=status,
                created_at=container.clock.now(),
            )
        )
        await uow.commit()


def bearer(container: Container, user: User, *, act_as: UUID | None = None, scope: str = "") -> dict[str, str]:
    """Headers of a request made by ``user`` with a real signed token."""
    token = container.tokens.issue(subject=str(user.id), subject_type="user", scope=scope)
    headers = {"Authorization": f"Bearer {token}"}
    if act_as is not None:
        headers["Tremplin-Act-As"] = str(act_as)
    return headers


async def a_link_token(
    container: Container,
    user: User,
    *,
    purpose: LinkPurpose = LinkPurpose.EMAIL_CONFIRMATION,
    ttl: timedelta = EMAIL_CONFIRMATION_TTL,
) -> str:
    """The raw token of a fresh link of ``user``, as an email would carry it."""
    link, token = new_link(
        purpose=purpose,
        email=user.email,
        user_id=user.id,
        subject_id=None,
        ttl=ttl,
        ids=container.ids,
        clock=container.clock,
    )
    uow = container.new_uow()
    async with uow:
        await uow.links.add(link)
        await uow.commit()
    return token
