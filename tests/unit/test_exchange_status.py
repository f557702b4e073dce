"""Which unanswered batch files are overdue."""

from datetime import UTC, datetime, timedelta

from domain.employee_records.batches import Movement
from domain.employee_records.exchange_status import ExchangeStatus, PendingBatch

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_batch_is_overdue_only_once_it_has_waited_longer_than_allowed() -> None:
    waited = {
        hours: PendingBatch(f"RIAE_FS_{hours}.json", Movement.CREATION, 1, NOW - timedelta(hours=hours))
        for hours in (73, 72, 1)
    }
    status = ExchangeStatus(records={}, updates={}, uploading=[], unanswered=list(waited.values()))

    assert status.overdue(now=NOW, after=timedelta(hours=72)) == [waited[73]]
