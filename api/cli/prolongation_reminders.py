"""``tremplin notify prolongation-requests``: remind the prescribers of the
prolongation requests waiting for their decision."""

import typer

from api.bootstrap import Container
from api.cli.runtime import run_with_container, settings_or_exit
from domain.notifications.prolongation_reminders import remind_pending_prolongations

JOB = "tremplin notify prolongation-requests"


def notify_prolongation_requests() -> None:
    """Queue the reminders of the prolongation requests nobody decided: 10, 20
    and 30 days after each (run it daily; a second run the same day queues
    nothing more, and a run while another one is going exits 1 doing nothing)."""

    async def work(c: Container) -> int:
        async with c.run_lock.exclusive(JOB):
            return await remind_pending_prolongations(uow=c.new_uow(), clock=c.clock)

    queued = run_with_container(settings_or_exit(), work)
    typer.echo(f"{queued} emails queued")
