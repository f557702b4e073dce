import httpx
from prometheus_client.parser import text_string_to_metric_families


async def test_live_answers_without_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_checks_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


async def test_metrics_count_requests_by_operation(client: httpx.AsyncClient) -> None:
    before = _live_requests((await client.get("/metrics")).text)
    await client.get("/health/live")
    await client.get("/health/live")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert _live_requests(response.text) == before + 2


def _live_requests(exposition: str) -> float:
    """The counter of successful ``GET /health/live`` (0 before the first)."""
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == "tremplin_http_requests_total" and sample.labels.get("route") == "health-live":
                return sample.value
    return 0.0


async def test_each_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    unsafe = await client.get("/health/live", headers={"X-Request-ID": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"
