"""A PostgreSQL that never answers, and a connection lost in the middle of a
unit of work: both are ``Unavailable`` (503 over HTTP), in bounded time."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import anyio
import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from adapters.db.engine import make_engine
from adapters.errors import Unavailable
from api.http.app import create_app
from api.settings import load_settings
from tests.sql_units import sql_unit_of_work


@contextmanager
def a_silent_server() -> Iterator[socket.socket]:
    """A port whose connections are accepted by the kernel and never answered,
    as with a database host that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener


async def test_a_database_that_never_answers_fails_the_request_after_the_connect_timeout(tmp_path: Path) -> None:
    with a_silent_server() as listener:
        url = f"postgresql+psycopg://postgres@127.0.0.1:{listener.getsockname()[1]}/tremplin"
        app = create_app(load_settings(database_url=url, database_connect_timeout_s=2, data_dir=tmp_path))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://tremplin.test") as http:
            form = {"grant_type": "password", "username": "someone@example.org", "password": "not-checked"}
            # Without the connect timeout psycopg waits on the silent port for ever.
            with anyio.fail_after(10):
                response = await http.post("/api/v1/auth/token", data=form)
        await app.state.engine.dispose()
        listener.setblocking(False)
        reached, _ = listener.accept()  # raises if the app never got as far as connecting
        reached.close()

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/service-unavailable")


@pytest.mark.postgres
async def test_a_connection_lost_inside_a_unit_of_work_raises_unavailable(migrated_database: str) -> None:
    engine = make_engine(migrated_database)
    try:
        with pytest.raises(Unavailable) as raised:
            async with sql_unit_of_work(engine) as uow:
                connection = await uow.session.connection()
                pid = (await connection.exec_driver_sql("SELECT pg_backend_pid()")).scalar_one()
                _terminate(migrated_database, pid)
                await uow.users.get(uuid4())
        # The pool dropped the dead connection: the next unit of work works.
        async with sql_unit_of_work(engine) as uow:
            assert await uow.users.get(uuid4()) is None
    finally:
        await engine.dispose()

    assert raised.value.service == "database"


def _terminate(url: str, pid: int) -> None:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
