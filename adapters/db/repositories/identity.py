from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlmodel import col, select

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import ApiClientRow, MembershipRow, ThrottleRow, UserRow
from domain.identity.clients import ApiClient
from domain.identity.memberships import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Tenant,
    TenantKind,
)
from domain.identity.scopes import format_scopes, parse_scopes
from domain.identity.throttle import ThrottleState
from domain.identity.users import User, UserKind


class SqlUserRepository(TrackingRepository[User, UserRow]):
    row_type = UserRow

    async def get(self, user_id: UUID) -> User | None:
        return self._track(await self._session.get(UserRow, user_id))

    async def get_by_email(self, email: str) -> User | None:
        rows = await self._session.exec(select(UserRow).where(UserRow.email == email))
        return self._track(rows.first())

    async def add(self, user: User) -> None:
        await self._insert(user)

    def _to_domain(self, row: UserRow) -> User:
        return User(
            id=row.id,
            kind=UserKind(row.kind),
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            password_hash=row.password_hash,
            created_at=row.created_at,
            is_active=row.is_active,
            email_confirmed_at=row.email_confirmed_at,
        )

    def _columns(self, user: User) -> dict[str, Any]:
        return {
            "id": user.id,
            "kind": str(user.kind),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "password_hash": user.password_hash,
            "created_at": user.created_at,
            "is_active": user.is_active,
            "email_confirmed_at": user.email_confirmed_at,
        }


def _tenant_columns(tenant: Tenant) -> dict[str, UUID | None]:
    is_company = tenant.kind is TenantKind.COMPANY
    return {
        "company_id": tenant.id if is_company else None,
        "organisation_id": None if is_company else tenant.id,
    }


def _tenant_of(row: MembershipRow | ApiClientRow) -> Tenant:
    if row.company_id is not None:
        return Tenant(TenantKind.COMPANY, row.company_id)
    assert row.organisation_id is not None  # ensured by the one_tenant check
    return Tenant(TenantKind.PRESCRIBER_ORGANISATION, row.organisation_id)


def _tenant_filter(row_type: type[MembershipRow], tenant: Tenant) -> Any:
    if tenant.kind is TenantKind.COMPANY:
        return col(row_type.company_id) == tenant.id
    return col(row_type.organisation_id) == tenant.id


class SqlMembershipRepository(TrackingRepository[Membership, MembershipRow]):
    row_type = MembershipRow

    async def for_user(self, user_id: UUID) -> Sequence[Membership]:
        query = select(MembershipRow).where(MembershipRow.user_id == user_id)
        rows = await self._session.exec(query.order_by(col(MembershipRow.created_at)))
        return self._track_all(rows)

    async def for_tenant(self, tenant: Tenant) -> Sequence[Membership]:
        query = select(MembershipRow).where(_tenant_filter(MembershipRow, tenant))
        rows = await self._session.exec(query.order_by(col(MembershipRow.created_at)))
        return self._track_all(rows)

    async def get(self, *, user_id: UUID, tenant: Tenant) -> Membership | None:
        query = select(MembershipRow).where(MembershipRow.user_id == user_id, _tenant_filter(MembershipRow, tenant))
        return self._track((await self._session.exec(query)).first())

    async def add(self, membership: Membership) -> None:
        await self._insert(membership)

    async def get_by_id(self, membership_id: UUID) -> Membership | None:
        return self._track(await self._session.get(MembershipRow, membership_id))

    def _to_domain(self, row: MembershipRow) -> Membership:
        return Membership(
            id=row.id,
            user_id=row.user_id,
            tenant=_tenant_of(row),
            role=MembershipRole(row.role),
            status=MembershipStatus(row.status),
            created_at=row.created_at,
            proof_sent_to=row.proof_sent_to,
            proof_sent_at=row.proof_sent_at,
        )

    def _columns(self, membership: Membership) -> dict[str, Any]:
        return {
            "id": membership.id,
            "user_id": membership.user_id,
            **_tenant_columns(membership.tenant),
            "role": str(membership.role),
            "status": str(membership.status),
            "created_at": membership.created_at,
            "proof_sent_to": membership.proof_sent_to,
            "proof_sent_at": membership.proof_sent_at,
        }


class SqlApiClientRepository(TrackingRepository[ApiClient, ApiClientRow]):
    row_type = ApiClientRow

    async def get(self, client_uuid: UUID) -> ApiClient | None:
        return self._track(await self._session.get(ApiClientRow, client_uuid))

    async def get_by_client_id(self, client_id: str) -> ApiClient | None:
        query = select(ApiClientRow).where(ApiClientRow.client_id == client_id)
        return self._track((await self._session.exec(query)).first())

    async def add(self, client: ApiClient) -> None:
        await self._insert(client)

    def _to_domain(self, row: ApiClientRow) -> ApiClient:
        return ApiClient(
            id=row.id,
            client_id=row.client_id,
            name=row.name,
            secret_hash=row.secret_hash,
            tenant=_tenant_of(row),
            scopes=parse_scopes(row.scopes),
            created_at=row.created_at,
            is_active=row.is_active,
        )

    def _columns(self, client: ApiClient) -> dict[str, Any]:
        return {
            "id": client.id,
            "client_id": client.client_id,
            "name": client.name,
            "secret_hash": client.secret_hash,
            **_tenant_columns(client.tenant),
            "scopes": format_scopes(client.scopes),
            "created_at": client.created_at,
            "is_active": client.is_active,
        }


class SqlThrottleRepository:
    """Counters are replaced whole, never tracked."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def get(self, key: str) -> ThrottleState | None:
        row = await self._session.get(ThrottleRow, key)
        if row is None:
            return None
        return ThrottleState(
            key=row.key,
            failures=row.failures,
            last_failure_at=row.last_failure_at,
            locked_until=row.locked_until,
        )

    async def put(self, state: ThrottleState) -> None:
        await self._session.merge(
            ThrottleRow(
                key=state.key,
                failures=state.failures,
                last_failure_at=state.last_failure_at,
                locked_until=state.locked_until,
            )
        )

    async def delete(self, key: str) -> None:
        row = await self._session.get(ThrottleRow, key)
        if row is not None:
            await self._session.delete(row)
