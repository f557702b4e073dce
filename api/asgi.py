"""Entry point for ASGI servers: ``uvicorn --factory api.asgi:app_factory``
(``tremplin serve`` too: every uvicorn worker builds its app here)."""

import gc

from fastapi import FastAPI

from api.settings import load_settings
from api.site import create_site


def app_factory() -> FastAPI:
    app = create_site(load_settings())
    # The referentials are some 220,000 objects that live as long as the
    # process: left to the collector, each full collection walked them all
    # (100 to 270 ms, the search's p99 in bench/national_search.py).
    gc.collect()
    gc.freeze()
    return app
