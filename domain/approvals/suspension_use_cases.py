"""The employer who created a suspension changes its end, ends it early, or
deletes it before it starts; the PASS IAE's end date follows, and so does
what the ASP is told of it (an update notification, as for a new suspension)."""

from datetime import date, datetime
from uuid import UUID

from domain.approvals.approvals import Approval
from domain.approvals.hires import Employer
from domain.approvals.policies import employer_acting_on, readable_approval
from domain.approvals.use_cases import ApprovalView
from domain.employee_records.pass_changes import notify_pass_change
from domain.identity.principal import Principal
from domain.job_seekers.ages import paris_day
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


async def change_suspension_end(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    number: str,
    suspension_id: UUID,
    end_at: date,
) -> ApprovalView:
    """Move the last day of a suspension, earlier or later: the PASS IAE's end
    moves by as many days.

    - A person acting for the company that created the suspension, which
      still employs the holder with this PASS IAE (403; 404 for who may not
      read the PASS IAE, or for a suspension it does not have).
    - ``end_at`` on or after its start, at most 36 months later (422), and
      overlapping no other suspension (409 ``suspension-overlap``).
    - A record of the hire declared to the ASP gets an update notification.
    """
    async with uow:
        approval, employer, now = await _for_edit(uow, actor, clock, number)
        approval.change_suspension_end(ids=ids, suspension_id=suspension_id, end_at=end_at, employer=employer, at=now)
        return await _saved(uow, approval, ids=ids, now=now)


async def end_suspension(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    number: str,
    suspension_id: UUID,
    end_at: date | None = None,
) -> ApprovalView:
    """End a suspension early: its last day becomes ``end_at`` (default:
    today, Europe/Paris), the PASS IAE runs again the day after.

    - Same callers as changing its end.
    - ``end_at`` before its current end (422 ``suspension-end-not-earlier``)
      and not before its start (422 ``invalid-period``: a suspension that
      has not started is ended by a date on or after its start, or deleted).
    """
    async with uow:
        approval, employer, now = await _for_edit(uow, actor, clock, number)
        last_day = end_at or paris_day(now)
        approval.end_suspension(ids=ids, suspension_id=suspension_id, end_at=last_day, employer=employer, at=now)
        return await _saved(uow, approval, ids=ids, now=now)


async def delete_suspension(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, number: str, suspension_id: UUID
) -> ApprovalView:
    """Delete a suspension that has not started: the PASS IAE ends as if it
    had never been suspended then.

    - Same callers as changing its end.
    - Only before its first day (409 ``suspension-started``; a suspension
      under way can end early instead).
    """
    async with uow:
        approval, employer, now = await _for_edit(uow, actor, clock, number)
        approval.delete_suspension(
            ids=ids, suspension_id=suspension_id, employer=employer, today=paris_day(now), at=now
        )
        return await _saved(uow, approval, ids=ids, now=now)


async def _for_edit(
    uow: UnitOfWork, actor: Principal, clock: Clock, number: str
) -> tuple[Approval, Employer, datetime]:
    approval = await readable_approval(uow, actor, number)
    return approval, employer_acting_on(actor, approval), clock.now()


async def _saved(uow: UnitOfWork, approval: Approval, *, ids: IdGenerator, now: datetime) -> ApprovalView:
    await notify_pass_change(uow, approval, ids=ids, at=now)
    await uow.commit()
    return ApprovalView(approval, paris_day(now))
