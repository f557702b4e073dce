from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Code, Email, Input, Line, Name, Password, Siret
from domain.companies.companies import CompanyKind
from domain.identity.me import Me, MembershipView
from domain.identity.members import Member
from domain.identity.memberships import MembershipRole, MembershipStatus, TenantKind
from domain.identity.users import User, UserKind
from domain.prescribers.organisations import OrganisationKind


class AccountIn(Input):
    email: Email
    password: Password
    first_name: Name
    last_name: Name


class JobSeekerSignup(AccountIn):
    pass


class PrescriberSignup(AccountIn):
    organisation_siret: Siret | None = Field(
        default=None, description="Required, but for a France Travail agency named by its SAFIR code."
    )
    organisation_kind: OrganisationKind
    organisation_name: Line | None = Field(
        default=None,
        min_length=1,
        max_length=255,
        examples=["CHRS Les Tilleuls"],
        description="Required to create an organisation; ignored when joining a known one.",
    )
    organisation_safir_code: Code | None = Field(
        default=None,
        pattern=r"^[0-9]{5}$",
        examples=["75041"],
        description="A France Travail agency's SAFIR code (kind FT only).",
    )


class EmployerSignup(AccountIn):
    company_siret: Siret
    company_kind: CompanyKind | None = Field(
        default=None, description="Needed only when several companies share the SIRET."
    )


class MembershipOut(BaseModel):
    kind: TenantKind
    company_id: UUID | None = None
    organisation_id: UUID | None = None
    company_kind: str | None = None
    organisation_kind: str | None = None
    name: str
    role: MembershipRole
    status: MembershipStatus
    habilitation: str | None = None

    @classmethod
    def of(cls, view: MembershipView) -> "MembershipOut":
        is_company = view.tenant.kind is TenantKind.COMPANY
        return cls(
            kind=view.tenant.kind,
            company_id=view.tenant.id if is_company else None,
            organisation_id=None if is_company else view.tenant.id,
            company_kind=view.tenant_kind if is_company else None,
            organisation_kind=None if is_company else view.tenant_kind,
            name=view.name,
            role=view.role,
            status=view.status,
            habilitation=view.habilitation,
        )


class MeOut(BaseModel):
    id: UUID
    kind: str = Field(examples=["prescriber"], description="A user kind, or `client`.")
    name: str
    email: str | None
    memberships: list[MembershipOut]
    acting_for: UUID | None = Field(description="The tenant this request acts for.")
    scopes: list[str]
    job_seeker_id: UUID | None = Field(default=None, description="A job seeker's own profile (`/job-seekers/{id}`).")

    @classmethod
    def of(cls, me: Me) -> "MeOut":
        return cls(
            id=me.id,
            kind=me.kind,
            name=me.name,
            email=me.email,
            memberships=[MembershipOut.of(view) for view in me.memberships],
            acting_for=me.acting_for,
            scopes=sorted(me.scopes),
            job_seeker_id=me.job_seeker_id,
        )


class UserOut(BaseModel):
    id: UUID
    kind: UserKind
    email: str
    first_name: str
    last_name: str
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> "UserOut":
        return cls(
            id=user.id,
            kind=user.kind,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            created_at=user.created_at,
        )


class SignupOut(BaseModel):
    user: UserOut
    membership_status: MembershipStatus | None = Field(
        description="`pending` when an admin of the structure must approve the membership."
    )
    email_confirmation_sent: bool = Field(
        description="A link was emailed to the address: the account gets a token once it is followed."
    )
    company_proof_sent_to: str | None = Field(
        default=None,
        examples=["d***@r***.org"],
        description="The first member of a company: the official address (obfuscated) his proof link was sent to.",
    )


class MemberOut(BaseModel):
    user_id: UUID
    email: str
    first_name: str
    last_name: str
    role: MembershipRole
    status: MembershipStatus
    joined_at: datetime

    @classmethod
    def of(cls, member: Member) -> "MemberOut":
        return cls(
            user_id=member.user.id,
            email=member.user.email,
            first_name=member.user.first_name,
            last_name=member.user.last_name,
            role=member.membership.role,
            status=member.membership.status,
            joined_at=member.membership.created_at,
        )


class MemberPage(BaseModel):
    items: list[MemberOut]
    next: str | None = None


class MemberCreate(Input):
    email: Email
    role: MembershipRole = MembershipRole.MEMBER


class MemberUpdate(Input):
    role: MembershipRole | None = None
    status: MembershipStatus | None = Field(
        default=None, description="`active` approves a pending member; `revoked` removes him."
    )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = Field(examples=["Bearer"])
    expires_in: int = Field(examples=[3600])
    scope: str


class Jwks(BaseModel):
    """A JSON Web Key Set (RFC 7517 §5): the public keys, each a JSON object."""

    keys: list[dict[str, Any]]
