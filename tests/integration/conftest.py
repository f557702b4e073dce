"""Fixtures of the integration tests that need a database of their own."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from api.bootstrap import Container
from domain.ports.unit_of_work import UnitOfWork
from tests.fakes.unit_of_work import FakeUnitOfWork
from tests.integration.fresh_databases import a_fresh_database


@pytest.fixture(params=["fake", "sql"])
def new_uow(request: pytest.FixtureRequest) -> Callable[[], UnitOfWork]:
    """Opens units of work on one store, the fake's memory or the test database,
    so that one contract suite keeps the fakes honest."""
    if request.param == "fake":
        store = FakeUnitOfWork()
        return lambda: store
    container: Container = request.getfixturevalue("container")
    return container.new_uow


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database, never migrated: for tests that build the schema themselves."""
    with a_fresh_database(tmp_path) as url:
        yield url
