"""The OpenAPI document is complete enough for generated clients."""

import httpx


async def test_the_openapi_document_and_docs_are_served(client: httpx.AsyncClient) -> None:
    schema = await client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.1")
    docs = await client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


async def test_every_operation_has_an_id_a_summary_and_declared_problems(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    operation_ids = []
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get("operationId"), f"{method} {path} has no operationId"
            assert operation.get("summary"), f"{method} {path} has no summary"
            operation_ids.append(operation["operationId"])
            if (path.startswith("/api/v1/") and method != "get") or "{" in path:
                declared = {code for code in operation["responses"] if code.startswith(("4", "5"))}
                assert declared, f"{method} {path} declares no problem response"
    assert len(operation_ids) == len(set(operation_ids))
