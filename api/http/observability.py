"""Structured JSON logs with a request id, and Prometheus metrics.

Logs carry the method, the path (never the query string, which may hold a
NIR or an email), the status and the duration; nothing from bodies."""

import logging
import re
import sys
import time
import traceback
import uuid
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.tracebacks import ExceptionDictTransformer
from structlog.typing import ExcInfo

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def configure_logging(level: str) -> None:
    """Tremplin's JSON lines at ``level``; the libraries' std logging at INFO or
    above whatever it is, because their DEBUG lines quote SQL parameters
    (aiosqlite, psycopg). No exception is logged with its message nor its
    variables: either may hold the data that failed, a NIR or an email."""
    logging.basicConfig(
        format="%(message)s", stream=sys.stdout, level=max(logging.INFO, logging.getLevelName(level)), force=True
    )
    for handler in logging.getLogger().handlers:
        handler.setFormatter(TracebackWithoutValues("%(message)s"))
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.ExceptionRenderer(frames_without_values),
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )


_FRAMES = ExceptionDictTransformer(show_locals=False)


def frames_without_values(exc_info: ExcInfo) -> list[dict[str, Any]]:
    """An exception as JSON: each exception of the chain, its type and frames."""
    return [{key: stack[key] for key in ("exc_type", "is_cause", "frames")} for stack in _FRAMES(exc_info)]


class TracebackWithoutValues(logging.Formatter):
    """Std logging's tracebacks (uvicorn's "Exception in ASGI application"…),
    with the frames and the exception's type but not its message."""

    def formatException(self, ei: Any) -> str:
        exc_type, _, trace = ei
        frames = "".join(traceback.format_tb(trace))
        return f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__}"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tremplin_http_requests_total",
            "HTTP requests by operation and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "tremplin_http_request_duration_seconds",
            "HTTP request duration by operation.",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )


class RequestContextMiddleware:
    """Gives each request an id (kept from ``X-Request-ID`` when sane), logs
    one access line and feeds the metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.log = structlog.get_logger("tremplin.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, status["code"], time.perf_counter() - started)

    def _record(self, scope: Scope, status: int, elapsed: float) -> None:
        # The operation id names the route template with low cardinality.
        matched = scope.get("route")
        route = getattr(matched, "operation_id", None) or getattr(matched, "path", None) or "unmatched"
        method = scope["method"]
        self.metrics.requests.labels(method, route, str(status)).inc()
        self.metrics.duration.labels(method, route).observe(elapsed)
        self.log.info(
            "request",
            method=method,
            path=scope["path"],
            operation=route,
            status=status,
            duration_ms=round(elapsed * 1000, 2),
        )


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER.encode():
            candidate = value.decode("latin-1")
            if _SAFE_REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex
