"""Request plumbing the HTTP API and the web pages share: the container the
app was built with, and the client's address."""

from typing import Annotated

from fastapi import Depends, Request
from starlette.types import Scope

from api.bootstrap import Container


# ``async def``: FastAPI runs a plain function dependency in its thread pool,
# a hand-off that cost more than this body on every request.
async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


def client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
