"""Applying the ASP's answers (``RIAE_FS_…_FichierRetour.json``) to the records sent."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.employee_records.batches import (
    BatchState,
    FeedbackLine,
    MalformedFeedback,
    Movement,
    batch_of_feedback,
    is_feedback_file,
)
from domain.employee_records.export import settle
from domain.employee_records.records import EmployeeRecord
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import RecordUpdate, UpdateState
from domain.notifications.recording import record_notifications
from domain.ports.asp import AspBatchFiles
from domain.ports.system import AspTransport, Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class AppliedFeedback:
    file_name: str
    processed: int
    rejected: int
    skipped: int  # unknown lines, or records not waiting for an answer
    error: str | None = None  # the file could not be read: kept on the server for the next run


async def apply_feedback(
    *,
    new_uow: Callable[[], UnitOfWork],
    files: AspBatchFiles,
    transport: AspTransport,
    clock: Clock,
    ids: IdGenerator,
) -> list[AppliedFeedback]:
    """Apply every feedback file waiting on the ASP's server, one transaction
    per file, then delete it there.

    - Lines are matched by (batch file name, line number); ``0000`` →
      ``processed``, ``3436`` → ``processed`` as a duplicate, any other code
      → ``rejected`` with the ASP's code and label, and the company's admins
      are emailed (through the outbox).
    - Update notifications (``M`` lines): ``0000`` → ``processed``, any
      other code → ``rejected`` with the ASP's code and label.
    - A record or notification that is not ``sent`` is left alone: applying
      a file twice changes nothing.
    - The answer to a batch a crashed export left planned settles it first
      (its lines become ``sent``): the ASP got it, it is not uploaded again.
    """
    applied = []
    for name in sorted(await transport.feedback_files()):
        if not is_feedback_file(name):
            continue
        try:
            lines = files.read_feedback(await transport.download(name))
        except MalformedFeedback as error:
            applied.append(AppliedFeedback(name, 0, 0, 0, error=str(error)))
            continue
        async with new_uow() as uow:
            await _settle_if_planned(uow, batch_of_feedback(name), clock=clock)
            counts = await _apply_lines(uow, batch_of_feedback(name), lines, clock=clock, ids=ids)
            await uow.commit()
        await transport.delete(name)
        applied.append(AppliedFeedback(name, **counts))
    return applied


async def _settle_if_planned(uow: UnitOfWork, batch_file: str, *, clock: Clock) -> None:
    """An answer proves the batch reached the ASP: a run that died between its
    upload and settling it left it planned, and the next export would upload
    it again. Settled now, its lines are ``sent`` and take their answers."""
    batch = await uow.asp_batches.get(batch_file)
    if batch is not None and batch.state is BatchState.UPLOADING:
        await settle(uow, clock, batch)


async def _apply_lines(
    uow: UnitOfWork, batch_file: str, lines: list[FeedbackLine], *, clock: Clock, ids: IdGenerator
) -> dict[str, int]:
    records = {r.batch_line: r for r in await uow.employee_records.in_batch(batch_file)}
    updates = {u.batch_line: u for u in await uow.employee_record_updates.in_batch(batch_file)}
    counts = {"processed": 0, "rejected": 0, "skipped": 0}
    events: list[object] = []
    for line in lines:
        if line.movement is Movement.CREATION:
            outcome = _answer_record(records.get(line.number), line, at=clock.now(), ids=ids, events=events)
        else:
            outcome = _answer_update(updates.get(line.number), line, at=clock.now())
        counts[outcome] += 1
    await record_notifications(uow, events)  # type: ignore[arg-type]
    return counts


def _answer_record(
    record: EmployeeRecord | None, line: FeedbackLine, *, at: datetime, ids: IdGenerator, events: list[object]
) -> str:
    if record is None or not record.apply_answer(code=line.code, label=line.label, at=at, event_id=ids.new_id()):
        return "skipped"
    events += record.events
    record.events.clear()
    return "processed" if record.state is RecordState.PROCESSED else "rejected"


def _answer_update(update: RecordUpdate | None, line: FeedbackLine, *, at: datetime) -> str:
    if update is None or not update.apply_answer(code=line.code, label=line.label, at=at):
        return "skipped"
    return "processed" if update.state is UpdateState.PROCESSED else "rejected"
