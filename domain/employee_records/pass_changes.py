"""A PASS IAE whose dates change (suspension, prolongation, a suspension cut
short by a new hire) queues an update notification for each record of it
declared to the ASP (ASP.md §1.3); a record ready but in no batch yet will
declare the new dates itself."""

from datetime import date, datetime

from domain.approvals.approvals import Approval
from domain.employee_records.records import EmployeeRecord
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import RecordUpdate, UpdateState
from domain.ports.system import IdGenerator
from domain.ports.unit_of_work import UnitOfWork


async def notify_pass_change(
    uow: UnitOfWork, approval: Approval, *, ids: IdGenerator, at: datetime
) -> list[RecordUpdate]:
    """After a change of a PASS IAE (in an open unit of work): each record of
    it declared to the ASP (in a batch being uploaded, ``sent`` or
    ``processed``, archived since or not) whose last declared dates differ
    gets an update notification with the new dates; one pending per record:
    a second change rewrites it rather than adding another. A ``ready``
    record in no batch yet takes the new dates into its declaration."""
    if approval.is_cancelled:
        return []  # a PASS is only cancelled with hires never declared (``withdraw_records_of_hire``)
    pass_dates = (approval.start_at, approval.end_at)
    touched = []
    for record in await uow.employee_records.of_approval(approval.number):
        if record.is_declared:
            update = await queue_update(uow, record, pass_dates, ids=ids, at=at)
            touched += [update] if update else []
        elif record.state is RecordState.READY:
            record.declare_pass_dates(pass_dates)
    return touched


async def queue_update(
    uow: UnitOfWork, record: EmployeeRecord, pass_dates: tuple[date, date], *, ids: IdGenerator, at: datetime
) -> RecordUpdate | None:
    """The record's pending notification given ``pass_dates``, or a new one
    when the ASP was last told (or is being told) other dates; None when it
    was told these, by the record or by a notification it did not reject."""
    updates = await uow.employee_record_updates.of_record(record.id)
    pending = next((u for u in updates if u.is_pending), None)
    if pending is not None:
        pending.change_dates(pass_dates, at=at)
        return pending
    told = [(u.pass_start_at, u.pass_end_at) for u in updates if u.state is not UpdateState.REJECTED]
    if (told[0] if told else (record.pass_start_at, record.pass_end_at)) == pass_dates:
        return None
    update = RecordUpdate(ids.new_id(), record.id, UpdateState.NEW, *pass_dates, created_at=at, updated_at=at)
    await uow.employee_record_updates.add(update)
    return update
