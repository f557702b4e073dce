"""The loop that keeps the outbox flowing, in ``tremplin worker`` or inside ``serve``."""

import asyncio
import contextlib

import structlog

from domain.notifications.dispatch import Dispatch, DispatchReport, dispatch_due


class OutboxWorker:
    """Dispatches batch after batch while messages are due, then polls.

    A failing pass (database unreachable…) is logged and retried after the
    poll interval: the worker outlives outages instead of dying with them."""

    def __init__(self, dispatch: Dispatch, *, poll_s: float) -> None:
        self.dispatch = dispatch
        self.poll_s = poll_s
        self.log = structlog.get_logger("tremplin.outbox")

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            report = await self.pass_once()
            if report is None or report.claimed < self.dispatch.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.poll_s)

    async def run_until_idle(self) -> DispatchReport:
        """Dispatch until nothing is due (``tremplin worker --once``)."""
        total = DispatchReport()
        while (report := await self.pass_once()) is not None and report.claimed:
            for name in ("claimed", "sent", "retried", "dead", "released"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
        return total

    async def pass_once(self) -> DispatchReport | None:
        try:
            report = await dispatch_due(self.dispatch)
        except Exception as error:  # any failure of one pass; the next one may succeed
            self.log.warning("outbox_pass_failed", error_type=type(error).__name__)
            return None
        if report.claimed:
            self.log.info(
                "outbox_pass",
                claimed=report.claimed,
                sent=report.sent,
                retried=report.retried,
                dead=report.dead,
                released=report.released,
            )
        return report
