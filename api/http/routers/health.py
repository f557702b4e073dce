from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.http.deps import ContainerDep
from api.http.schemas.health import Liveness

router = APIRouter(tags=["operations"])


@router.get("/health/live", operation_id="health-live", summary="The process answers")
async def live() -> Liveness:
    return Liveness(status="ok")


@router.get(
    "/health/ready",
    operation_id="health-ready",
    summary="The service can serve: its database answers",
    responses={503: {"description": "The database does not answer"}},
)
async def ready(container: ContainerDep) -> JSONResponse:
    if await container.database_ready():
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse(
        {"status": "unavailable", "database": "unreachable"}, status_code=503, headers={"Retry-After": "5"}
    )


@router.get("/metrics", operation_id="metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    body = generate_latest(request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
