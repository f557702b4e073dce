"""Sending the ready employee records and the update notifications to the
ASP in batch files, one movement type per file (``C`` creations, ``M``
updates).

A batch is planned (its lines claimed, with their numbers) and committed
*before* its file is uploaded; its lines become ``sent`` in a second
transaction, only after the upload succeeded. A run that dies in between
leaves the batch ``uploading``: the next run uploads that same file, under the
same name, again, then settles it. Its lines are never planned into another
batch, so each record or notification is in exactly one batch file the ASP
answers (docs/ASP_EXCHANGE.md).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.employee_records.batches import (
    MAX_LINES,
    AspBatch,
    BatchState,
    Movement,
    batch_file_name,
    next_second,
)
from domain.ports import AspBatchFiles, AspTransport, BatchHolderRepository, Clock, UnitOfWork


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
) -> list[ExportedBatch]:
    """Upload what the ASP must be told: first the batches an interrupted run
    left, then, per movement type, at most ``max_batches`` new batches of at
    most 700 lines (ready records as ``C``, update notifications as ``M``).

    - Records and notifications become ``sent`` with their batch file name
      and line number once their file is uploaded; a failed upload changes
      nothing but leaves the batch to be resumed
      (``adapters.errors.Unavailable`` is raised).
    """
    exported = []
    async with new_uow() as uow:
        leftovers = await uow.asp_batches.uploading()
    for batch in leftovers:
        exported.append(await _upload_and_settle(new_uow, files, transport, clock, batch, resumed=True))
    not_before = clock.now()
    for movement in Movement:
        for _ in range(max_batches):
            planned = await _plan(new_uow, files, clock, movement, not_before=not_before)
            if planned is None:
                break
            batch, named_at = planned
            not_before = next_second(named_at)
            exported.append(await _upload_and_settle(new_uow, files, transport, clock, batch, resumed=False))
    return exported


def holders(uow: UnitOfWork, movement: Movement) -> BatchHolderRepository:
    """Where the lines of a batch of this movement type live."""
    return uow.employee_records if movement is Movement.CREATION else uow.employee_record_updates


async def _plan(
    new_uow: Callable[[], UnitOfWork], files: AspBatchFiles, clock: Clock, movement: Movement, *, not_before: datetime
) -> tuple[AspBatch, datetime] | None:
    """Claim the next lines for a new batch, commit, then write its file.

    The batch is named after the first free second from ``not_before`` on (the
    run's previous batch took the second before): probing from the clock
    again would cost one query per batch already named, for each batch."""
    async with new_uow() as uow:
        at = max(clock.now(), not_before)
        while await uow.asp_batches.get(batch_file_name(at)) is not None:
            at = next_second(at)
        name = batch_file_name(at)
        lines = await holders(uow, movement).claim_batch(batch_file=name, limit=MAX_LINES)
        if not lines:
            return None
        batch = AspBatch(name, movement, BatchState.UPLOADING, len(lines), clock.now())
        await uow.asp_batches.add(batch)
        await uow.commit()
    files.write(batch.file_name, lines)
    return batch, at


async def _upload_and_settle(
    new_uow: Callable[[], UnitOfWork],
    files: AspBatchFiles,
    transport: AspTransport,
    clock: Clock,
    batch: AspBatch,
    *,
    resumed: bool,
) -> ExportedBatch:
    if not files.is_written(batch.file_name):
        async with new_uow() as uow:
            files.write(batch.file_name, await holders(uow, batch.movement).lines_of_batch(batch.file_name))
    await transport.upload(batch.file_name)
    async with new_uow() as uow:
        stored = await uow.asp_batches.get(batch.file_name)
        if stored is not None and stored.state is BatchState.UPLOADING:
            at = clock.now()
            await holders(uow, batch.movement).mark_sent(batch.file_name, at=at)
            stored.mark_uploaded(at)
            await uow.commit()
    return ExportedBatch(batch.file_name, batch.movement, batch.line_count, resumed)
