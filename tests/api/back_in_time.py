"""Requests made as if on an earlier day.

A hire may not start in the past (DOMAIN.md, "Input rules"), so a test that
needs one that began long ago (to record its exit, its follow-ups) sends the
candidature and accepts it on that day. The container's clock stands at noon
(Paris) of that day meanwhile; access tokens keep the real time (their clock
was bound when the container was built)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

import pytest

from api.bootstrap import Container
from domain.job_seekers.ages import PARIS


@contextmanager
def on_the_day(container: Container, day: date) -> Iterator[None]:
    then = datetime.combine(day, time(12), tzinfo=PARIS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(container.clock, "now", lambda: then)
        yield
