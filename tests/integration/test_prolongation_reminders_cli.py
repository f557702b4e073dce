"""``tremplin notify prolongation-requests`` on the test database: once a day's
reminders are queued, running it again queues nothing; one run at a time."""

from datetime import timedelta
from pathlib import Path

import anyio
from click.testing import Result
from typer.testing import CliRunner

from adapters.db.engine import make_engine
from adapters.db.run_locks import DatabaseRunLock
from api.bootstrap import Container
from api.cli.main import app
from api.cli.prolongation_reminders import JOB
from domain.approvals.prolongations import ProlongationAsk, ProlongationReason
from domain.approvals.use_cases import request_prolongation
from domain.identity.memberships import MembershipRole
from domain.identity.principal import ActingFor, Principal
from domain.identity.users import UserKind
from domain.notifications.messages import DeliveryState
from tests.api.approval_scenes import Hire, a_hire
from tests.builders.companies import company_tenant
from tests.fakes.system import FixedClock


async def asked_days_ago(container: Container, hire: Hire, days: int) -> None:
    """A request ``days`` ago: far from the 10-day steps, so that a change of
    the Paris offset between then and now never moves it across one."""
    employer = Principal(
        kind=UserKind.EMPLOYER,
        user_id=hire.employer.id,
        acting_for=ActingFor(company_tenant(hire.company), MembershipRole.ADMIN, company_kind=hire.company.kind),
    )
    await request_prolongation(
        uow=container.new_uow(),
        actor=employer,
        clock=FixedClock(container.clock.now() - timedelta(days=days)),
        ids=container.ids,
        number=hire.number,
        ask=ProlongationAsk(ProlongationReason.RQTH, hire.today + timedelta(days=729 + 90)),
        prescriber_email=hire.prescriber.email,
    )


async def tremplin(container: Container, tmp_path: Path) -> Result:
    env = {"TREMPLIN_DATABASE_URL": container.settings.database.database_url, "TREMPLIN_DATA_DIR": str(tmp_path)}
    return await anyio.to_thread.run_sync(lambda: CliRunner().invoke(app, ["notify", "prolongation-requests"], env=env))


async def test_the_reminder_of_the_day_is_queued_once(container: Container, tmp_path: Path) -> None:
    hire = await a_hire(container)
    await asked_days_ago(container, hire, 15)

    first, second = await tremplin(container, tmp_path), await tremplin(container, tmp_path)

    assert (first.exit_code, first.stdout.strip()) == (0, "1 emails queued"), first.output
    assert (second.exit_code, second.stdout.strip()) == (0, "0 emails queued"), second.output
    uow = container.new_uow()
    async with uow:
        pending = await uow.outbox.in_state(DeliveryState.PENDING, after=None, limit=20)
    reminders = [m for m in pending if m.template == "prolongation_reminder"]
    assert [(m.recipient, m.context["days_waiting"]) for m in reminders] == [(hire.prescriber.email, 15)]


async def test_a_request_older_than_30_days_is_no_longer_reminded(container: Container, tmp_path: Path) -> None:
    hire = await a_hire(container)
    await asked_days_ago(container, hire, 35)

    result = await tremplin(container, tmp_path)

    assert (result.exit_code, result.stdout.strip()) == (0, "0 emails queued")


async def test_a_run_while_another_one_goes_does_nothing_and_says_so(container: Container, tmp_path: Path) -> None:
    hire = await a_hire(container)
    await asked_days_ago(container, hire, 25)
    engine = make_engine(container.settings.database.database_url)
    try:
        async with DatabaseRunLock(engine).exclusive(JOB):
            refused = await tremplin(container, tmp_path)
    finally:
        await engine.dispose()

    assert refused.exit_code == 1, refused.output
    assert JOB in refused.stderr and "en cours" in refused.stderr
    assert (await tremplin(container, tmp_path)).stdout.strip() == "1 emails queued"
