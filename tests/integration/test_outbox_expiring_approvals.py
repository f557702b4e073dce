"""The end dates of PASS IAE read from the database, and the daily notice on it."""

from datetime import date, timedelta

from api.bootstrap import Container
from domain.approvals.approvals import Approval, ApprovalHire
from domain.companies.companies import Company
from domain.identity.users import UserKind
from domain.job_seekers.ages import paris_day
from domain.notifications.expiring_approvals import notify_expiring_approvals
from domain.notifications.messages import DeliveryState
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user
from tests.builders.job_seekers import a_job_seeker


async def an_approval(
    container: Container, company: Company, *, number: str, end_at: date, cancelled: bool = False
) -> Approval:
    job_seeker = await a_job_seeker(container, created_by=company)
    now = container.clock.now()
    candidature_id = container.ids.new_id()
    approval = Approval(
        id=container.ids.new_id(),
        number=number,
        job_seeker_id=job_seeker.id,
        rank=1,
        start_at=end_at - timedelta(days=729),
        end_at=end_at,
        diagnosis_id=None,
        issued_by_company_id=company.id,
        issued_by_candidature_id=candidature_id,
        created_at=now,
        hires=[ApprovalHire(container.ids.new_id(), company.id, candidature_id, end_at - timedelta(days=729), now)],
        cancelled_at=now if cancelled else None,
    )
    uow = container.new_uow()
    async with uow:
        await uow.approvals.add(approval)
        await uow.commit()
    return approval


def today(container: Container) -> date:
    return paris_day(container.clock.now())


async def test_the_calendar_lists_the_pass_iae_ending_in_a_range_soonest_first(container: Container) -> None:
    day = today(container)
    company = await a_company(container)
    later = await an_approval(container, company, number="999990000002", end_at=day + timedelta(days=30))
    sooner = await an_approval(container, company, number="999990000001", end_at=day + timedelta(days=3))
    await an_approval(container, company, number="999990000003", end_at=day + timedelta(days=31))
    await an_approval(container, company, number="999990000004", end_at=day + timedelta(days=5), cancelled=True)

    numbers = await container.approval_calendar.numbers_ending_between(day, day + timedelta(days=30))

    assert numbers == [sooner.number, later.number]


async def test_the_daily_notice_is_queued_once_for_the_company_members(container: Container) -> None:
    day = today(container)
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    approval = await an_approval(container, company, number="999990000010", end_at=day + timedelta(days=20))

    first = await notify_expiring_approvals(
        uow=container.new_uow(), calendar=container.approval_calendar, clock=container.clock
    )
    second = await notify_expiring_approvals(
        uow=container.new_uow(), calendar=container.approval_calendar, clock=container.clock
    )

    assert (first, second) == (1, 0)
    uow = container.new_uow()
    async with uow:
        (message,) = await uow.outbox.in_state(DeliveryState.PENDING, after=None, limit=5)
    assert (message.recipient, message.template, message.context["approval_number"]) == (
        employer.email,
        "approval_expiring",
        approval.number,
    )
