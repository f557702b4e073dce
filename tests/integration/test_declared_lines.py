"""A ready record keeps its declaration rendered as its batch line: the
export writes what was kept, and renders again what another version of the
layout (or none) kept."""

from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from sqlalchemy import delete, select, update

from adapters.asp.batch_files import LocalAspBatchFiles
from adapters.asp.transports import LocalAspTransport
from adapters.db.repositories.employee_records import LINES
from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.employee_records.export import export_batches
from tests.api.employee_record_scenes import COMPLETE, RECORDS, Hire, a_ready_hire
from tests.builders.identity import bearer
from tests.integration.asp_sftp_server import validate_batch_file

# Marked before collection: the conftest's late anyio mark drops parametrized arguments.
pytestmark = pytest.mark.anyio


async def export(container: Container, folder: Path) -> list[dict[str, object]]:
    [batch] = await export_batches(
        new_uow=container.new_uow,
        files=LocalAspBatchFiles(folder),
        transport=LocalAspTransport(folder),
        clock=container.clock,
    )
    lines = validate_batch_file(folder / "depot" / batch.file_name)["lignesTelechargement"]
    assert isinstance(lines, list)
    return lines


async def kept_line(container: Container, hire: Hire) -> tuple[str, str] | None:
    query = select(LINES.c.line, LINES.c.version).where(LINES.c.record_id == UUID(hire.record["id"]))
    async with container.new_uow() as uow:
        connection = await uow.session.connection()  # type: ignore[attr-defined]
        row = (await connection.execute(query)).one_or_none()
    return None if row is None else (row[0], row[1])


async def test_a_record_made_ready_keeps_its_line_and_a_revision_while_ready_renders_it_again(
    client: httpx.AsyncClient, container: Container, tmp_path: Path
) -> None:
    hire = await a_ready_hire(client, container)
    kept = await kept_line(container, hire)
    assert kept is not None and "DE L'EGLISE SAINT-ETIENNE" in kept[0]

    url, headers = f"{RECORDS}/{hire.record['id']}", bearer(container, hire.employer)
    revised = await client.patch(url, json={**COMPLETE, "lane_name": "des Lilas"}, headers=headers)
    assert revised.status_code == 200, revised.text

    [exported] = await export(container, tmp_path)
    assert exported["adresse"]["adrLibelleVoie"] == "DES LILAS"  # type: ignore[index]


async def test_a_pass_suspended_while_the_record_is_ready_is_declared_with_its_new_end(
    client: httpx.AsyncClient, container: Container, tmp_path: Path
) -> None:
    hire = await a_ready_hire(client, container)
    today = paris_date(container.clock.now())
    suspension = {"start_at": str(today), "end_at": str(today + timedelta(days=29)), "reason": "contract_suspended"}

    suspended = await client.post(
        f"/api/v1/approvals/{hire.record['approval_number']}/suspensions",
        json=suspension,
        headers=bearer(container, hire.employer),
    )

    assert suspended.status_code == 201, suspended.text
    new_end = date.fromisoformat(suspended.json()["end_at"])
    assert new_end != date.fromisoformat(hire.record["pass_end_at"])
    [exported] = await export(container, tmp_path)
    assert exported["personnePhysique"]["passDateFin"] == new_end.strftime("%d/%m/%Y")  # type: ignore[index]


@pytest.mark.parametrize("version", [None, "0123456789abcdef"])
async def test_a_line_kept_under_another_layout_version_or_none_is_rendered_again(
    client: httpx.AsyncClient, container: Container, tmp_path: Path, version: str | None
) -> None:
    stale, fresh = await a_ready_hire(client, container), await a_ready_hire(client, container)
    of_stale = LINES.c.record_id == UUID(stale.record["id"])
    spoilt = delete(LINES) if version is None else update(LINES).values(line="{}", version=version)
    async with container.new_uow() as uow:
        connection = await uow.session.connection()  # type: ignore[attr-defined]
        await connection.execute(spoilt.where(of_stale))
        await uow.commit()

    lines = await export(container, tmp_path)

    assert [line["numLigne"] for line in lines] == [1, 2]
    declared = {line["personnePhysique"]["passIae"]: line for line in lines}  # type: ignore[index]
    assert declared.keys() == {stale.record["approval_number"], fresh.record["approval_number"]}
    assert all(line["adresse"]["adrLibelleVoie"] == "DE L'EGLISE SAINT-ETIENNE" for line in lines)  # type: ignore[index]
