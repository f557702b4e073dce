"""The ``tremplin`` command: serve, migrate, seed, accounts and clients."""

import asyncio
import csv
import gc
import secrets
import signal
import sys
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar
from uuid import UUID

import typer
import uvicorn

from adapters.asp.exchange import AspExchange, asp_exchange
from adapters.db import migrations
from adapters.db.engine import make_engine
from adapters.errors import Unavailable
from adapters.referentials.siae_file import MalformedFile, count_lines, read_siae_file
from api.app import build_container, build_outbox_worker
from api.asp_status_text import status_lines
from api.container import Container
from api.demo import seed_demo
from api.observability import configure_logging
from api.schemas.indicators import csv_rows
from api.settings import Settings, SettingsError, load_settings
from domain.companies.referential_import import ImportReport, import_companies
from domain.employee_records.export import export_batches
from domain.employee_records.feedback import apply_feedback
from domain.errors import DomainError
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.partner_clients import register_client
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.signup import NewAccount, Services, signup_person
from domain.identity.users import UserKind
from domain.indicators.reports import Indicators, Period
from domain.indicators.use_cases import IndicatorSources, department_indicators
from domain.notifications.expiring_approvals import notify_expiring_approvals

app = typer.Typer(
    help="Tremplin: candidate matching for the IAE.", no_args_is_help=True, pretty_exceptions_enable=False
)
T = TypeVar("T")
WORKER_HEALTHCHECK_S = 60


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None


def _run(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
    async def main() -> T:
        engine = make_engine(
            settings.database.database_url, connect_timeout_s=settings.database.database_connect_timeout_s
        )
        try:
            if not await migrations.is_current(engine):
                raise _SchemaBehind
            container = build_container(settings, engine)
            # As in api/asgi.py: the referentials live as long as the process,
            # and an ASP export of 100,000 records spent 1 s collecting them.
            gc.collect()
            gc.freeze()
            return await work(container)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(main())
    except DomainError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(1) from None
    except _SchemaBehind:
        typer.echo("error: the database schema is not up to date: run `tremplin migrate` first", err=True)
        raise typer.Exit(2) from None


class _SchemaBehind(Exception):
    """The database lacks migrations this code needs."""


async def _migrate(settings: Settings) -> None:
    engine = make_engine(settings.database.database_url)
    try:
        await migrations.upgrade(engine)
    finally:
        await engine.dispose()


@app.command()
def migrate() -> None:
    """Upgrade the database schema to the latest revision."""
    asyncio.run(_migrate(_settings()))
    typer.echo("database schema is up to date")


@app.command()
def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Create the demo data and accounts.")] = False,
) -> None:
    """Load seed data (today: the demo data of the README)."""
    if not demo:
        typer.echo("nothing to seed: pass --demo", err=True)
        raise typer.Exit(2)
    created = _run(_settings(), seed_demo)
    typer.echo(f"demo data ready ({created} records created)")


@app.command()
def serve(
    demo: Annotated[bool, typer.Option("--demo", help="Migrate and seed the demo data first.")] = False,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
) -> None:
    """Serve the HTTP API with uvicorn."""
    settings = _settings()
    if demo:
        asyncio.run(_migrate(settings))
        created = _run(settings, seed_demo)
        typer.echo(f"demo data ready ({created} records created); accounts: see README")
    typer.echo(f"API docs: http://{host}:{port}/api/v1/docs")
    uvicorn.run(
        "api.asgi:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        access_log=False,
        log_config=None,
        # A worker process imports the whole service before it answers uvicorn's
        # health pings; on a busy machine that outlasts the 5 s default, and the
        # workers were killed and restarted in a loop (tests/e2e/test_serve_crash.py).
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Send what is due, then exit.")] = False,
) -> None:
    """Send the emails of the outbox until stopped (SIGTERM, Ctrl-C).

    Several workers may run at once, on one machine or many: each email is
    claimed by one of them. Set TREMPLIN_RUN_WORKER_IN_PROCESS=false on the
    servers when workers run apart."""
    settings = _settings()
    configure_logging(settings.runtime.log_level)

    async def work(c: Container) -> None:
        outbox = build_outbox_worker(settings, c)
        if once:
            report = await outbox.run_until_idle()
            typer.echo(f"sent {report.sent}, to retry {report.retried}, dead {report.dead}")
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop_signal, stop.set)
        await outbox.run(stop)

    _run(settings, work)


notifier = typer.Typer(help="Scheduled emails.", no_args_is_help=True)
app.add_typer(notifier, name="notify")


@notifier.command("expiring-approvals")
def notify_expiring_approvals_command() -> None:
    """Queue the emails of PASS IAE ending within 30 days (run it daily; a
    second run the same day queues nothing more)."""

    async def work(c: Container) -> int:
        return await notify_expiring_approvals(uow=c.new_uow(), calendar=c.approval_calendar, clock=c.clock)

    queued = _run(_settings(), work)
    typer.echo(f"{queued} emails queued")


asp = typer.Typer(help="Employee records exchanged with the ASP.", no_args_is_help=True)
app.add_typer(asp, name="asp")


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


def _run_asp(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
    try:
        return _run(settings, work)
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
    settings = _settings()

    async def work(c: Container) -> None:
        exchange = _asp_exchange(settings, c)
        batches = await export_batches(
            new_uow=c.new_uow,
            files=exchange.files,
            transport=exchange.transport,
            clock=c.clock,
            max_batches=max_batches,
            side_by_side_writes=c.settings.database.database_url.startswith("postgresql"),
        )
        for batch in batches:
            resumed = " (resumed)" if batch.resumed else ""
            typer.echo(f"{batch.file_name}: {batch.lines} lines of movement {batch.movement} uploaded{resumed}")
        if not batches:
            typer.echo("no employee record is ready")

    _run_asp(settings, work)


@asp.command("fetch-feedback")
def asp_fetch_feedback() -> None:
    """Apply the ASP's answer files (RIAE_FS_<UTC>_FichierRetour.json), then delete them from the server."""
    settings = _settings()

    async def work(c: Container) -> None:
        exchange = _asp_exchange(settings, c)
        results = await apply_feedback(
            new_uow=c.new_uow, files=exchange.files, transport=exchange.transport, clock=c.clock, ids=c.ids
        )
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

    _run_asp(settings, work)


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

    lines, overdue = _run(_settings(), work)
    typer.echo("\n".join(lines))
    if overdue:
        typer.echo(f"{overdue} batch file(s) unanswered for more than {answer_within_hours} h", err=True)
        raise typer.Exit(1)


indicators = typer.Typer(help="COORACE indicators.", no_args_is_help=True)
app.add_typer(indicators, name="indicators")


class ExportFormat(StrEnum):
    CSV = "csv"


@indicators.command("export")
def export_indicators(
    department: Annotated[str, typer.Option(help="Department code: 75, 2A, 971…")],
    first: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day, included.")],
    last: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, included.")],
    export_format: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.CSV,
    output: Annotated[Path | None, typer.Option(dir_okay=False, help="File to write; stdout without it.")] = None,
) -> None:
    """Export a department's indicators over a period, one (indicator, breakdown, value) row per line."""
    settings = _settings()

    async def work(c: Container) -> Indicators:
        sources = IndicatorSources(c.indicators, c.clock, settings.indicators.indicators_min_hours)
        operator = Principal(kind=UserKind.STAFF)
        period = Period(first.date(), last.date())
        return await department_indicators(sources=sources, actor=operator, department=department, period=period)

    report = _run(settings, work)
    with open(output, "w", newline="", encoding="utf-8") if output else nullcontext(sys.stdout) as stream:
        writer = csv.writer(stream)
        writer.writerow(["indicator", "breakdown", "value"])
        writer.writerows(csv_rows(report))


importer = typer.Typer(help="Import referentials.", no_args_is_help=True)
app.add_typer(importer, name="import")


@importer.command("companies")
def import_companies_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import the SIAE referential (ASP CSV, ';'-separated) in one transaction."""
    total = count_lines(file)

    async def work(c: Container) -> ImportReport:
        with typer.progressbar(length=total, label="companies", file=sys.stderr) as bar:
            return await import_companies(
                uow=c.new_uow(),
                communes=c.referentials.communes,
                clock=c.clock,
                ids=c.ids,
                lines=read_siae_file(file),
                progress=lambda done: bar.update(done - bar.pos),
            )

    try:
        report = _run(_settings(), work)
    except MalformedFile as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"created {report.created}, updated {report.updated}, deactivated {report.deactivated}, "
        f"unchanged {report.unchanged}, rejected {len(report.rejected)}"
    )
    for rejection in report.rejected:
        typer.echo(f"  line {rejection.line}: {rejection.reason}")


@app.command("create-staff")
def create_staff(
    email: str,
    first_name: Annotated[str, typer.Option(prompt=True)],
    last_name: Annotated[str, typer.Option(prompt=True)],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Create a staff account (the operator's team)."""
    if len(password) < 10:
        typer.echo("error: the password needs at least 10 characters", err=True)
        raise typer.Exit(1)

    async def work(c: Container) -> None:
        services = Services(uow=c.new_uow(), hasher=c.hasher, clock=c.clock, ids=c.ids)
        account = NewAccount(email=email, password=password, first_name=first_name, last_name=last_name)
        await signup_person(services=services, account=account, kind=UserKind.STAFF)

    _run(_settings(), work)
    typer.echo(f"staff account created for {email}")


@app.command("create-client")
def create_client(
    name: str,
    company: Annotated[UUID | None, typer.Option(help="Company id the client acts for.")] = None,
    organisation: Annotated[UUID | None, typer.Option(help="Prescriber organisation id.")] = None,
    scope: Annotated[list[Scope] | None, typer.Option(help="Granted scope (repeat the option).")] = None,
) -> None:
    """Register a partner application; prints its client id and secret once."""
    if (company is None) == (organisation is None):
        typer.echo("error: give exactly one of --company or --organisation", err=True)
        raise typer.Exit(2)
    tenant = (
        Tenant(TenantKind.COMPANY, company) if company else Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation)  # type: ignore[arg-type]
    )
    client_id, secret = f"tpl_{secrets.token_hex(8)}", secrets.token_urlsafe(32)

    async def work(c: Container) -> None:
        await register_client(
            uow=c.new_uow(),
            hasher=c.hasher,
            clock=c.clock,
            ids=c.ids,
            name=name,
            tenant=tenant,
            scopes=frozenset(scope or []),
            client_id=client_id,
            secret=secret,
        )

    _run(_settings(), work)
    typer.echo(f"client_id:     {client_id}")
    typer.echo(f"client_secret: {secret}")
    typer.echo("The secret is shown once: store it now.", err=True)
