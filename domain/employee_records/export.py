"""Sending the ready employee records to the ASP in batch files.

A batch is planned (its records claimed, with their line numbers) and
committed *before* its file is uploaded; the records become ``sent`` in a
second transaction, only after the upload succeeded. A run that dies in
between leaves the batch ``uploading``: the next run uploads that same file,
under the same name, again, then settles it. Its records are never planned
into another batch, so each record is in exactly one batch file the ASP
answers (docs/ASP_EXCHANGE.md).
"""

from collections.abc import Callable
from dataclasses import dataclass

from domain.employee_records.batches import (
    MAX_LINES,
    AspBatch,
    BatchLine,
    BatchState,
    Movement,
    batch_file_name,
    next_second,
)
from domain.ports import AspBatchFiles, AspTransport, Clock, UnitOfWork


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
    """Upload the ready records: first the batches an interrupted run left,
    then at most ``max_batches`` new creation batches of at most 700 lines.

    - Records become ``sent`` with their batch file name and line number once
      their file is uploaded; a failed upload changes nothing but leaves the
      batch to be resumed (``adapters.errors.Unavailable`` is raised).
    """
    exported = []
    async with new_uow() as uow:
        leftovers = await uow.asp_batches.uploading()
    for batch in leftovers:
        exported.append(await _upload_and_settle(new_uow, files, transport, clock, batch, resumed=True))
    for _ in range(max_batches):
        batch = await _plan(new_uow, files, clock)
        if batch is None:
            break
        exported.append(await _upload_and_settle(new_uow, files, transport, clock, batch, resumed=False))
    return exported


async def _plan(new_uow: Callable[[], UnitOfWork], files: AspBatchFiles, clock: Clock) -> AspBatch | None:
    """Claim the next records for a new batch, commit, then write its file."""
    async with new_uow() as uow:
        records = await uow.employee_records.claimable(MAX_LINES)
        if not records:
            return None
        at = clock.now()
        while await uow.asp_batches.get(batch_file_name(at)) is not None:
            at = next_second(at)
        batch = AspBatch(batch_file_name(at), Movement.CREATION, BatchState.UPLOADING, len(records), clock.now())
        for number, record in enumerate(records, start=1):
            record.claim(batch_file=batch.file_name, line=number)
        await uow.asp_batches.add(batch)
        await uow.commit()
    files.write(batch.file_name, (BatchLine(n, batch.movement, r) for n, r in enumerate(records, start=1)))
    return batch


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
            records = await uow.employee_records.in_batch(batch.file_name)
            lines = (BatchLine(r.batch_line or 0, batch.movement, r) for r in records)
            files.write(batch.file_name, lines)
    await transport.upload(batch.file_name)
    async with new_uow() as uow:
        stored = await uow.asp_batches.get(batch.file_name)
        if stored is not None and stored.state is BatchState.UPLOADING:
            at = clock.now()
            for record in await uow.employee_records.in_batch(batch.file_name):
                record.mark_sent(at=at)
            stored.mark_uploaded(at)
            await uow.commit()
    return ExportedBatch(batch.file_name, batch.movement, batch.line_count, resumed)
