"""``tremplin import companies|prescribers FILE``: the referentials, each in one transaction."""

import sys
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from adapters.referentials.prescriber_file import read_prescriber_file
from adapters.referentials.siae_file import MalformedFile, count_lines, read_siae_file
from api.bootstrap import Container
from api.cli.runtime import run_with_container, settings_or_exit
from domain.companies.referential_import import import_companies
from domain.prescribers.referential_import import import_prescribers

importer = typer.Typer(help="Import referentials.", no_args_is_help=True)
ReadableFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]


Import = Callable[..., Awaitable[Any]]


@importer.command("companies")
def import_companies_command(file: ReadableFile) -> None:
    """Import the SIAE referential (ASP CSV, ';'-separated) in one transaction."""
    report = _run_import(file, "companies", import_companies, read_siae_file(file))
    typer.echo(
        f"created {report.created}, updated {report.updated}, deactivated {report.deactivated}, "
        f"unchanged {report.unchanged}, rejected {len(report.rejected)}"
    )
    _list_rejections(report.rejected)


@importer.command("prescribers")
def import_prescribers_command(file: ReadableFile) -> None:
    """Import the referential of prescriber organisations (CSV, ';'-separated) in one transaction.

    France Travail agencies (by SAFIR code) and other organisations (by SIRET)
    are created or updated; FT, ML and CAP_EMPLOI are habilitated by law.
    Rejected lines are listed with their reason, the others apply (exit 0, as
    `import companies`); a file that cannot be read changes nothing (exit 1)."""
    report = _run_import(file, "prescriber organisations", import_prescribers, read_prescriber_file(file))
    typer.echo(
        f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
        f"rejected {len(report.rejected)}"
    )
    _list_rejections(report.rejected)


def _run_import(file: Path, label: str, run: Import, lines: Iterable[Any]) -> Any:
    total = count_lines(file)

    async def work(c: Container) -> Any:
        with typer.progressbar(length=total, label=label, file=sys.stderr) as bar:
            return await run(
                uow=c.new_uow(),
                communes=c.referentials.communes,
                clock=c.clock,
                ids=c.ids,
                lines=lines,
                progress=lambda done: bar.update(done - bar.pos),
            )

    try:
        return run_with_container(settings_or_exit(), work)
    except MalformedFile as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


def _list_rejections(rejected: Iterable[Any]) -> None:
    for rejection in rejected:
        typer.echo(f"  line {rejection.line}: {rejection.reason}")
