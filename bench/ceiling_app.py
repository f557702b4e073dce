"""The ceiling of the search benchmark: FastAPI with one route and a small
constant JSON body, no database, no middleware. ``bench/national_search.py``
serves it with exactly the uvicorn settings it gives Tremplin."""

from fastapi import FastAPI

CEILING_PATH = "/ceiling"


def app_factory() -> FastAPI:
    app = FastAPI()

    @app.get(CEILING_PATH)
    async def ceiling() -> dict[str, object]:
        return {"items": [], "next": None}

    return app
