"""Ports of the indicators area."""

from datetime import date
from typing import Protocol

from domain.indicators.reports import IndicatorCounts, IndicatorScope, Period


class IndicatorsQuery(Protocol):
    """Read side of the indicators: counts aggregated by the database."""

    async def counts(self, *, scope: IndicatorScope, period: Period, min_hours: int, today: date) -> IndicatorCounts:
        """Candidatures received in ``period`` and exits that happened in it, in
        ``scope``, counted per profile; ``min_hours`` and ``today`` decide
        which exits count and which horizons have come."""
        ...
