"""Exits of hires with their follow-ups and corrections: follow-ups added
or corrected and corrections appended to a loaded exit are written at commit."""

from typing import Any
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import ExitCorrectionRow, ExitFollowUpRow, ExitRow
from domain.exits.exits import Correction, Exit, ExitKind, FollowUp


class SqlExitRepository(TrackingRepository[Exit, ExitRow]):
    row_type = ExitRow

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self._follow_up_rows: dict[UUID, dict[int, ExitFollowUpRow]] = {}
        self._stored_corrections: dict[UUID, int] = {}
        self._loaded: dict[UUID, tuple[dict[int, FollowUp], list[Correction]]] = {}

    async def get(self, candidature_id: UUID) -> Exit | None:
        return await self._one(select(ExitRow).where(ExitRow.candidature_id == candidature_id))

    async def get_for_update(self, candidature_id: UUID) -> Exit | None:
        return await self._one(select(ExitRow).where(ExitRow.candidature_id == candidature_id).with_for_update())

    async def add(self, exit: Exit) -> None:
        self._follow_up_rows[exit.candidature_id] = {}
        self._stored_corrections[exit.candidature_id] = 0
        await self._insert(exit)

    def sync(self) -> None:
        super().sync()
        for exit_, _ in self._seen.values():
            self._sync_follow_ups(exit_)
            stored = self._stored_corrections.get(exit_.candidature_id, 0)
            for correction in exit_.corrections[stored:]:
                self._session.add(_correction_row(exit_.candidature_id, correction))
            self._stored_corrections[exit_.candidature_id] = len(exit_.corrections)

    def _sync_follow_ups(self, exit_: Exit) -> None:
        rows = self._follow_up_rows.setdefault(exit_.candidature_id, {})
        for horizon, follow_up in exit_.follow_ups.items():
            row = rows.get(horizon)
            if row is None:
                rows[horizon] = row = ExitFollowUpRow(candidature_id=exit_.candidature_id, horizon_months=horizon)
                self._session.add(row)
            row.situation = str(follow_up.situation)
            row.recorded_by, row.recorded_at = follow_up.recorded_by, follow_up.recorded_at

    async def _one(self, query: Any) -> Exit | None:
        row = (await self._session.exec(query)).first()
        if row is None:
            return None
        if row.candidature_id not in self._follow_up_rows:
            await self._load_children(row.candidature_id)
        return self._track(row)

    async def _load_children(self, candidature_id: UUID) -> None:
        follow_ups = list(
            await self._session.exec(select(ExitFollowUpRow).where(ExitFollowUpRow.candidature_id == candidature_id))
        )
        corrections = list(
            await self._session.exec(
                select(ExitCorrectionRow)
                .where(ExitCorrectionRow.candidature_id == candidature_id)
                .order_by(col(ExitCorrectionRow.corrected_at), col(ExitCorrectionRow.id))
            )
        )
        self._follow_up_rows[candidature_id] = {row.horizon_months: row for row in follow_ups}
        self._stored_corrections[candidature_id] = len(corrections)
        self._loaded[candidature_id] = (
            {row.horizon_months: _follow_up(row) for row in follow_ups},
            [_correction(row) for row in corrections],
        )

    def _to_domain(self, row: ExitRow) -> Exit:
        follow_ups, corrections = self._loaded.pop(row.candidature_id, ({}, []))
        return Exit(
            candidature_id=row.candidature_id,
            exit_at=row.exit_at,
            hours_worked=row.hours_worked,
            exit_kind=ExitKind(row.exit_kind),
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
            updated_at=row.updated_at,
            follow_ups=follow_ups,
            corrections=corrections,
        )

    def _columns(self, exit: Exit) -> dict[str, Any]:
        return {
            "candidature_id": exit.candidature_id,
            "exit_at": exit.exit_at,
            "hours_worked": exit.hours_worked,
            "exit_kind": str(exit.exit_kind),
            "recorded_by": exit.recorded_by,
            "recorded_at": exit.recorded_at,
            "updated_at": exit.updated_at,
        }


def _follow_up(row: ExitFollowUpRow) -> FollowUp:
    return FollowUp(row.horizon_months, ExitKind(row.situation), row.recorded_by, row.recorded_at)


def _correction(row: ExitCorrectionRow) -> Correction:
    return Correction(
        id=row.id,
        field=row.field,
        horizon_months=row.horizon_months,
        previous=row.previous,
        corrected=row.corrected,
        corrected_by=row.corrected_by,
        corrected_at=row.corrected_at,
    )


def _correction_row(candidature_id: UUID, correction: Correction) -> ExitCorrectionRow:
    return ExitCorrectionRow(
        id=correction.id,
        candidature_id=candidature_id,
        field=correction.field,
        horizon_months=correction.horizon_months,
        previous=correction.previous,
        corrected=correction.corrected,
        corrected_by=correction.corrected_by,
        corrected_at=correction.corrected_at,
    )
