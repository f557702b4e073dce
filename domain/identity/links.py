"""Single-use links sent by email: confirming an address, resetting a
password, accepting an invitation, proving a company's first member.

The link carries a random token (256 bits); only its SHA-256 is stored, so
that reading the database does not give anyone a usable link."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import RuleViolation
from domain.identity.users import User, normalise_email
from domain.ports.system import Clock, IdGenerator

if TYPE_CHECKING:
    # The unit of work's port names this module's entity: imported for typing only.
    from domain.ports.unit_of_work import UnitOfWork

EMAIL_CONFIRMATION_TTL = timedelta(hours=24)
PASSWORD_RESET_TTL = timedelta(hours=1)
INVITATION_TTL = timedelta(days=14)
COMPANY_PROOF_TTL = timedelta(hours=24)
INVALID_DETAIL = "Ce lien n'est pas valide : il a peut-être expiré ou déjà servi. Demandez-en un nouveau."


class LinkPurpose(StrEnum):
    EMAIL_CONFIRMATION = "email_confirmation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
    INVITATION = "invitation"
    COMPANY_PROOF = "company_proof"


class InvalidLink(RuleViolation):
    """One answer for every refused link: telling an unknown token from an
    expired or used one would only help someone guessing."""

    code = "invalid-link"
    title = "Lien invalide ou expiré"


@dataclass(slots=True)
class AccountLink:
    id: UUID
    purpose: LinkPurpose
    token_hash: str
    email: str
    user_id: UUID | None
    subject_id: UUID | None  # what the link is about: an invitation, a membership…
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    def __post_init__(self) -> None:
        self.email = normalise_email(self.email)

    def is_usable(self, *, purpose: LinkPurpose, at: datetime) -> bool:
        return self.purpose is purpose and self.used_at is None and at < self.expires_at

    def use(self, *, at: datetime) -> None:
        self.used_at = at


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(
    *,
    purpose: LinkPurpose,
    email: str,
    user_id: UUID | None,
    subject_id: UUID | None,
    ttl: timedelta,
    ids: IdGenerator,
    clock: Clock,
) -> tuple[AccountLink, str]:
    """A link to store (``uow.links.add``) and its raw token, which goes only
    into the email."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    link = AccountLink(
        id=ids.new_id(),
        purpose=purpose,
        token_hash=hash_token(token),
        email=email,
        user_id=user_id,
        subject_id=subject_id,
        created_at=now,
        expires_at=now + ttl,
    )
    return link, token


async def consume_link(*, uow: "UnitOfWork", clock: Clock, purpose: LinkPurpose, token: str) -> AccountLink:
    """The link of ``token``, locked and marked used; the caller commits.

    - Unknown, expired, already used or made for another purpose: ``InvalidLink``.
    - Call it inside ``async with uow``: two concurrent uses of one link
      wait for each other on the row lock, and the second is refused.
    """
    link = await uow.links.get_by_hash_for_update(hash_token(token))
    now = clock.now()
    if link is None or not link.is_usable(purpose=purpose, at=now):
        raise InvalidLink(INVALID_DETAIL)
    link.use(at=now)
    return link


async def user_of(uow: "UnitOfWork", link: AccountLink) -> User:
    """The active account a link was sent to, at the address it was sent to;
    else the link is as good as unknown: ``InvalidLink``."""
    user = await uow.users.get(link.user_id) if link.user_id is not None else None
    if user is None or not user.is_active or user.email != link.email:
        raise InvalidLink(INVALID_DETAIL)
    return user
