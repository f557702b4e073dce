"""Staff's queue, read in SQL (what waits, with its evidence, a page at a time),
and the decisions staff took."""

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import exists, null, tuple_
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import CompanyRow, MembershipRow, PrescriberOrganisationRow, StaffDecisionRow, UserRow
from domain.identity.memberships import MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.staff_decisions import DecisionKind, Outcome, StaffDecision
from domain.prescribers.organisations import Habilitation
from domain.staff.items import PersonCard, StructureCard, WaitingItem

Position = tuple[datetime, UUID]
_ORG, _MEMBER, _USER = PrescriberOrganisationRow, MembershipRow, UserRow
_PERSON = (_USER.id, _USER.first_name, _USER.last_name, _USER.email)


class SqlStaffDecisionRepository(TrackingRepository[StaffDecision, StaffDecisionRow]):
    row_type = StaffDecisionRow

    async def add(self, decision: StaffDecision) -> None:
        await self._insert(decision)

    async def history(
        self, *, kinds: Collection[DecisionKind], before: Position | None, limit: int
    ) -> list[StaffDecision]:
        row = StaffDecisionRow
        query = select(row).where(col(row.kind).in_(sorted(str(k) for k in kinds)))
        if before is not None:
            query = query.where(tuple_(col(row.decided_at), col(row.id)) < tuple_(*before))
        query = query.order_by(col(row.decided_at).desc(), col(row.id).desc()).limit(limit)
        return self._track_all(await self._session.exec(query))

    def _to_domain(self, row: StaffDecisionRow) -> StaffDecision:
        return StaffDecision(
            id=row.id,
            kind=DecisionKind(row.kind),
            subject_id=row.subject_id,
            tenant=_tenant_of(row),
            user_id=row.user_id,
            outcome=Outcome(row.outcome),
            comment=row.comment,
            decided_by=row.decided_by,
            decided_at=row.decided_at,
        )

    def _columns(self, decision: StaffDecision) -> dict[str, Any]:
        return {
            "id": decision.id,
            "kind": str(decision.kind),
            "subject_id": decision.subject_id,
            "company_id": decision.tenant.id if decision.tenant.kind is TenantKind.COMPANY else None,
            "organisation_id": None if decision.tenant.kind is TenantKind.COMPANY else decision.tenant.id,
            "user_id": decision.user_id,
            "outcome": str(decision.outcome),
            "comment": decision.comment,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at,
        }


class SqlStaffQueue:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def waiting(
        self, *, kinds: Collection[DecisionKind], after: Position | None, limit: int
    ) -> list[WaitingItem]:
        items = []
        if DecisionKind.HABILITATION in kinds:
            items += await self._habilitations(after, limit)
        if {DecisionKind.FIRST_MEMBER, DecisionKind.JOIN_REQUEST} & set(kinds):
            for tenant_kind in TenantKind:
                items += await self._memberships(tenant_kind, kinds, after, limit)
        items.sort(key=lambda item: (item.waiting_since, item.id))
        return items[:limit]

    async def _habilitations(self, after: Position | None, limit: int) -> list[WaitingItem]:
        creator = (
            select(_MEMBER.user_id)
            .where(_MEMBER.organisation_id == _ORG.id)
            .order_by(col(_MEMBER.created_at), col(_MEMBER.id))
            .limit(1)
            .correlate(_ORG)
            .scalar_subquery()
        )
        query = (
            select(_ORG.id, _ORG.created_at, _ORG.kind, _ORG.name, _ORG.siret, _ORG.source, _ORG.habilitation, *_PERSON)
            .select_from(_ORG)
            .outerjoin(_USER, col(_USER.id) == creator)
            .where(_ORG.habilitation == str(Habilitation.PENDING))
        )
        query = _page(query, (col(_ORG.created_at), col(_ORG.id)), after, limit)
        rows = (await self._session.exec(query)).all()  # type: ignore[call-overload]
        return [
            WaitingItem(
                id=row[0],
                kind=DecisionKind.HABILITATION,
                waiting_since=row[1],
                structure=StructureCard(
                    Tenant(TenantKind.PRESCRIBER_ORGANISATION, row[0]), row[2], row[3], row[4], row[5], row[6]
                ),
                person=_person(row[7:]),
            )
            for row in rows
        ]

    async def _memberships(
        self, tenant_kind: TenantKind, kinds: Collection[DecisionKind], after: Position | None, limit: int
    ) -> list[WaitingItem]:
        query = _page(
            _waiting_memberships(tenant_kind, kinds), (col(_MEMBER.created_at), col(_MEMBER.id)), after, limit
        )
        rows = (await self._session.exec(query)).all()  # type: ignore[call-overload]
        return [
            WaitingItem(
                id=row[0],
                kind=DecisionKind.JOIN_REQUEST if row[-1] else DecisionKind.FIRST_MEMBER,
                waiting_since=row[1],
                structure=StructureCard(Tenant(tenant_kind, row[2]), *row[3:8]),
                person=_person(row[8:12]),
            )
            for row in rows
        ]


def _waiting_memberships(tenant_kind: TenantKind, kinds: Collection[DecisionKind]) -> Any:
    """Pending memberships of structures of this kind without an active admin,
    with whether the structure has active members (a join request) or none."""
    other = aliased(MembershipRow)
    is_company = tenant_kind is TenantKind.COMPANY
    structure: Any = CompanyRow if is_company else _ORG
    tenant_id = col(_MEMBER.company_id) if is_company else col(_MEMBER.organisation_id)
    same_tenant = (col(other.company_id) if is_company else col(other.organisation_id)) == tenant_id
    active = other.status == str(MembershipStatus.ACTIVE)
    has_admin = exists().where(same_tenant, active, other.role == str(MembershipRole.ADMIN))
    has_members = exists().where(same_tenant, active)
    query = (
        select(_MEMBER.id, _MEMBER.created_at, tenant_id, structure.kind, structure.name, structure.siret)
        .add_columns(*_organisation_evidence(is_company), *_PERSON, has_members.label("has_members"))
        .join(_USER, col(_USER.id) == _MEMBER.user_id)
        .join(structure, structure.id == tenant_id)
        .where(_MEMBER.status == str(MembershipStatus.PENDING), ~has_admin)
    )
    if DecisionKind.FIRST_MEMBER not in kinds:
        query = query.where(has_members)
    if DecisionKind.JOIN_REQUEST not in kinds:
        query = query.where(~has_members)
    return query


def _tenant_of(row: StaffDecisionRow) -> Tenant:
    if row.company_id is not None:
        return Tenant(TenantKind.COMPANY, row.company_id)
    assert row.organisation_id is not None  # ensured by the one_tenant check
    return Tenant(TenantKind.PRESCRIBER_ORGANISATION, row.organisation_id)


def _organisation_evidence(is_company: bool) -> tuple[Any, Any]:
    if is_company:
        return (null().label("source"), null().label("habilitation"))
    return (_ORG.source, _ORG.habilitation)


def _page(query: Any, keys: tuple[Any, Any], after: Position | None, limit: int) -> Any:
    if after is not None:
        query = query.where(tuple_(*keys) > tuple_(*after))
    return query.order_by(*keys).limit(limit)


def _person(values: Any) -> PersonCard | None:
    user_id, first_name, last_name, email = values
    if user_id is None:
        return None
    return PersonCard(user_id=user_id, first_name=first_name, last_name=last_name, email=email)
