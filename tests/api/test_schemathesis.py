"""Schemathesis over the whole OpenAPI, once per kind of authenticated caller.

Every default check is on: no server error, every status code a route
returns is declared, every response matches its schema, invalid input is
refused and valid input accepted… The database holds the world of the
authorization matrix, so lists and reads answer with real objects.
Generation is seeded and small, so that CI is stable and quick.
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.python import asgi
from sqlalchemy import delete
from starlette.types import Receive, Scope, Send

from adapters.db.engine import make_engine
from adapters.db.tables import metadata
from api.http.app import create_app
from api.settings import Settings, load_settings
from tests.api.authorization_world import World, a_world, with_fast_hashing
from tests.conftest import BASE_URL

CALLERS = ("prescriber", "employer", "staff")
# Schemathesis' defaults, plus 422: a rule violation on well-formed data (an
# unknown criterion code, a PASS IAE number that is not one) names the rule.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
CONFIG = {
    "seed": 20261123,
    # TREMPLIN_SCHEMATHESIS_EXAMPLES=200 explores further, locally.
    "generation": {"max-examples": int(os.environ.get("TREMPLIN_SCHEMATHESIS_EXAMPLES", "5")), "deterministic": True},
    "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
    "operations": [
        {
            # RFC 6749 §5.2: wrong credentials are a 400 ``invalid_grant``.
            "include-operation-id": "auth-token",
            "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
        }
    ],
}


def settings_for(database_url: str, data_dir: Path) -> Settings:
    return load_settings(
        database_url=database_url,
        data_dir=data_dir,
        public_url=BASE_URL,
        log_level="WARNING",
        run_worker_in_process=False,
        # From one address, schemathesis makes hundreds of signups a minute and
        # asks tokens for the example account ~30 times: past the default rate
        # limits it would explore 429s, not the routes (test_rate_limits.py).
        rate_limit_writes_per_ip=100_000,
        rate_limit_token_per_account=100_000,
        rate_limit_token_per_ip=100_000,
    )


def _openapi() -> dict[str, Any]:
    """The OpenAPI document, from an app that never touches its database."""
    with tempfile.TemporaryDirectory() as data_dir:
        document: dict[str, Any] = create_app(settings_for("sqlite+aiosqlite://", Path(data_dir))).openapi()
    return document


class AppUnderTest:
    """What schemathesis calls: the app that the ``application`` fixture builds on
    the test database. Schemathesis needs an app when it makes the tests, at
    import; the database exists only once the fixtures run."""

    app: FastAPI | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "the application fixture builds the app"
        await self.app(scope, receive, send)


APP_UNDER_TEST = AppUnderTest()
schema = schemathesis.openapi.from_dict(_openapi(), config=SchemathesisConfig.from_dict(CONFIG))
schema.app = APP_UNDER_TEST  # as schemathesis.openapi.from_asgi does


@schema.auth(refresh_interval=None)
class CallerToken:
    """The bearer token of the running test's caller. Given to schemathesis as
    the API's authentication (not as fixed headers) so that it may also leave
    it out, and check what the API answers then."""

    token: ClassVar[str] = ""

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> str:
        return self.token

    def set(self, case: schemathesis.Case, data: str, ctx: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(scope="module")
async def tokens(migrated_database: str, data_dir: Path) -> dict[str, str]:
    """The world of the authorization matrix, and the tokens of the callers:
    a habilitated prescriber, an employer (of one company: his requests need
    no ``Tremplin-Act-As``) and staff."""
    engine = make_engine(migrated_database)
    async with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            await connection.execute(delete(table))
    await engine.dispose()
    application = create_app(settings_for(migrated_database, data_dir))
    application.state.container = with_fast_hashing(application.state.container)
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        world: World = await a_world(client, application.state.container)
    await application.state.engine.dispose()
    headers = {"prescriber": world.headers("prescriber"), "employer": world.other.employer_headers}
    headers["staff"] = world.headers("staff")
    return {caller: header["Authorization"].removeprefix("Bearer ") for caller, header in headers.items()}


@pytest.fixture(scope="module")
def application(tokens: dict[str, str], migrated_database: str, data_dir: Path) -> Iterator[FastAPI]:
    """The app under test; schemathesis runs it (and its lifespan) in an event loop of its own."""
    app = create_app(settings_for(migrated_database, data_dir))
    app.state.container = with_fast_hashing(app.state.container)
    APP_UNDER_TEST.app = app
    yield app
    # Schemathesis ran the app's lifespan in its own event loop: it ends it there.
    asgi.shutdown_lifespans()
    APP_UNDER_TEST.app = None


@pytest.fixture
def as_caller(caller: str, tokens: dict[str, str], application: FastAPI) -> None:
    CallerToken.token = tokens[caller]


@pytest.mark.usefixtures("anyio_backend", "as_caller")
@pytest.mark.parametrize("caller", CALLERS)
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_honours_its_contract(case: schemathesis.Case, caller: str) -> None:
    case.call_and_validate(base_url=BASE_URL)
