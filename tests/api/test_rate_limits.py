"""Request-rate limits at the HTTP edge: 429 ``rate-limited`` with Retry-After
past the limit, one bucket per account, IP, user or partner application;
limits shared by several app instances; the token endpoint fails closed."""

import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from adapters.redis.rate_limits import RedisRateLimiter
from api.bootstrap import Container
from api.http.app import create_app
from api.settings import Settings, SettingsError, load_settings
from domain.companies.companies import Company
from domain.identity.scopes import Scope
from domain.identity.users import User, UserKind
from tests.api.authorization_world import with_fast_hashing
from tests.api.test_token_endpoint import a_partner, basic, password_form
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.conftest import BASE_URL
from tests.fakes.system import FixedClock
from tests.redis_counters import TEST_REDIS_URL, a_redis_prefix

# Marked here, not by the conftest hook: marking at collection drops the database/redis parametrisation.
pytestmark = pytest.mark.anyio

TOKEN = "/api/v1/auth/token"
SIGNUP = "/api/v1/signup/job-seeker"
ACCOUNT = {"email": "lea@example.org", "password": "un mot de passe solide", "first_name": "Léa", "last_name": "Martin"}
SMALL_LIMITS = {
    "rate_limit_token_per_account": 3,
    "rate_limit_token_per_ip": 5,
    "rate_limit_writes_per_client": 3,
    "rate_limit_writes_per_ip": 2,
}
Http = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]
# The windows are minutes aligned on the clock; the apps' clock stands 15 s into
# the current minute, so a refused request waits exactly the 45 s left.
SECONDS_INTO_THE_WINDOW, RETRY_AFTER = 15, "45"


def for_the_tests(container: Container) -> Container:
    minute = datetime.now(UTC).replace(second=0, microsecond=0)
    clock = FixedClock(minute + timedelta(seconds=SECONDS_INTO_THE_WINDOW))
    return dataclasses.replace(with_fast_hashing(container), clock=clock)


@pytest.fixture
def settings(db: str, data_dir: Path) -> Settings:
    return load_settings(database_url=db, data_dir=data_dir, public_url=BASE_URL, **SMALL_LIMITS)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    application.state.container = for_the_tests(application.state.container)
    yield application
    await application.state.engine.dispose()


@asynccontextmanager
async def http_from(app: FastAPI, ip: str = "203.0.113.7") -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(ip, 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


def assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/rate-limited")
    assert response.headers["retry-after"] == RETRY_AFTER


async def statuses(client: httpx.AsyncClient, times: int, method: str, url: str, **request: object) -> list[int]:
    return [(await client.request(method, url, **request)).status_code for _ in range(times)]  # type: ignore[arg-type]


async def test_token_requests_past_the_limit_of_an_account_are_429(client: httpx.AsyncClient) -> None:
    wrong = password_form("lea.martin@example.org", "not the password")
    assert await statuses(client, 3, "POST", TOKEN, data=wrong) == [400, 400, 400]

    assert_rate_limited(await client.post(TOKEN, data=wrong))
    other_account = await client.post(TOKEN, data=password_form("paul@example.org", "not the password"))
    assert other_account.status_code == 400


async def test_a_partner_authenticated_with_http_basic_is_counted_under_its_client_id(
    client: httpx.AsyncClient,
) -> None:
    form = {"grant_type": "client_credentials"}
    wrong = basic("tpl_unknown", "not the secret")
    assert await statuses(client, 3, "POST", TOKEN, data=form, headers=wrong) == [401, 401, 401]

    assert_rate_limited(await client.post(TOKEN, data=form, headers=wrong))


async def test_token_requests_past_the_limit_of_an_ip_are_429_whatever_the_account(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    for number in range(5):
        await client.post(TOKEN, data=password_form(f"person.{number}@example.org", "not the password"))

    assert_rate_limited(await client.post(TOKEN, data=password_form("new@example.org", "not the password")))
    async with http_from(app, "198.51.100.9") as elsewhere:
        assert (await elsewhere.post(TOKEN, data=password_form("new@example.org", "x"))).status_code == 400


async def an_employer(container: Container) -> tuple[Company, User]:
    company = await a_company(container)
    return company, await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))


async def test_writes_past_the_limit_of_a_user_are_429_and_another_user_is_not_held(
    client: httpx.AsyncClient, container: Container
) -> None:
    company, first = await an_employer(container)
    _, second = await an_employer(container)
    url, body = f"/api/v1/companies/{company.id}/notification-preferences", {"new_candidatures": False}
    assert await statuses(client, 3, "PUT", url, json=body, headers=bearer(container, first)) == [200, 200, 200]

    assert_rate_limited(await client.put(url, json=body, headers=bearer(container, first)))
    assert (await client.put(url, json=body, headers=bearer(container, second))).status_code == 403


async def test_each_partner_application_has_a_bucket_of_its_own(
    client: httpx.AsyncClient, container: Container
) -> None:
    company = await a_company(container)
    tokens = []
    for _ in range(2):
        client_id, secret = await a_partner(container, company_tenant(company), {Scope.CANDIDATURES_WRITE})
        issued = await client.post(TOKEN, data={"grant_type": "client_credentials"}, headers=basic(client_id, secret))
        tokens.append({"Authorization": f"Bearer {issued.json()['access_token']}"})
    url = f"/api/v1/companies/{company.id}/notification-preferences"
    first_answers = await statuses(client, 3, "PUT", url, json={"new_candidatures": False}, headers=tokens[0])

    assert_rate_limited(await client.put(url, json={"new_candidatures": False}, headers=tokens[0]))
    other = await client.put(url, json={"new_candidatures": False}, headers=tokens[1])
    assert 429 not in first_answers
    assert other.status_code == first_answers[0]


async def test_anonymous_writes_are_counted_per_ip(client: httpx.AsyncClient, app: FastAPI) -> None:
    answers = [(await client.post(SIGNUP, json={"email": f"p{n}@example.org"})).status_code for n in range(2)]
    assert answers == [422, 422]

    assert_rate_limited(await client.post(SIGNUP, json={"email": "p3@example.org"}))
    async with http_from(app, "198.51.100.9") as elsewhere:
        assert (await elsewhere.post(SIGNUP, json={"email": "p3@example.org"})).status_code == 422


@pytest.mark.parametrize("path", ["/api/v1/auth/password-reset-requests", "/api/v1/auth/email-confirmations/resend"])
async def test_asking_for_links_by_email_counts_as_anonymous_writes(client: httpx.AsyncClient, path: str) -> None:
    answers = await statuses(client, 2, "POST", path, json={"email": "lea.martin@example.org"})
    assert answers == [202, 202]

    assert_rate_limited(await client.post(path, json={"email": "lea.martin@example.org"}))


async def test_anonymous_writes_to_a_route_needing_a_token_stay_401(client: httpx.AsyncClient) -> None:
    url = "/api/v1/companies/00000000-0000-0000-0000-000000000001/notification-preferences"

    assert await statuses(client, 4, "PUT", url, json={"new_candidatures": False}) == [401] * 4


async def test_reads_are_not_limited(client: httpx.AsyncClient, container: Container) -> None:
    _, employer = await an_employer(container)

    assert await statuses(client, 5, "GET", "/api/v1/me", headers=bearer(container, employer)) == [200] * 5


@asynccontextmanager
async def two_instances(settings: Settings) -> AsyncIterator[tuple[FastAPI, FastAPI]]:
    """Two apps on one state, as two workers or hosts behind a load balancer."""
    apps = [create_app(settings) for _ in range(2)]
    for instance in apps:
        instance.state.container = for_the_tests(instance.state.container)
    try:
        yield apps[0], apps[1]
    finally:
        for instance in apps:
            if isinstance(instance.state.container.rate_limiter, RedisRateLimiter):
                await instance.state.container.rate_limiter.close()
            await instance.state.engine.dispose()


@pytest.fixture(params=["database", "redis"])
def counted_in(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_two_app_instances_share_the_limits(counted_in: str, settings: Settings, db: str, data_dir: Path) -> None:
    async with a_redis_prefix() if counted_in == "redis" else nullcontext("") as prefix:
        shared = settings
        if counted_in == "redis":
            shared = load_settings(
                database_url=db, data_dir=data_dir, redis_url=TEST_REDIS_URL, redis_prefix=prefix, **SMALL_LIMITS
            )
        wrong = password_form("lea.martin@example.org", "not the password")
        async with two_instances(shared) as apps, http_from(apps[0]) as first, http_from(apps[1]) as second:
            answers = [(await http.post(TOKEN, data=wrong)).status_code for http in (first, second, first)]

            assert answers == [400, 400, 400]
            assert_rate_limited(await second.post(TOKEN, data=wrong))


async def test_when_the_counters_are_unreachable_tokens_fail_closed_and_writes_go_through(
    db: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unreachable = load_settings(database_url=db, data_dir=data_dir, redis_url="redis://127.0.0.1:1/0")
    async with two_instances(unreachable) as (app, _), http_from(app) as client:
        token = await client.post(TOKEN, data=password_form("lea.martin@example.org"))
        signup = await client.post(SIGNUP, json=ACCOUNT)

    assert token.status_code == 503
    assert token.headers["content-type"] == "application/problem+json"
    assert token.headers["retry-after"] == "5"
    assert signup.status_code == 201
    assert '"event": "rate_limits_unavailable"' in capsys.readouterr().out


async def test_the_openapi_declares_the_429_of_every_write_and_the_503_of_the_token_endpoint(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    writes = [
        op for item in paths.values() for method, op in item.items() if method in ("post", "put", "patch", "delete")
    ]

    assert writes and all("Retry-After" in op["responses"]["429"]["headers"] for op in writes)
    assert "Retry-After" in paths[TOKEN]["post"]["responses"]["503"]["headers"]
    assert all(method == "get" or "429" not in op["responses"] for method, op in paths["/health/ready"].items())


def test_a_redis_url_of_another_scheme_stops_the_start_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match="TREMPLIN_REDIS_URL"):
        load_settings(redis_url="http://127.0.0.1:6379")
