from datetime import datetime
from uuid import UUID

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from api.http.schemas.common import Email, Input, LinkToken, Name, Password
from domain.identity.accepting import NEWCOMER_FIELDS, Newcomer
from domain.identity.invitations import Invitation, InvitationState
from domain.identity.members import Member
from domain.identity.memberships import MembershipRole, MembershipStatus, Tenant, TenantKind


def _tenant_fields(tenant: Tenant) -> dict[str, object]:
    is_company = tenant.kind is TenantKind.COMPANY
    return {
        "kind": tenant.kind,
        "company_id": tenant.id if is_company else None,
        "organisation_id": None if is_company else tenant.id,
    }


class InvitationCreate(Input):
    email: Email
    first_name: Name | None = Field(default=None, examples=["Léa"], description="Greets the person in the email.")
    last_name: Name | None = Field(default=None, examples=["Petit"])
    role: MembershipRole = MembershipRole.MEMBER


class InvitationOut(BaseModel):
    id: UUID
    kind: TenantKind = Field(description="What the person is invited to: a company or a prescriber organisation.")
    company_id: UUID | None
    organisation_id: UUID | None
    email: str = Field(examples=["lea.petit@example.org"])
    first_name: str
    last_name: str
    role: MembershipRole
    state: InvitationState = Field(examples=["pending"])
    invited_by: UUID | None = Field(description="The inviting person's user id; null when staff invited.")
    created_at: datetime
    expires_at: datetime

    @classmethod
    def of(cls, invitation: Invitation, *, now: datetime) -> "InvitationOut":
        return cls(
            id=invitation.id,
            **_tenant_fields(invitation.tenant),  # type: ignore[arg-type]
            email=invitation.email,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            role=invitation.role,
            state=invitation.state(at=now),
            invited_by=invitation.invited_by,
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
        )


class InvitationPage(BaseModel):
    items: list[InvitationOut]
    next: str | None


class InvitationAccept(Input):
    token: LinkToken
    first_name: Name | None = Field(default=None, description="Without a Bearer token: the account to create.")
    last_name: Name | None = None
    password: Password | None = None

    def newcomer(self) -> Newcomer | None:
        """The account to create, if any field of it is given: then all are needed."""
        given = {name: getattr(self, name) for name in NEWCOMER_FIELDS}
        if all(value is None for value in given.values()):
            return None
        missing = [name for name, value in given.items() if value is None]
        if missing:
            raise RequestValidationError(
                [{"type": "missing", "loc": ("body", name), "msg": "Field required"} for name in missing]
            )
        return Newcomer(**given)


class CompanyProofIn(Input):
    token: LinkToken


class JoinedOut(BaseModel):
    """The membership an invitation or a company proof made active."""

    user_id: UUID
    email: str
    kind: TenantKind
    company_id: UUID | None
    organisation_id: UUID | None
    role: MembershipRole
    status: MembershipStatus = Field(examples=["active"])

    @classmethod
    def of(cls, member: Member) -> "JoinedOut":
        return cls(
            user_id=member.user.id,
            email=member.user.email,
            **_tenant_fields(member.membership.tenant),  # type: ignore[arg-type]
            role=member.membership.role,
            status=member.membership.status,
        )
