"""A SQL unit of work on an engine, wired as the service wires it."""

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.asp.layout import AspDeclarationFormat
from adapters.asp.referentials import packaged_asp_referentials
from adapters.db.engine import make_session_factory
from adapters.db.unit_of_work import SqlUnitOfWork


def sql_unit_of_work(engine: AsyncEngine) -> SqlUnitOfWork:
    return SqlUnitOfWork(make_session_factory(engine), declarations=AspDeclarationFormat(packaged_asp_referentials()))
