"""The daily reminder of PASS IAE that come to an end (``tremplin notify expiring-approvals``)."""

import uuid
from datetime import timedelta
from uuid import UUID

from domain.job_seekers.ages import paris_day
from domain.notifications.events import ApprovalEndingSoon
from domain.notifications.recording import record_notifications
from domain.ports.approvals import ApprovalCalendar
from domain.ports.system import Clock
from domain.ports.unit_of_work import UnitOfWork

# Days before the end at which the employer is told: a first notice, then a reminder.
THRESHOLDS = (30, 7)
# Fixed forever: the event id of a notice is derived from what it is about.
NOTICE_NAMESPACE = UUID("3c9e5a0e-8f7b-4a51-b1f2-6d0c4e7a9b13")


def threshold_for(days_left: int) -> int:
    """The smallest threshold the PASS IAE has crossed."""
    return min(t for t in THRESHOLDS if days_left <= t)


async def notify_expiring_approvals(*, uow: UnitOfWork, calendar: ApprovalCalendar, clock: Clock) -> int:
    """Email the employers whose PASS IAE end within 30 days; returns how many emails.

    - To the active members of each company that hires with the PASS IAE (a
      cancelled hire no longer counts); transactional: not turned off.
    - Once per PASS IAE, end date, company and threshold (30 days, then 7):
      running the job again sends nothing new, and a PASS IAE whose end moved
      (suspension, prolongation) is announced again when its new end nears.
    """
    now = clock.now()
    today = paris_day(now)
    numbers = await calendar.numbers_ending_between(today, today + timedelta(days=max(THRESHOLDS)))
    recorded = 0
    async with uow:
        for number in numbers:
            approval = await uow.approvals.get_by_number(number)
            if approval is None or approval.is_cancelled or approval.end_at < today:
                continue
            days_left = (approval.end_at - today).days
            threshold = threshold_for(days_left)
            for company_id in sorted({hire.company_id for hire in approval.hires if hire.is_active}):
                key = f"approval-ending:{number}:{approval.end_at.isoformat()}:{company_id}:{threshold}"
                event = ApprovalEndingSoon(
                    event_id=uuid.uuid5(NOTICE_NAMESPACE, key),
                    occurred_at=now,
                    approval_number=number,
                    company_id=company_id,
                    end_at=approval.end_at,
                    days_left=days_left,
                )
                recorded += await record_notifications(uow, [event])
        await uow.commit()
    return recorded
