"""``tremplin asp``: the employee records exchanged with the ASP."""

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, TypeVar

import typer

from adapters.asp.exchange import AspExchange, asp_exchange
from adapters.errors import Unavailable
from api.bootstrap import Container
from api.cli.asp_status_text import status_lines
from api.cli.runtime import run_with_container, settings_or_exit
from api.settings import Settings
from domain.employee_records.export import ExportedBatch, export_batches
from domain.employee_records.feedback import AppliedFeedback, apply_feedback

T = TypeVar("T")

asp = typer.Typer(help="Employee records exchanged with the ASP.", no_args_is_help=True)


def _asp_exchange(settings: Settings, c: Container) -> AspExchange:
    url = settings.asp.asp_sftp_url
    if url is not None and settings.asp.asp_sftp_key_file is None:
        typer.echo("TREMPLIN_ASP_SFTP_KEY_FILE is required with TREMPLIN_ASP_SFTP_URL", err=True)
        raise typer.Exit(2)
    return asp_exchange(
        directory=settings.asp.asp_dir,
        sftp_url=url.get_secret_value() if url else None,
        key_file=settings.asp.asp_sftp_key_file,
        known_hosts=settings.asp.asp_sftp_known_hosts,
    )


def _run_exchange(settings: Settings, job: str, work: Callable[[Container, AspExchange], Awaitable[T]]) -> T:
    """``work`` with the ASP exchange, as the only run of ``job`` (a second one
    exits 1 having done nothing)."""

    async def exclusively(c: Container) -> T:
        exchange = _asp_exchange(settings, c)
        async with c.run_lock.exclusive(job):
            return await work(c, exchange)

    try:
        return run_with_container(settings, exclusively)
    except Unavailable as error:
        typer.echo(f"error: {error} (nothing changed for the records not uploaded)", err=True)
        raise typer.Exit(1) from None


@asp.command("export")
def asp_export(
    max_batches: Annotated[
        int, typer.Option(min=1, help="New batch files to upload per movement type (700 lines each).")
    ] = 1,
) -> None:
    """Upload the ready employee records (movement C) and the update notifications
    (movement M) in batch files of their own (RIAE_FS_<UTC>.json)."""
    settings = settings_or_exit()

    async def work(c: Container, exchange: AspExchange) -> list[ExportedBatch]:
        return await export_batches(
            new_uow=c.new_uow,
            files=exchange.files,
            transport=exchange.transport,
            clock=c.clock,
            max_batches=max_batches,
            side_by_side_writes=c.settings.database.database_url.startswith("postgresql"),
        )

    batches = _run_exchange(settings, "tremplin asp export", work)
    for batch in batches:
        resumed = " (resumed)" if batch.resumed else ""
        typer.echo(f"{batch.file_name}: {batch.lines} lines of movement {batch.movement} uploaded{resumed}")
    if not batches:
        typer.echo("no employee record is ready")


@asp.command("fetch-feedback")
def asp_fetch_feedback() -> None:
    """Apply the ASP's answer files (RIAE_FS_<UTC>_FichierRetour.json), then delete them from the server."""
    settings = settings_or_exit()

    async def work(c: Container, exchange: AspExchange) -> list[AppliedFeedback]:
        return await apply_feedback(
            new_uow=c.new_uow, files=exchange.files, transport=exchange.transport, clock=c.clock, ids=c.ids
        )

    results = _run_exchange(settings, "tremplin asp fetch-feedback", work)
    for result in results:
        if result.error:
            typer.echo(f"{result.file_name}: kept, {result.error}", err=True)
        else:
            typer.echo(
                f"{result.file_name}: {result.processed} processed, {result.rejected} rejected, "
                f"{result.skipped} skipped"
            )
    if not results:
        typer.echo("no feedback file")


@asp.command("status")
def asp_status(
    answer_within_hours: Annotated[
        int, typer.Option(min=0, help="Hours an uploaded batch file may wait for the ASP's answer.")
    ] = 72,
) -> None:
    """Records and update notifications per state, batch files being uploaded
    and those the ASP has not answered; exit code 1 when one of those waits
    longer than --answer-within-hours (for monitoring)."""

    async def work(c: Container) -> tuple[list[str], int]:
        status, now, within = await c.asp_status.status(), c.clock.now(), timedelta(hours=answer_within_hours)
        return status_lines(status, now=now, answer_within=within), len(status.overdue(now=now, after=within))

    lines, overdue = run_with_container(settings_or_exit(), work)
    typer.echo("\n".join(lines))
    if overdue:
        typer.echo(f"{overdue} batch file(s) unanswered for more than {answer_within_hours} h", err=True)
        raise typer.Exit(1)
