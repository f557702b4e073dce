"""What every ``tremplin`` command that works on the database shares: its
settings, and one event loop around a container on a migrated database."""

import asyncio
import gc
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer

from adapters.db import migrations
from adapters.db.engine import make_engine
from api.bootstrap import Container, build_container
from api.settings import Settings, SettingsError, load_settings
from domain.errors import DomainError

T = TypeVar("T")


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None


def run_with_container(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
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
