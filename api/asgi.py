"""Entry point for ASGI servers: ``uvicorn --factory api.asgi:app_factory``."""

from fastapi import FastAPI

from api.app import create_app
from api.settings import load_settings


def app_factory() -> FastAPI:
    return create_app(load_settings())
