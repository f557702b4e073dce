"""What the database must hold after the write scenarios of
bench/candidature_load.py: one new row of each kind per 2xx answer."""

from dataclasses import dataclass

import psycopg


@dataclass(frozen=True)
class Counts:
    one_per_answer: dict[str, int]  # each grows by exactly one per 2xx answer
    reported: dict[str, int]  # shown, not checked (emails depend on who is told)

    def agrees(self, before: "Counts", *, answered: int, in_flight: int) -> str:
        """Requests still in flight when wrk stopped were answered to nobody
        but may have committed: each count grows by ``answered`` plus at most those."""
        grown = {name: count - before.one_per_answer[name] for name, count in self.one_per_answer.items()}
        grown |= {name: count - before.reported[name] for name, count in self.reported.items()}
        checked = [grown[name] for name in self.one_per_answer]
        agree = len(set(checked)) == 1 and answered <= checked[0] <= answered + in_flight
        return ("agrees: " if agree else "DOES NOT AGREE: ") + ", ".join(f"{n:+,} {name}" for name, n in grown.items())


def submitted_counts(conninfo: str) -> Counts:
    return _with_outbox(
        conninfo,
        candidatures="SELECT count(*) FROM candidatures",
        idempotency_keys="SELECT count(*) FROM idempotency_keys",
    )


def accepted_counts(conninfo: str) -> Counts:
    return _with_outbox(
        conninfo,
        accepted_candidatures="SELECT count(*) FROM candidatures WHERE state = 'accepted'",
        pass_iae="SELECT count(*) FROM approvals",
        pass_iae_numbers_issued="SELECT coalesce(sum(last), 0) FROM pass_number_counters",
        employee_records="SELECT count(*) FROM employee_records",
        obsolete_candidatures="SELECT count(*) FROM candidatures WHERE state = 'obsolete'",
    )


def _with_outbox(conninfo: str, **one_per_answer: str) -> Counts:
    """The counts of ``one_per_answer`` queries, and the outbox's, reported only."""
    return Counts(
        one_per_answer=_counts(conninfo, **one_per_answer),
        reported=_counts(conninfo, outbox_messages="SELECT count(*) FROM outbox_messages"),
    )


def _counts(conninfo: str, **queries: str) -> dict[str, int]:
    with psycopg.connect(conninfo) as connection:
        # One snapshot for every count: acceptances still in flight when wrk
        # stopped commit meanwhile, and each commits all its rows at once.
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        return {name: connection.execute(query).fetchone()[0] for name, query in queries.items()}  # type: ignore[index]
