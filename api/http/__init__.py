"""The HTTP API: app factory, routers, schemas, errors, dependencies."""
