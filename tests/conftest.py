"""Shared fixtures: one migrated database per test session (SQLite by
default, a throwaway PostgreSQL database when TEST_DATABASE_URL is set),
emptied before each test that asks for it, and the app built on it.

The app is built once per session for the default settings: FastAPI builds a
route's validators when the route first answers, about 60 ms for this app,
paid again by every test that built its own. Each test still gets its own
container (engine, adapters, wiring) and no dependency override of another."""

import inspect
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.engine import make_url

from adapters.db import migrations
from adapters.db.engine import make_engine
from adapters.db.tables import metadata
from api.bootstrap import Container, build_container
from api.http.observability import configure_logging
from api.settings import Settings, load_settings
from api.site import create_site

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgres")
BASE_URL = "https://tremplin.test"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if inspect.iscoroutinefunction(getattr(item, "function", None)):
            item.add_marker(pytest.mark.anyio)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # A skip mark added at collection would be lost: anyio replaces each async
    # test item by one per backend after collection, without its added marks.
    if item.get_closest_marker("postgres") and not ON_POSTGRES:
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not ON_POSTGRES:
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'tremplin-test.db'}"
        return
    with throwaway_postgres_database(TEST_DATABASE_URL) as url:
        yield url


class throwaway_postgres_database:
    """Creates a uniquely named database next to the given one, drops it after."""

    def __init__(self, url: str) -> None:
        base = make_url(url).set(drivername="postgresql+psycopg")
        self.name = f"tremplin_test_{uuid.uuid4().hex[:12]}"
        self.admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
        self.url = base.set(database=self.name).render_as_string(hide_password=False)

    def __enter__(self) -> str:
        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        return self.url

    def __exit__(self, *exc: object) -> None:
        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
async def migrated_database(database_url: str) -> str:
    engine = make_engine(database_url)
    await migrations.upgrade(engine)
    await engine.dispose()
    return database_url


@pytest.fixture
async def db(migrated_database: str) -> str:
    """The test database, emptied of every row."""
    engine = make_engine(migrated_database)
    async with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            await connection.execute(delete(table))
    await engine.dispose()
    return migrated_database


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture
def settings(db: str, data_dir: Path) -> Settings:
    return _default_settings(db, data_dir)


def _default_settings(database_url: str, data_dir: Path) -> Settings:
    return load_settings(database_url=database_url, data_dir=data_dir, public_url=BASE_URL, log_level="INFO")


@pytest.fixture(scope="session")
def shared_app(migrated_database: str, data_dir: Path) -> FastAPI:
    return create_site(_default_settings(migrated_database, data_dir))


@pytest.fixture
async def app(settings: Settings, shared_app: FastAPI) -> AsyncIterator[FastAPI]:
    if settings != shared_app.state.container.settings:
        application = create_site(settings)
        yield application
        await application.state.engine.dispose()
        return
    configure_logging(settings.runtime.log_level)  # as create_app: to this test's captured output
    engine = make_engine(settings.database.database_url, connect_timeout_s=settings.database.database_connect_timeout_s)
    shared_app.state.engine = engine
    shared_app.state.container = build_container(settings, engine)
    yield shared_app
    shared_app.dependency_overrides.clear()
    await engine.dispose()


@pytest.fixture
def container(app: FastAPI) -> Container:
    built: Container = app.state.container
    return built


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http
