"""Driving adapters: the HTTP API (FastAPI) and the ``tremplin`` command."""
