from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import and_, or_
from sqlmodel import col, select

from adapters.db.repositories.identity import _tenant_columns, _tenant_of
from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import InvitationRow
from domain.identity.invitations import Invitation, InvitationPosition
from domain.identity.memberships import MembershipRole, Tenant, TenantKind


def _of_tenant(tenant: Tenant) -> Any:
    if tenant.kind is TenantKind.COMPANY:
        return col(InvitationRow.company_id) == tenant.id
    return col(InvitationRow.organisation_id) == tenant.id


class SqlInvitationRepository(TrackingRepository[Invitation, InvitationRow]):
    row_type = InvitationRow

    async def get_for_update(self, invitation_id: UUID) -> Invitation | None:
        query = select(InvitationRow).where(InvitationRow.id == invitation_id).with_for_update()
        return self._track((await self._session.exec(query)).first())

    async def for_email(self, *, tenant: Tenant, email: str) -> Sequence[Invitation]:
        query = select(InvitationRow).where(_of_tenant(tenant), InvitationRow.email == email)
        return self._track_all(await self._session.exec(query.order_by(col(InvitationRow.created_at))))

    async def page(self, *, tenant: Tenant, after: InvitationPosition | None, limit: int) -> Sequence[Invitation]:
        query = select(InvitationRow).where(_of_tenant(tenant))
        if after is not None:
            created_at, row_id = col(InvitationRow.created_at), col(InvitationRow.id)
            query = query.where(
                or_(created_at < after.created_at, and_(created_at == after.created_at, row_id < after.id))
            )
        newest_first = (col(InvitationRow.created_at).desc(), col(InvitationRow.id).desc())
        return self._track_all(await self._session.exec(query.order_by(*newest_first).limit(limit)))

    async def add(self, invitation: Invitation) -> None:
        await self._insert(invitation)

    def _to_domain(self, row: InvitationRow) -> Invitation:
        return Invitation(
            id=row.id,
            tenant=_tenant_of(row),
            email=row.email,
            role=MembershipRole(row.role),
            invited_by=row.invited_by,
            created_at=row.created_at,
            expires_at=row.expires_at,
            first_name=row.first_name,
            last_name=row.last_name,
            accepted_at=row.accepted_at,
            accepted_by=row.accepted_by,
            revoked_at=row.revoked_at,
        )

    def _columns(self, invitation: Invitation) -> dict[str, Any]:
        return {
            "id": invitation.id,
            **_tenant_columns(invitation.tenant),
            "email": invitation.email,
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            "role": str(invitation.role),
            "invited_by": invitation.invited_by,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
            "accepted_by": invitation.accepted_by,
            "revoked_at": invitation.revoked_at,
        }
