"""The daily reminder of prolongation requests nobody decided
(``tremplin notify prolongation-requests``)."""

import uuid
from datetime import date, datetime, time, timedelta
from uuid import UUID

from domain.approvals.inbox import InboxEntry, InboxFilters, InboxPosition
from domain.approvals.prolongations import ProlongationStatus
from domain.job_seekers.ages import PARIS, paris_day
from domain.notifications.events import ProlongationReminderDue
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock
from domain.ports.unit_of_work import UnitOfWork

# As les emplois de l'inclusion: a reminder every 10 days, during the first 30.
REMINDER_EVERY_DAYS = 10
REMINDERS_FOR_DAYS = 30
PAGE = 100
# Fixed forever: the event id of a reminder is derived from what it is about.
REMINDER_NAMESPACE = UUID("8a1d2f64-5b0c-4e39-9c7e-2f4b6d8e1a53")


def reminder_due(requested_on: date, today: date) -> int | None:
    """Which reminder (1, 2, 3) is due ``today`` for a request made on
    ``requested_on``: the latest whose day has come, if within 30 days."""
    waited = (today - requested_on).days
    if waited < REMINDER_EVERY_DAYS or waited > REMINDERS_FOR_DAYS:
        return None
    return waited // REMINDER_EVERY_DAYS


async def remind_pending_prolongations(*, uow: UnitOfWork, clock: Clock) -> int:
    """Remind the prescribers who decide the pending prolongation requests;
    returns how many emails were queued.

    - To the prescriber a request is addressed to, or the members of its
      organisation once he has left it (or when it names nobody).
    - 10, 20 and 30 days after the request, while it is pending; none after.
    - Once per request and reminder: running the job again the same day (or
      the day after a missed run, for the same reminder) queues nothing more.
    """
    now = clock.now()
    today = paris_day(now)
    window = InboxFilters(
        status=ProlongationStatus.PENDING,
        requested_from=_paris_midnight(today - timedelta(days=REMINDERS_FOR_DAYS)),
        requested_before=_paris_midnight(today - timedelta(days=REMINDER_EVERY_DAYS - 1)),
    )
    recorded = 0
    async with uow:
        after: InboxPosition | None = None
        while page := await uow.approvals.prolongation_requests(filters=window, after=after, limit=PAGE):
            for entry in page:
                recorded += await _remind(uow, entry, today=today, now=now)
            after = page[-1].position
        await uow.commit()
    return recorded


async def _remind(uow: UnitOfWork, entry: InboxEntry, *, today: date, now: datetime) -> int:
    requested_on = paris_day(entry.prolongation.requested_at)
    reminder = reminder_due(requested_on, today)
    if reminder is None:
        return 0
    key = f"prolongation-reminder:{entry.prolongation.id}:{reminder}"
    event = ProlongationReminderDue(
        event_id=uuid.uuid5(REMINDER_NAMESPACE, key),
        occurred_at=now,
        approval_number=entry.approval_number,
        prolongation_id=entry.prolongation.id,
        reminder=reminder,
        days_waiting=(today - requested_on).days,
    )
    return await record_notifications(uow, [event])


def _paris_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS)
