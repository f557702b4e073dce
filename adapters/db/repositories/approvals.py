"""PASS IAE: the approval row, its hires, suspensions and prolongations
(one aggregate over four tables), and the number counters."""

import dataclasses
from collections.abc import Sequence
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import and_, exists, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import (
    ApprovalHireRow,
    ApprovalProlongationRow,
    ApprovalRow,
    ApprovalSuspensionRow,
    MembershipRow,
    PassNumberCounterRow,
    UserRow,
)
from domain.approvals.approvals import Approval
from domain.approvals.hires import ApprovalHire
from domain.approvals.inbox import InboxEntry, InboxFilters, InboxPosition
from domain.approvals.prolongation_denials import DenyReason, ProposedAction
from domain.approvals.prolongations import Prolongation, ProlongationReason, ProlongationStatus
from domain.approvals.suspensions import Suspension, SuspensionReason
from domain.identity.memberships import MembershipStatus

_FIELDS = [
    f.name for f in dataclasses.fields(Approval) if f.name not in {"hires", "suspensions", "prolongations", "events"}
]
_ROW_TYPES: dict[type, type[SQLModel]] = {
    ApprovalHire: ApprovalHireRow,
    Suspension: ApprovalSuspensionRow,
    Prolongation: ApprovalProlongationRow,
}


class SqlApprovalRepository(TrackingRepository[Approval, ApprovalRow]):
    """At commit, the approval row is updated (its version checked) and its
    hires, suspensions and prolongations inserted, updated or deleted."""

    row_type = ApprovalRow

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        # Per approval, the rows of its parts as last read or written, by id.
        self._part_rows: dict[UUID, dict[UUID, SQLModel]] = {}

    async def get_by_number(self, number: str) -> Approval | None:
        found = await self._all(select(ApprovalRow).where(ApprovalRow.number == number))
        return found[0] if found else None

    async def get_by_prolongation(self, prolongation_id: UUID) -> Approval | None:
        owner = select(ApprovalProlongationRow.approval_id).where(ApprovalProlongationRow.id == prolongation_id)
        found = await self._all(select(ApprovalRow).where(col(ApprovalRow.id).in_(owner)))
        return found[0] if found else None

    async def for_job_seeker(self, job_seeker_id: UUID) -> list[Approval]:
        query = select(ApprovalRow).where(ApprovalRow.job_seeker_id == job_seeker_id)
        return await self._all(query.order_by(col(ApprovalRow.rank).desc()))

    async def prolongation_requests(
        self, *, filters: InboxFilters, after: InboxPosition | None, limit: int
    ) -> list[InboxEntry]:
        p = ApprovalProlongationRow
        query = (
            select(p, ApprovalRow.number, ApprovalRow.job_seeker_id, ApprovalRow.end_at)
            .join(ApprovalRow, col(ApprovalRow.id) == col(p.approval_id))
            .where(*_inbox_conditions(filters))
            .order_by(col(p.requested_at).desc(), col(p.id).desc())
            .limit(limit)
        )
        if after is not None:
            requested_at, row_id = col(p.requested_at), col(p.id)
            query = query.where(
                or_(requested_at < after.requested_at, and_(requested_at == after.requested_at, row_id < after.id))
            )
        # Read only: the entries are not tracked; the aggregate is loaded to change one.
        rows = (await self._session.exec(query)).all()
        return [
            InboxEntry(number, job_seeker_id, end_at, _prolongation(row)) for row, number, job_seeker_id, end_at in rows
        ]

    async def add(self, approval: Approval) -> None:
        await self._insert(approval)
        self._part_rows[approval.id] = {}
        self._sync_parts(approval)
        await self._session.flush()

    def sync(self) -> None:
        super().sync()
        for approval, _ in self._seen.values():
            self._sync_parts(approval)

    async def _all(self, query: Any) -> list[Approval]:
        rows = list(await self._session.exec(query))
        unseen = [row.id for row in rows if row.id not in self._part_rows]
        for row_type in _ROW_TYPES.values():
            parts = await self._session.exec(select(row_type).where(col(row_type.approval_id).in_(unseen)))  # type: ignore[attr-defined]
            for part in parts:
                self._part_rows.setdefault(part.approval_id, {})[part.id] = part  # type: ignore[attr-defined]
        return self._track_all(rows)

    def _sync_parts(self, approval: Approval) -> None:
        stored = self._part_rows.setdefault(approval.id, {})
        current = {part.id: _part_columns(approval.id, part) for part in _parts(approval)}
        for part_id in [i for i in stored if i not in current]:
            # A suspension a hire ended before it began: no I/O, nothing cascades.
            self._session.sync_session.delete(stored.pop(part_id))
        for part_id, (row_type, columns) in current.items():
            row = stored.get(part_id)
            if row is None:
                stored[part_id] = row = row_type(**columns)
                self._session.add(row)
            for name, value in columns.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)

    def _to_domain(self, row: ApprovalRow) -> Approval:
        parts = list(self._part_rows.get(row.id, {}).values())
        hires = sorted((p for p in parts if isinstance(p, ApprovalHireRow)), key=lambda p: (p.recorded_at, p.id))
        suspensions = sorted((p for p in parts if isinstance(p, ApprovalSuspensionRow)), key=lambda p: p.start_at)
        prolongations = sorted(
            (p for p in parts if isinstance(p, ApprovalProlongationRow)), key=lambda p: (p.requested_at, p.id)
        )
        return Approval(
            **{name: getattr(row, name) for name in _FIELDS},
            hires=[ApprovalHire(**_values(p, ApprovalHire)) for p in hires],
            suspensions=[_suspension(p) for p in suspensions],
            prolongations=[_prolongation(p) for p in prolongations],
        )

    def _columns(self, approval: Approval) -> dict[str, Any]:
        return {name: getattr(approval, name) for name in _FIELDS}


class SqlPassNumberCounter:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def next_sequence(self, prefix: str) -> int:
        # One statement, atomic on both engines: PostgreSQL locks the counter
        # row until the hire commits, SQLite lets one writer in at a time.
        table = PassNumberCounterRow.__table__  # type: ignore[attr-defined]
        dialect = postgresql if self._session.bind.dialect.name == "postgresql" else sqlite  # type: ignore[union-attr]
        statement = (
            dialect.insert(table)
            .values(prefix=prefix, last=1)
            .on_conflict_do_update(index_elements=[table.c.prefix], set_={"last": table.c.last + 1})
            .returning(table.c.last)
        )
        return int((await self._session.exec(statement)).scalar_one())  # type: ignore[call-overload]


def _inbox_conditions(filters: InboxFilters) -> list[Any]:
    p = ApprovalProlongationRow
    conditions: list[Any] = []
    if filters.status is not None:
        conditions.append(col(p.status) == str(filters.status))
    if filters.company_id is not None:
        conditions.append(col(p.requested_by_company_id) == filters.company_id)
    if filters.organisation_id is not None:
        conditions.append(col(p.prescriber_organisation_id) == filters.organisation_id)
    if filters.decider_id is not None:
        conditions.append(
            or_(
                col(p.assigned_to_user_id).is_(None),
                col(p.assigned_to_user_id) == filters.decider_id,
                ~_assignee_present(),
            )
        )
    if filters.requested_from is not None:
        conditions.append(col(p.requested_at) >= filters.requested_from)
    if filters.requested_before is not None:
        conditions.append(col(p.requested_at) < filters.requested_before)
    return conditions


def _assignee_present() -> Any:
    """As ``prolongation_deciders.assignee_present``: the addressed prescriber
    is an active member, with an active account, of the deciding organisation."""
    p, m = ApprovalProlongationRow, MembershipRow
    return exists().where(
        col(m.user_id) == col(p.assigned_to_user_id),
        col(m.organisation_id) == col(p.prescriber_organisation_id),
        col(m.status) == str(MembershipStatus.ACTIVE),
        exists().where(col(UserRow.id) == col(m.user_id), col(UserRow.is_active).is_(True)),
    )


def _parts(approval: Approval) -> Sequence[ApprovalHire | Suspension | Prolongation]:
    return [*approval.hires, *approval.suspensions, *approval.prolongations]


def _part_columns(
    approval_id: UUID, part: ApprovalHire | Suspension | Prolongation
) -> tuple[type[SQLModel], dict[str, Any]]:
    values = {f.name: getattr(part, f.name) for f in dataclasses.fields(part)}
    values = {name: _stored(v) for name, v in values.items()}
    return _ROW_TYPES[type(part)], {**values, "approval_id": approval_id}


def _stored(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, tuple):  # the proposed actions of a denial: a JSON list
        return [str(item) for item in value]
    return value


def _values(row: SQLModel, entity: type) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(entity)}


def _suspension(row: ApprovalSuspensionRow) -> Suspension:
    return Suspension(**{**_values(row, Suspension), "reason": SuspensionReason(row.reason)})


def _prolongation(row: ApprovalProlongationRow) -> Prolongation:
    values = _values(row, Prolongation)
    return Prolongation(
        **{
            **values,
            "reason": ProlongationReason(row.reason),
            "status": ProlongationStatus(row.status),
            "deny_reason_code": DenyReason(row.deny_reason_code) if row.deny_reason_code else None,
            "deny_proposed_actions": tuple(ProposedAction(a) for a in row.deny_proposed_actions),
        }
    )
