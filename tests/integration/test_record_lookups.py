"""A PASS IAE change looks up the employee records of its number
(``of_approval``): through an index, never by reading the whole table."""

from sqlalchemy import text

from adapters.db.engine import make_engine
from tests.conftest import ON_POSTGRES

OF_APPROVAL = "SELECT id FROM employee_records WHERE approval_number = '999990000001'"


async def test_the_records_of_a_pass_are_found_through_the_index_of_its_number(db: str) -> None:
    engine = make_engine(db)
    async with engine.connect() as connection:
        if ON_POSTGRES:
            # An empty table is cheapest to scan: ask which index the planner would take.
            await connection.execute(text("SET enable_seqscan = off"))
            rows = await connection.execute(text("EXPLAIN " + OF_APPROVAL))
        else:
            rows = await connection.execute(text("EXPLAIN QUERY PLAN " + OF_APPROVAL))
        plan = "\n".join(str(row[-1]) for row in rows)
    await engine.dispose()

    assert "ix_employee_records_approval_number" in plan, plan
