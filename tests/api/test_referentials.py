"""The public referentials over HTTP: communes, ROME appellations, criteria."""

import httpx

LEVEL_1 = {"RSA", "ASS", "AAH", "DETLD"}
LEVEL_2 = {
    "CAP_BEP", "SENIOR", "JEUNE", "ASE", "DELD", "TH", "PI",
    "PSH_PR", "REF_DA", "ZRR", "QPV", "DETENTION_MJ", "FLE", "PM",
}  # fmt: skip


async def communes(client: httpx.AsyncClient, q: str, **params: object) -> list[dict[str, object]]:
    response = await client.get("/api/v1/communes", params={"q": q, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def appellations(client: httpx.AsyncClient, q: str) -> list[dict[str, str]]:
    response = await client.get("/api/v1/rome/appellations", params={"q": q})
    assert response.status_code == 200, response.text
    items: list[dict[str, str]] = response.json()["items"]
    return items


async def test_paris_is_found_as_the_city_before_its_arrondissements(client: httpx.AsyncClient) -> None:
    items = await communes(client, "paris")

    assert (items[0]["insee_code"], items[0]["name"]) == ("75056", "Paris")
    assert all(str(item["name"]).startswith("Paris ") for item in items[1:])


async def test_a_postal_code_prefix_finds_the_communes_it_serves(client: httpx.AsyncClient) -> None:
    items = await communes(client, "75011")

    assert {item["insee_code"] for item in items} == {"75056", "75111"}


async def test_accents_and_case_do_not_matter(client: httpx.AsyncClient) -> None:
    items = await communes(client, "CRETEIL")

    assert [item["name"] for item in items] == ["Créteil"]


async def test_hyphens_are_typed_as_spaces(client: httpx.AsyncClient) -> None:
    items = await communes(client, "saint etienne")

    assert (items[0]["insee_code"], items[0]["name"]) == ("42218", "Saint-Étienne")


async def test_st_stands_for_saint(client: httpx.AsyncClient) -> None:
    items = await communes(client, "st etienne")

    assert items[0]["insee_code"] == "42218"


async def test_communes_of_the_very_name_come_before_longer_names(client: httpx.AsyncClient) -> None:
    items = await communes(client, "saint-denis", limit=50)

    names = [item["name"] for item in items]
    exact = names.count("Saint-Denis")
    assert exact >= 2
    assert names[:exact] == ["Saint-Denis"] * exact


async def test_communes_of_one_name_are_ranked_by_population(client: httpx.AsyncClient) -> None:
    items = await communes(client, "saint-denis", limit=50)

    namesakes = [item for item in items if item["name"] == "Saint-Denis"]
    populations = [int(str(item["population"])) for item in namesakes]
    assert populations == sorted(populations, reverse=True)
    assert [item["insee_code"] for item in namesakes[:2]] == ["97411", "93066"]


async def test_limit_caps_the_number_of_communes(client: httpx.AsyncClient) -> None:
    items = await communes(client, "sa", limit=3)

    assert len(items) == 3


async def test_a_limit_above_50_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/communes", params={"q": "paris", "limit": 51})

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/query/limit"]


async def test_a_query_of_one_character_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/communes", params={"q": "p"})

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/query/q"]


async def test_a_commune_is_read_by_its_insee_code(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/communes/2A004")

    assert response.status_code == 200
    assert response.json() == {
        "insee_code": "2A004",
        "name": "Ajaccio",
        "department": "2A",
        "postal_codes": ["20000", "20090", "20167"],
        "latitude": 41.92274,
        "longitude": 8.70583,
        "population": 73822,
    }


async def test_paris_as_a_city_has_the_postal_codes_of_all_its_arrondissements(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/communes/75056")

    assert response.status_code == 200
    assert set(response.json()["postal_codes"]) == {f"750{n:02}" for n in range(1, 21)} | {"75116"}


async def test_an_unknown_commune_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/communes/99999")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/commune-not-found")


async def test_a_malformed_insee_code_is_422_naming_the_parameter(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/communes/7505")

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/path/insee_code"]


async def test_an_appellation_is_found_by_the_start_of_its_title(client: httpx.AsyncClient) -> None:
    items = await appellations(client, "boul")

    assert items[0] == {
        "code": "11573",
        "name": "Boulanger / Boulangère",
        "rome_code": "D1102",
        "rome_name": "Boulangerie - viennoiserie",
    }


async def test_every_word_typed_starts_a_word_of_the_title_in_any_order(client: httpx.AsyncClient) -> None:
    items = await appellations(client, "entretien agent")

    assert "Agent / Agente d'entretien du bâtiment" in [item["name"] for item in items]
    for item in items:
        title = item["name"].lower().replace("'", " ").replace("(", " ").split()
        assert any(word.startswith("agent") for word in title), item["name"]
        assert any(word.startswith("entretien") for word in title), item["name"]


async def test_an_appellation_needs_every_word_to_match(client: httpx.AsyncClient) -> None:
    assert await appellations(client, "boulanger astronaute") == []


async def test_appellations_ignore_accents(client: httpx.AsyncClient) -> None:
    items = await appellations(client, "developpeur web")

    assert items[0]["name"] == "Développeur / Développeuse web"


async def test_a_one_letter_appellation_query_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/rome/appellations", params={"q": "b"})

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/query/q"]


async def test_the_criteria_are_the_4_of_level_1_and_the_14_of_level_2(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/eligibility/criteria")

    assert response.status_code == 200
    items = response.json()["items"]
    assert {item["code"] for item in items if item["level"] == 1} == LEVEL_1
    assert {item["code"] for item in items if item["level"] == 2} == LEVEL_2
    assert len(items) == 18


async def test_level_1_criteria_are_listed_first(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/eligibility/criteria")

    levels = [item["level"] for item in response.json()["items"]]
    assert levels == sorted(levels)


async def test_each_criterion_says_which_written_proof_it_needs(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/eligibility/criteria")

    rsa = next(item for item in response.json()["items"] if item["code"] == "RSA")
    assert rsa["written_proof"] == "Attestation RSA"


async def test_the_referential_operations_are_documented(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()

    operations = {op["operationId"]: op for path in schema["paths"].values() for op in path.values()}
    for operation_id in ("communes-search", "communes-get", "rome-appellations-search", "eligibility-criteria-list"):
        assert operations[operation_id]["summary"], operation_id
