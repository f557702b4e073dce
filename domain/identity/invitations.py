"""Invitations: an admin asks a person, by email, to join his company or
prescriber organisation; following the emailed link makes him an active member."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import Conflict, Forbidden
from domain.identity.memberships import MembershipRole, Tenant
from domain.identity.users import normalise_email


class InvitationState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


class InvitationNotPending(Conflict):
    code = "invitation-not-pending"
    title = "Invitation déjà acceptée"


class InvitationRefused(Forbidden):
    """One answer for every account that may not take an invitation (a job
    seeker's, staff's, another address's, an account that exists already when
    none was given): telling them apart would tell what the address is."""

    code = "invitation-refused"
    title = "Invitation impossible à accepter ainsi"

    def __init__(self) -> None:
        super().__init__(
            "Cette invitation s'accepte en créant un compte à l'adresse invitée, ou, si un compte "
            "professionnel (employeur ou prescripteur) existe déjà à cette adresse, en étant connecté avec lui."
        )


@dataclass(slots=True, frozen=True)
class InvitationPosition:
    """Where a page of a newest-first list of invitations ends."""

    created_at: datetime
    id: UUID


@dataclass(slots=True)
class Invitation:
    id: UUID
    tenant: Tenant
    email: str
    role: MembershipRole
    invited_by: UUID | None
    created_at: datetime
    expires_at: datetime
    first_name: str = ""
    last_name: str = ""
    accepted_at: datetime | None = None
    accepted_by: UUID | None = None
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        self.email = normalise_email(self.email)

    def state(self, *, at: datetime) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        return InvitationState.PENDING if at < self.expires_at else InvitationState.EXPIRED

    def is_pending(self, *, at: datetime) -> bool:
        return self.state(at=at) is InvitationState.PENDING

    def accept(self, *, user_id: UUID, at: datetime) -> None:
        self.accepted_at, self.accepted_by = at, user_id

    def revoke(self, *, at: datetime) -> None:
        """Its link is dead from now on; an accepted invitation stays accepted (409)."""
        if self.accepted_at is not None:
            raise InvitationNotPending("Cette invitation a déjà été acceptée : retirez le membre s'il le faut.")
        if self.revoked_at is None:
            self.revoked_at = at

    @property
    def position(self) -> InvitationPosition:
        return InvitationPosition(self.created_at, self.id)
