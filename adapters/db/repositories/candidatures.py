import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Text, and_, cast, false, func, or_, true
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import CandidatureRow, CandidatureTransitionRow, JobSeekerRow
from domain.candidatures.candidatures import Candidature, HistoryEntry, RefusalReason, SenderKind
from domain.candidatures.listing import CandidatureFilters, Position, Readers
from domain.candidatures.state_machine import PENDING_STATES, CandidatureState, Transition

_FIELDS = [f.name for f in dataclasses.fields(Candidature) if f.name not in {"history", "events"}]
_PENDING = [str(state) for state in PENDING_STATES]


class SqlCandidatureRepository(TrackingRepository[Candidature, CandidatureRow]):
    """Candidatures with their history: entries appended to a loaded
    candidature are inserted at commit, after its own changes."""

    row_type = CandidatureRow

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self._loaded_history: dict[UUID, list[HistoryEntry]] = {}
        self._stored_entries: dict[UUID, int] = {}

    async def get(self, candidature_id: UUID) -> Candidature | None:
        # One already handed out in this unit of work is the entity to return
        # (loading its row again would give it back anyway): no query.
        seen = self._seen.get((CandidatureRow.__tablename__, candidature_id))
        if seen is not None:
            return seen[0]
        return await self._one(select(CandidatureRow).where(CandidatureRow.id == candidature_id))

    async def get_for_update(self, candidature_id: UUID) -> Candidature | None:
        # The person is locked first: an acceptance then locks his other pending
        # candidatures, and two acceptances of one person in two companies would
        # otherwise each hold the candidature the other waits for. NO KEY UPDATE
        # lets rows that merely reference him (a new candidature) be written.
        person = select(CandidatureRow.job_seeker_id).where(CandidatureRow.id == candidature_id)
        await self._session.exec(
            select(JobSeekerRow.id).where(JobSeekerRow.id == person.scalar_subquery()).with_for_update(key_share=True)
        )
        return await self._one(select(CandidatureRow).where(CandidatureRow.id == candidature_id).with_for_update())

    async def add(self, candidature: Candidature) -> None:
        self._stored_entries[candidature.id] = 0
        await self._insert(candidature)

    async def pending_for(self, *, job_seeker_id: UUID, company_id: UUID) -> Candidature | None:
        query = select(CandidatureRow).where(
            CandidatureRow.job_seeker_id == job_seeker_id,
            CandidatureRow.company_id == company_id,
            col(CandidatureRow.state).in_(_PENDING),
        )
        return await self._one(query)

    async def pending_of_job_seeker(self, job_seeker_id: UUID) -> list[Candidature]:
        query = select(CandidatureRow).where(
            CandidatureRow.job_seeker_id == job_seeker_id, col(CandidatureRow.state).in_(_PENDING)
        )
        return await self._all(query.order_by(col(CandidatureRow.id)).with_for_update())

    async def pending_company_ids(self, job_seeker_id: UUID) -> frozenset[UUID]:
        query = select(CandidatureRow.company_id).where(
            CandidatureRow.job_seeker_id == job_seeker_id, col(CandidatureRow.state).in_(_PENDING)
        )
        return frozenset((await self._session.exec(query)).all())

    async def obsoleted_by(self, candidature_id: UUID) -> list[Candidature]:
        query = select(CandidatureRow).where(CandidatureRow.obsoleted_by_id == candidature_id)
        return await self._all(query.order_by(col(CandidatureRow.id)).with_for_update())

    async def page(
        self, *, readers: Readers, filters: CandidatureFilters, after: Position | None, limit: int
    ) -> list[Candidature]:
        query = select(CandidatureRow).where(_readers(readers), *_filters(filters))
        if after is not None:
            created_at, row_id = col(CandidatureRow.created_at), col(CandidatureRow.id)
            query = query.where(
                or_(created_at < after.created_at, and_(created_at == after.created_at, row_id < after.id))
            )
        newest_first = (col(CandidatureRow.created_at).desc(), col(CandidatureRow.id).desc())
        return await self._all(query.order_by(*newest_first).limit(limit))

    async def count_by_state(self, *, readers: Readers, filters: CandidatureFilters) -> dict[CandidatureState, int]:
        state = col(CandidatureRow.state)
        query = select(state, func.count()).where(_readers(readers), *_filters(filters)).group_by(state)
        return {CandidatureState(name): int(count) for name, count in await self._session.exec(query)}

    def sync(self) -> None:
        super().sync()
        for candidature, _ in self._seen.values():
            stored = self._stored_entries.get(candidature.id, 0)
            for position, entry in enumerate(candidature.history[stored:], start=stored):
                self._session.add(_history_row(candidature.id, position, entry))
            self._stored_entries[candidature.id] = len(candidature.history)

    async def _one(self, query: Any) -> Candidature | None:
        found = await self._all(query)
        return found[0] if found else None

    async def _all(self, query: Any) -> list[Candidature]:
        rows = list(await self._session.exec(query))
        await self._load_history(row.id for row in rows)
        return self._track_all(rows)

    async def _load_history(self, candidature_ids: Iterable[UUID]) -> None:
        unseen = [i for i in candidature_ids if i not in self._stored_entries]
        if not unseen:
            return
        query = select(CandidatureTransitionRow).where(col(CandidatureTransitionRow.candidature_id).in_(unseen))
        rows = await self._session.exec(query.order_by(col(CandidatureTransitionRow.position)))
        histories: dict[UUID, list[HistoryEntry]] = {i: [] for i in unseen}
        for row in rows:
            histories[row.candidature_id].append(_entry(row))
        self._loaded_history.update(histories)
        self._stored_entries.update({i: len(entries) for i, entries in histories.items()})

    def _to_domain(self, row: CandidatureRow) -> Candidature:
        values = {name: getattr(row, name) for name in _FIELDS}
        return Candidature(
            **{
                **values,
                "job_posting_ids": tuple(UUID(i) for i in row.job_posting_ids),
                "sender_kind": SenderKind(row.sender_kind),
                "state": CandidatureState(row.state),
                "refusal_reason": RefusalReason(row.refusal_reason) if row.refusal_reason else None,
            },
            history=self._loaded_history.pop(row.id, []),
        )

    def _columns(self, candidature: Candidature) -> dict[str, Any]:
        values = {name: getattr(candidature, name) for name in _FIELDS}
        return {
            **values,
            "job_posting_ids": [str(i) for i in candidature.job_posting_ids],
            "sender_kind": str(candidature.sender_kind),
            "state": str(candidature.state),
            "refusal_reason": str(candidature.refusal_reason) if candidature.refusal_reason else None,
        }


def _readers(readers: Readers) -> Any:
    if readers.everything:
        return true()
    allowed = []
    if readers.company_id is not None:
        allowed.append(col(CandidatureRow.company_id) == readers.company_id)
    if readers.organisation_id is not None:
        allowed.append(col(CandidatureRow.sender_organisation_id) == readers.organisation_id)
    if readers.job_seeker_id is not None:
        allowed.append(col(CandidatureRow.job_seeker_id) == readers.job_seeker_id)
    return or_(*allowed) if allowed else false()


def _filters(filters: CandidatureFilters) -> Sequence[Any]:
    conditions = []
    if filters.state is not None:
        conditions.append(col(CandidatureRow.state) == str(filters.state))
    if filters.company_id is not None:
        conditions.append(col(CandidatureRow.company_id) == filters.company_id)
    if filters.job_seeker_id is not None:
        conditions.append(col(CandidatureRow.job_seeker_id) == filters.job_seeker_id)
    if filters.sender_kind is not None:
        conditions.append(col(CandidatureRow.sender_kind) == str(filters.sender_kind))
    if filters.job_posting_id is not None:
        # The ids are a JSON list of UUID strings: its text holds the quoted id on both engines.
        ids_text = cast(col(CandidatureRow.job_posting_ids), Text)
        conditions.append(ids_text.contains(f'"{filters.job_posting_id}"'))
    return conditions


def _entry(row: CandidatureTransitionRow) -> HistoryEntry:
    return HistoryEntry(
        transition=Transition(row.transition),
        from_state=CandidatureState(row.from_state),
        to_state=CandidatureState(row.to_state),
        actor_id=row.actor_id,
        at=row.at,
    )


def _history_row(candidature_id: UUID, position: int, entry: HistoryEntry) -> CandidatureTransitionRow:
    return CandidatureTransitionRow(
        candidature_id=candidature_id,
        position=position,
        transition=str(entry.transition),
        from_state=str(entry.from_state),
        to_state=str(entry.to_state),
        actor_id=entry.actor_id,
        at=entry.at,
    )
