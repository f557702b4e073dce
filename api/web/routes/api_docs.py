"""The API's interactive documentation, from the vendored Swagger UI: no
file comes from a CDN, so it works offline and under the pages' CSP."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.request_context import ContainerDep
from api.web.errors import PageRoute
from api.web.rendering import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
OPENAPI_URL = "/api/v1/openapi.json"


@router.get("/api/v1/docs", response_class=HTMLResponse)
async def api_docs(request: Request, container: ContainerDep) -> HTMLResponse:
    return render(request, container, None, "api_docs.html", {"openapi_url": OPENAPI_URL})
