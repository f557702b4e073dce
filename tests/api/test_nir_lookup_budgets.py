"""GET /api/v1/job-seekers?nir= is budgeted: per person and per partner
application, 30 lookups an hour of which 10 may find nobody; past either,
429 with Retry-After, and staff sees who ran out (ABUSE: NIR enumeration)."""

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from api.bootstrap import Container
from api.http.app import create_app
from api.settings import Settings
from domain.identity.scopes import ALL_SCOPES
from domain.identity.users import User, UserKind
from domain.prescribers.organisations import PrescriberOrganisation
from tests.api.candidature_scenes import a_partner_token
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.fakes.system import FixedClock

URL = "/api/v1/job-seekers"
BUDGETS = "/api/v1/admin/nir-lookup-budgets"
# The budgets' windows are hours aligned on the clock; the app's clock stands a
# quarter past the current hour, so a refused lookup waits the 45 minutes left.
RETRY_AFTER = str(45 * 60)


def one_birth_prefix(order: int) -> str:
    """Men born in May 1985 in Paris 11e: the NIRs differ by their order number only."""
    body = f"1850575111{order:03d}"
    return body + f"{97 - int(body) % 97:02d}"


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    quarter_past = datetime.now(UTC).replace(minute=15, second=0, microsecond=0)
    application.state.container = dataclasses.replace(application.state.container, clock=FixedClock(quarter_past))
    yield application
    await application.state.engine.dispose()


async def a_prescriber(container: Container) -> tuple[User, PrescriberOrganisation]:
    organisation = await an_organisation(container)
    user = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))
    return user, organisation


async def look_up(client: httpx.AsyncClient, headers: dict[str, str], nir: str) -> httpx.Response:
    return await client.get(URL, params={"nir": nir}, headers=headers)


async def test_enumerating_one_birth_prefix_is_cut_short_after_the_misses_budget(
    client: httpx.AsyncClient, container: Container
) -> None:
    victim = await a_job_seeker(container, created_by=await an_organisation(container), nir=one_birth_prefix(500))
    prescriber, _ = await a_prescriber(container)
    headers = bearer(container, prescriber)

    answers = []
    for order in range(1, 1000):  # the 999 NIRs of the prefix, until refused
        answers.append(await look_up(client, headers, one_birth_prefix(order)))
        if answers[-1].status_code == 429:
            break

    assert [answer.status_code for answer in answers] == [200] * 10 + [429]
    assert answers[-1].json()["type"].endswith("/nir-lookups-exhausted")
    assert answers[-1].headers["retry-after"] == RETRY_AFTER
    # The rest of the prefix is refused, the victim's NIR like any other: nothing tells it exists.
    rest = [await look_up(client, headers, one_birth_prefix(order)) for order in (12, 500, 999)]
    assert [answer.status_code for answer in rest] == [429, 429, 429]
    assert str(victim.id) not in "".join(answer.text for answer in answers + rest)


async def test_a_person_of_another_structure_keeps_his_budget(client: httpx.AsyncClient, container: Container) -> None:
    prescriber, _ = await a_prescriber(container)
    other, _ = await a_prescriber(container)
    for order in range(1, 12):
        await look_up(client, bearer(container, prescriber), one_birth_prefix(order))

    answer = await look_up(client, bearer(container, other), one_birth_prefix(12))

    assert answer.status_code == 200


async def test_lookups_that_find_someone_are_allowed_up_to_the_lookups_budget(
    client: httpx.AsyncClient, container: Container
) -> None:
    nir = one_birth_prefix(42)
    job_seeker = await a_job_seeker(container, created_by=await an_organisation(container), nir=nir)
    prescriber, _ = await a_prescriber(container)

    answers = [await look_up(client, bearer(container, prescriber), nir) for _ in range(31)]

    assert [a.json()["items"][0]["id"] for a in answers[:30]] == [str(job_seeker.id)] * 30
    assert answers[30].status_code == 429
    assert answers[30].headers["retry-after"] == RETRY_AFTER


async def test_a_partner_application_s_budget_is_its_own(client: httpx.AsyncClient, container: Container) -> None:
    prescriber, organisation = await a_prescriber(container)
    partner = await a_partner_token(container, organisation_tenant(organisation), scopes=ALL_SCOPES)

    partner_answers = [await look_up(client, partner, one_birth_prefix(order)) for order in range(1, 12)]
    colleague = await look_up(client, bearer(container, prescriber), one_birth_prefix(12))

    assert [a.status_code for a in partner_answers] == [200] * 10 + [429]
    assert colleague.status_code == 200


async def test_staff_lists_who_ran_out_with_his_lookups_and_misses(
    client: httpx.AsyncClient, container: Container
) -> None:
    prescriber, organisation = await a_prescriber(container)
    for order in range(1, 16):
        await look_up(client, bearer(container, prescriber), one_birth_prefix(order))
    staff = await a_user(container, kind=UserKind.STAFF)

    listed = await client.get(BUDGETS, headers=bearer(container, staff))

    assert listed.status_code == 200
    [report] = listed.json()["items"]
    quarter_past = container.clock.now()
    assert {k: report[k] for k in ("user_id", "client_id", "organisation_id", "spent")} == {
        "user_id": str(prescriber.id),
        "client_id": None,
        "organisation_id": str(organisation.id),
        "spent": "misses",
    }
    assert (report["refusals"], report["lookups"], report["misses"]) == (5, 10, 10)
    assert datetime.fromisoformat(report["first_refused_at"]) == quarter_past
    assert datetime.fromisoformat(report["window_ends_at"]) == quarter_past + timedelta(minutes=45)


async def test_only_staff_lists_who_ran_out(client: httpx.AsyncClient, container: Container) -> None:
    prescriber, _ = await a_prescriber(container)

    answer = await client.get(BUDGETS, headers=bearer(container, prescriber))

    assert answer.status_code == 403
