"""``tremplin import prescribers FILE``: the operator's referential of prescriber organisations."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from adapters.referentials.prescriber_file import read_prescriber_file
from adapters.referentials.siae_file import MalformedFile, count_lines
from api.bootstrap import Container
from api.cli.runtime import run_with_container, settings_or_exit
from domain.prescribers.referential_import import ImportReport, import_prescribers


def import_prescribers_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import the referential of prescriber organisations (CSV, ';'-separated) in one transaction.

    France Travail agencies (by SAFIR code) and other organisations (by SIRET)
    are created or updated; FT, ML and CAP_EMPLOI are habilitated by law.
    Rejected lines are listed with their reason, the others apply (exit 0, as
    `import companies`); a file that cannot be read changes nothing (exit 1)."""
    total = count_lines(file)

    async def work(c: Container) -> ImportReport:
        with typer.progressbar(length=total, label="prescriber organisations", file=sys.stderr) as bar:
            return await import_prescribers(
                uow=c.new_uow(),
                communes=c.referentials.communes,
                clock=c.clock,
                ids=c.ids,
                lines=read_prescriber_file(file),
                progress=lambda done: bar.update(done - bar.pos),
            )

    try:
        report = run_with_container(settings_or_exit(), work)
    except MalformedFile as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
        f"rejected {len(report.rejected)}"
    )
    for rejection in report.rejected:
        typer.echo(f"  line {rejection.line}: {rejection.reason}")
