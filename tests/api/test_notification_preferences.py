"""An employer member turns the new-candidature emails of his company off and on."""

from uuid import uuid4

import httpx

from api.bootstrap import Container
from domain.identity.users import UserKind
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer


def preferences(company_id: object) -> str:
    return f"/api/v1/companies/{company_id}/notification-preferences"


async def test_a_member_receives_new_candidatures_until_he_opts_out(
    client: httpx.AsyncClient, container: Container
) -> None:
    company = await a_company(container)
    member = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    headers = bearer(container, member, act_as=company.id)

    before = await client.get(preferences(company.id), headers=headers)
    changed = await client.put(preferences(company.id), json={"new_candidatures": False}, headers=headers)
    after = await client.get(preferences(company.id), headers=headers)

    assert (before.status_code, changed.status_code) == (200, 200), changed.text
    assert [r.json()["new_candidatures"] for r in (before, changed, after)] == [True, False, False]


async def test_a_choice_must_be_a_boolean(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    member = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    response = await client.put(
        preferences(company.id),
        json={"new_candidatures": "maybe"},
        headers=bearer(container, member, act_as=company.id),
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/new_candidatures"


async def test_someone_outside_the_company_may_not_choose_for_it(
    client: httpx.AsyncClient, container: Container
) -> None:
    company, other = await a_company(container), await a_company(container)
    outsider = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(other))

    response = await client.put(
        preferences(company.id), json={"new_candidatures": False}, headers=bearer(container, outsider, act_as=other.id)
    )

    assert response.status_code == 403


async def test_preferences_of_an_unknown_company_are_not_found(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    member = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    response = await client.get(preferences(uuid4()), headers=bearer(container, member, act_as=company.id))

    assert response.status_code == 404


async def test_preferences_need_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get(preferences(uuid4()))).status_code == 401
