"""The ``tremplin`` command: serve, migrate, seed, accounts and clients."""

import asyncio
import csv
import secrets
import signal
import sys
from contextlib import nullcontext
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
import uvicorn

from adapters.db import migrations
from adapters.db.engine import make_engine
from api.bootstrap import Container, build_outbox_worker
from api.cli.asp import asp
from api.cli.imports import importer
from api.cli.prolongation_reminders import notify_prolongation_requests
from api.cli.runtime import run_with_container, settings_or_exit
from api.demo.seed import seed_demo
from api.http.observability import configure_logging
from api.http.schemas.indicators import csv_rows
from api.settings import Settings
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
app.add_typer(asp, name="asp")
WORKER_HEALTHCHECK_S = 60


async def _migrate(settings: Settings) -> None:
    engine = make_engine(settings.database.database_url)
    try:
        await migrations.upgrade(engine)
    finally:
        await engine.dispose()


@app.command()
def migrate() -> None:
    """Upgrade the database schema to the latest revision."""
    asyncio.run(_migrate(settings_or_exit()))
    typer.echo("database schema is up to date")


@app.command()
def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Create the demo data and accounts.")] = False,
) -> None:
    """Load seed data (today: the demo data of the README)."""
    if not demo:
        typer.echo("nothing to seed: pass --demo", err=True)
        raise typer.Exit(2)
    created = run_with_container(settings_or_exit(), seed_demo)
    typer.echo(f"demo data ready ({created} records created)")


@app.command()
def serve(
    demo: Annotated[bool, typer.Option("--demo", help="Migrate and seed the demo data first.")] = False,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
) -> None:
    """Serve the web pages and the HTTP API with uvicorn."""
    settings = settings_or_exit()
    if demo:
        asyncio.run(_migrate(settings))
        created = run_with_container(settings, seed_demo)
        typer.echo(f"demo data ready ({created} records created); accounts: see README")
    typer.echo(f"Pages: http://{host}:{port}/ ; API docs: http://{host}:{port}/api/v1/docs")
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
    settings = settings_or_exit()
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

    run_with_container(settings, work)


notifier = typer.Typer(help="Scheduled emails.", no_args_is_help=True)
app.add_typer(notifier, name="notify")


@notifier.command("expiring-approvals")
def notify_expiring_approvals_command() -> None:
    """Queue the emails of PASS IAE ending within 30 days (run it daily; a
    second run the same day queues nothing more)."""

    async def work(c: Container) -> int:
        return await notify_expiring_approvals(uow=c.new_uow(), calendar=c.approval_calendar, clock=c.clock)

    queued = run_with_container(settings_or_exit(), work)
    typer.echo(f"{queued} emails queued")


notifier.command("prolongation-requests")(notify_prolongation_requests)

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
    settings = settings_or_exit()

    async def work(c: Container) -> Indicators:
        sources = IndicatorSources(c.indicators, c.clock, settings.indicators.indicators_min_hours)
        operator = Principal(kind=UserKind.STAFF)
        period = Period(first.date(), last.date())
        return await department_indicators(sources=sources, actor=operator, department=department, period=period)

    report = run_with_container(settings, work)
    with open(output, "w", newline="", encoding="utf-8") if output else nullcontext(sys.stdout) as stream:
        writer = csv.writer(stream)
        writer.writerow(["indicator", "breakdown", "value"])
        writer.writerows(csv_rows(report))


app.add_typer(importer, name="import")


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

    run_with_container(settings_or_exit(), work)
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

    run_with_container(settings_or_exit(), work)
    typer.echo(f"client_id:     {client_id}")
    typer.echo(f"client_secret: {secret}")
    typer.echo("The secret is shown once: store it now.", err=True)
