"""Sending the ready employee records and the update notifications to the
ASP in batch files, one movement type per file (``C`` creations, ``M``
updates).

A batch is planned (its lines claimed, with their numbers) and committed
*before* its file is uploaded; its lines become ``sent`` only after the
upload succeeded, in a later transaction. A run that dies in between leaves
the batch ``uploading``: the next run uploads that same file, under the same
name, again, then settles it. Its lines are never planned into another
batch, so each record or notification is in exactly one batch file the ASP
answers (docs/ASP_EXCHANGE.md).

One transaction settles the batch uploaded last and plans the next one,
and it runs while the current batch is read, written and uploaded: the
database's work on the claimed and sent rows (most of an export on
PostgreSQL) overlaps the formatting of lines instead of following it. At
most two batches are ``uploading`` at a time, each resumed alone by the
next run if this one stops.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from domain.employee_records.batches import (
    MAX_LINES,
    AspBatch,
    BatchLine,
    BatchState,
    Movement,
    batch_file_name,
    next_second,
)
from domain.ports.asp import AspBatchFiles
from domain.ports.employee_records import BatchHolderRepository
from domain.ports.system import AspTransport, Clock
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class ExportedBatch:
    file_name: str
    movement: Movement
    lines: int
    resumed: bool  # planned by an earlier run that did not settle it


async def export_batches(
    *,
    new_uow: Callable[[], UnitOfWork],
    files: AspBatchFiles,
    transport: AspTransport,
    clock: Clock,
    max_batches: int = 1,
    side_by_side_writes: bool = False,
) -> list[ExportedBatch]:
    """Upload what the ASP must be told: first the batches an interrupted run
    left, then, per movement type, at most ``max_batches`` new batches of at
    most 700 lines (ready records as ``C``, update notifications as ``M``).

    - ``side_by_side_writes``: the database runs two writing transactions
      at once (PostgreSQL), not one after the other (SQLite).
    - Records and notifications become ``sent`` with their batch file name
      and line number once their file is uploaded; a failed upload changes
      nothing but leaves its batch, and the one planned meanwhile, to be resumed
      (``adapters.errors.Unavailable`` is raised).
    """
    exported = []
    async with new_uow() as uow:
        leftovers = await uow.asp_batches.uploading()
    for batch in leftovers:
        if not files.is_written(batch.file_name):
            await files.write(batch.file_name, await _lines_of(new_uow, batch))
        await transport.upload(batch.file_name)
        await _settle_alone(new_uow, clock, batch)
        exported.append(ExportedBatch(batch.file_name, batch.movement, batch.line_count, resumed=True))

    planner = _Planner(new_uow, clock, max_batches, not_before=clock.now(), side_by_side=side_by_side_writes)
    batch, uploaded = await planner.next(settling=None), None
    while batch is not None:
        following = asyncio.create_task(planner.next(settling=uploaded))
        try:
            await files.write(batch.file_name, await _lines_of(new_uow, batch))
            await transport.upload(batch.file_name)
        except BaseException:
            # Let the planning transaction end: what it claimed is resumed by the next run.
            await asyncio.gather(following, return_exceptions=True)
            raise
        exported.append(ExportedBatch(batch.file_name, batch.movement, batch.line_count, resumed=False))
        batch, uploaded = await following, batch
    if uploaded is not None:
        await _settle_alone(new_uow, clock, uploaded)
    return exported


def holders(uow: UnitOfWork, movement: Movement) -> BatchHolderRepository:
    """Where the lines of a batch of this movement type live."""
    return uow.employee_records if movement is Movement.CREATION else uow.employee_record_updates


@dataclass(slots=True)
class _Planner:
    """Plans the run's batches one at a time, movement type after movement type."""

    new_uow: Callable[[], UnitOfWork]
    clock: Clock
    max_batches: int
    # Batches are named after consecutive free seconds from here: probing
    # from the clock each time would cost one query per batch already named.
    not_before: datetime
    # PostgreSQL runs two writing transactions at once: settling apart from
    # claiming halves the wait on the server. SQLite runs one writer at a time:
    # one transaction saves a commit (a sync to disk) per batch.
    side_by_side: bool
    movements: list[Movement] = field(default_factory=lambda: list(Movement))
    of_movement: int = 0  # batches planned of the current movement type

    async def next(self, *, settling: AspBatch | None) -> AspBatch | None:
        """Settle the batch uploaded last, if any, and claim the lines of the
        next batch, if any (read apart, once committed): in two transactions
        at once where the database runs writers side by side, else in one."""
        apart = settling is not None and self.side_by_side
        settled = asyncio.create_task(_settle_alone(self.new_uow, self.clock, settling)) if apart else None
        try:
            async with self.new_uow() as uow:
                if settling is not None and not apart:
                    await settle(uow, self.clock, settling)
                planned = await self._claim(uow)
                await uow.commit()
        finally:
            if settled is not None:
                await settled
        return planned

    async def _claim(self, uow: UnitOfWork) -> AspBatch | None:
        while self.movements:
            movement = self.movements[0]
            if self.of_movement < self.max_batches:
                at = max(self.clock.now(), self.not_before)
                while await uow.asp_batches.get(batch_file_name(at)) is not None:
                    at = next_second(at)
                name = batch_file_name(at)
                holding = holders(uow, movement)
                if claimed := await holding.claim_batch(batch_file=name, limit=MAX_LINES):
                    batch = AspBatch(name, movement, BatchState.UPLOADING, claimed, self.clock.now())
                    await uow.asp_batches.add(batch)
                    self.of_movement, self.not_before = self.of_movement + 1, next_second(at)
                    return batch
            self.movements.pop(0)
            self.of_movement = 0
        return None


async def _lines_of(new_uow: Callable[[], UnitOfWork], batch: AspBatch) -> list[BatchLine]:
    async with new_uow() as uow:
        return await holders(uow, batch.movement).lines_of_batch(batch.file_name)


async def settle(uow: UnitOfWork, clock: Clock, batch: AspBatch) -> None:
    """Mark an uploaded batch's lines sent, unless another run already did."""
    stored = await uow.asp_batches.get(batch.file_name)
    if stored is not None and stored.state is BatchState.UPLOADING:
        at = clock.now()
        await holders(uow, batch.movement).mark_sent(batch.file_name, at=at)
        stored.mark_uploaded(at)


async def _settle_alone(new_uow: Callable[[], UnitOfWork], clock: Clock, batch: AspBatch) -> None:
    async with new_uow() as uow:
        await settle(uow, clock, batch)
        await uow.commit()
