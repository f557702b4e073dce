"""Applying the ASP's answers (``RIAE_FS_…_FichierRetour.json``) to the records sent."""

from collections.abc import Callable
from dataclasses import dataclass

from domain.employee_records.batches import MalformedFeedback, Movement, batch_of_feedback, is_feedback_file
from domain.employee_records.state_machine import RecordState
from domain.notifications.recording import record_notifications
from domain.ports import AspBatchFiles, AspTransport, Clock, IdGenerator, UnitOfWork


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
    - A record that is not ``sent`` is left alone: applying a file twice
      changes nothing.
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
        batch_file = batch_of_feedback(name)
        counts = {"processed": 0, "rejected": 0, "skipped": 0}
        async with new_uow() as uow:
            records = {r.batch_line: r for r in await uow.employee_records.in_batch(batch_file)}
            events: list[object] = []
            for line in lines:
                record = records.get(line.number)
                at = clock.now()
                if (
                    line.movement is not Movement.CREATION
                    or record is None
                    or not record.apply_answer(code=line.code, label=line.label, at=at, event_id=ids.new_id())
                ):
                    counts["skipped"] += 1
                    continue
                counts["processed" if record.state is RecordState.PROCESSED else "rejected"] += 1
                events += record.events
                record.events.clear()
            await record_notifications(uow, events)  # type: ignore[arg-type]
            await uow.commit()
        await transport.delete(name)
        applied.append(AppliedFeedback(name, **counts))
    return applied
