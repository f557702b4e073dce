"""The ASP exchange end to end: SQL database, batch files in the ASP layout
(validated against the JSON Schema), a real SFTP server with key auth."""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from adapters.asp.batch_files import LocalAspBatchFiles
from adapters.db.repositories.asp_exchange_status import BATCHES
from adapters.errors import Unavailable
from api.bootstrap import Container
from api.cli.main import app
from domain.employee_records.batches import Movement
from domain.employee_records.export import ExportedBatch, export_batches
from domain.employee_records.feedback import AppliedFeedback, apply_feedback
from domain.employee_records.state_machine import RecordState
from tests.api.employee_record_scenes import COMPLETE, RECORDS, Hire, a_ready_hire
from tests.builders.identity import bearer
from tests.conftest import ON_POSTGRES
from tests.integration.asp_sftp_server import AspServer, an_asp_server, validate_batch_file


@dataclass(slots=True)
class Exchange:
    container: Container
    client: httpx.AsyncClient
    files: LocalAspBatchFiles
    server: AspServer

    async def export(self) -> list[ExportedBatch]:
        c = self.container
        return await export_batches(
            new_uow=c.new_uow,
            files=self.files,
            transport=self.server.transport,
            clock=c.clock,
            side_by_side_writes=ON_POSTGRES,
        )

    async def fetch_feedback(self) -> list[AppliedFeedback]:
        c = self.container
        return await apply_feedback(
            new_uow=c.new_uow, files=self.files, transport=self.server.transport, clock=c.clock, ids=c.ids
        )

    async def record(self, hire: Hire) -> dict[str, Any]:
        response = await self.client.get(
            f"{RECORDS}/{hire.record['id']}", headers=bearer(self.container, hire.employer)
        )
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
async def exchange(tmp_path: Path, container: Container, client: httpx.AsyncClient) -> AsyncIterator[Exchange]:
    local = tmp_path / "asp"
    async with an_asp_server(tmp_path, local) as server:
        yield Exchange(container, client, LocalAspBatchFiles(local), server)


async def test_export_uploads_a_schema_valid_file_and_marks_the_records_sent(exchange: Exchange) -> None:
    first = await a_ready_hire(exchange.client, exchange.container, first_name="Anaïs Marie-Hélène Joséphine Éléonore")
    second = await a_ready_hire(exchange.client, exchange.container)

    [batch] = await exchange.export()

    uploaded = exchange.server.depot / batch.file_name
    content = validate_batch_file(uploaded)
    lines = content["lignesTelechargement"]
    assert isinstance(lines, list) and [line["numLigne"] for line in lines] == [1, 2]
    person = lines[0]["personnePhysique"]
    assert person["prenom"] == "ANAIS MARIE-HELENE JOSEPHINE"  # ASCII, upper case, cut on a word at 30
    assert person["codeComInsee"] == {"codeComInsee": "69123", "codeDpt": "069"}
    assert lines[0]["adresse"]["adrLibelleVoie"] == "DE L'EGLISE SAINT-ETIENNE"
    assert lines[0]["mesure"] == "EI_DC"
    stored = [await exchange.record(hire) for hire in (first, second)]
    assert [(r["state"], r["batch_file"], r["batch_line"]) for r in stored] == [
        ("sent", batch.file_name, 1),
        ("sent", batch.file_name, 2),
    ]


async def test_a_feedback_file_mixing_answers_is_applied_then_deleted(exchange: Exchange) -> None:
    hires = [await a_ready_hire(exchange.client, exchange.container) for _ in range(3)]
    [batch] = await exchange.export()
    answer = exchange.server.answer(batch.file_name, ["0000", "3436", "3417"])

    [applied] = await exchange.fetch_feedback()

    assert (applied.file_name, applied.processed, applied.rejected) == (answer, 2, 1)
    stored = [await exchange.record(hire) for hire in hires]
    assert [(r["state"], r["processed_as_duplicate"]) for r in stored] == [
        ("processed", False),
        ("processed", True),
        ("rejected", False),
    ]
    assert stored[2]["asp_code"] == "3417" and "commune" in stored[2]["asp_explanation"]
    assert list((exchange.server.root / "retrait").iterdir()) == []


async def test_applying_a_feedback_file_twice_changes_nothing(exchange: Exchange) -> None:
    hire = await a_ready_hire(exchange.client, exchange.container)
    [batch] = await exchange.export()
    exchange.server.answer(batch.file_name, ["3417"])
    await exchange.fetch_feedback()
    before = await exchange.record(hire)
    exchange.server.answer(batch.file_name, ["0000"])

    [again] = await exchange.fetch_feedback()

    assert (again.processed, again.rejected, again.skipped) == (0, 0, 1)
    assert await exchange.record(hire) == before


async def test_a_fixed_rejected_record_is_exported_again_in_a_new_file(exchange: Exchange) -> None:
    hire = await a_ready_hire(exchange.client, exchange.container)
    [first] = await exchange.export()
    exchange.server.answer(first.file_name, ["3417"])
    await exchange.fetch_feedback()
    url, headers = f"{RECORDS}/{hire.record['id']}", bearer(exchange.container, hire.employer)
    fixed = await exchange.client.patch(url, json={**COMPLETE, "address_commune": "75056"}, headers=headers)
    assert fixed.status_code == 200, fixed.text
    assert (await exchange.client.post(f"{url}/ready", headers=headers)).status_code == 200

    [second] = await exchange.export()

    assert second.file_name != first.file_name
    line = validate_batch_file(exchange.server.depot / second.file_name)["lignesTelechargement"][0]  # type: ignore[index]
    assert line["adresse"]["codeinseecom"] == "75056"
    assert (await exchange.record(hire))["batch_file"] == second.file_name


async def test_a_crash_between_upload_and_database_update_leaves_each_record_in_one_batch(exchange: Exchange) -> None:
    first = await a_ready_hire(exchange.client, exchange.container)
    await an_export_killed_after_its_upload(exchange)
    assert (await exchange.record(first))["state"] == "ready"
    second = await a_ready_hire(exchange.client, exchange.container)

    batches = await exchange.export()

    assert [b.resumed for b in batches] == [True, False]
    files = sorted(exchange.server.depot.iterdir())
    assert [f.name for f in files] == [b.file_name for b in batches]
    holders = {}
    for path in files:
        for line in validate_batch_file(path)["lignesTelechargement"]:  # type: ignore[attr-defined]
            holders.setdefault(line["personnePhysique"]["passIae"], []).append(path.name)
    assert all(len(names) == 1 for names in holders.values())
    assert (await exchange.record(first))["batch_file"] == batches[0].file_name
    assert (await exchange.record(second))["batch_file"] == batches[1].file_name


async def test_the_answer_to_a_batch_a_killed_export_left_planned_settles_it_once_and_for_all(
    exchange: Exchange,
) -> None:
    hire = await a_ready_hire(exchange.client, exchange.container)
    [uploaded] = await an_export_killed_after_its_upload(exchange)
    exchange.server.answer(uploaded, ["0000"])

    [applied] = await exchange.fetch_feedback()
    again = await exchange.export()

    assert (applied.processed, applied.skipped, again) == (1, 0, [])
    shown = await exchange.record(hire)
    assert (shown["state"], shown["batch_file"], shown["batch_line"]) == ("processed", uploaded, 1)


async def an_export_killed_after_its_upload(exchange: Exchange) -> list[str]:
    """An export killed between its upload and marking the records sent; the files it uploaded."""
    real_upload = exchange.server.transport.upload

    async def upload_then_die(file_name: str) -> None:
        await real_upload(file_name)
        raise KeyboardInterrupt  # the process is killed before the records are marked sent

    await an_interrupted_export(exchange, upload=upload_then_die, raising=KeyboardInterrupt)
    return sorted(path.name for path in exchange.server.depot.iterdir())


async def an_interrupted_export(
    exchange: Exchange, *, upload: Callable[[str], Awaitable[None]], raising: type[BaseException]
) -> None:
    """An export run with ``upload`` in place of the transport's, which raises ``raising``."""
    transport = exchange.server.transport
    real_upload = transport.upload
    transport.upload = upload  # type: ignore[method-assign]
    try:
        with pytest.raises(raising):
            await exchange.export()
    finally:
        transport.upload = real_upload  # type: ignore[method-assign]


async def test_a_suspension_after_processing_goes_to_the_asp_in_an_m_file_and_gets_its_answer(
    exchange: Exchange,
) -> None:
    hire = await a_ready_hire(exchange.client, exchange.container)
    [creation] = await exchange.export()
    exchange.server.answer(creation.file_name, ["0000"])
    await exchange.fetch_feedback()
    headers = bearer(exchange.container, hire.employer)
    start = date.fromisoformat(hire.record["pass_start_at"]) + timedelta(days=23)
    suspended = await exchange.client.post(
        f"/api/v1/approvals/{hire.record['approval_number']}/suspensions",
        json={
            "start_at": start.isoformat(),
            "end_at": (start + timedelta(days=9)).isoformat(),
            "reason": "contract_suspended",
        },
        headers=headers,
    )
    assert suspended.status_code == 201, suspended.text
    new_end = suspended.json()["end_at"]

    [batch] = await exchange.export()

    assert (batch.movement, batch.lines) == ("M", 1) and batch.file_name != creation.file_name
    [line] = validate_batch_file(exchange.server.depot / batch.file_name)["lignesTelechargement"]  # type: ignore[misc]
    assert (line["typeMouvement"], line["personnePhysique"]["passIae"]) == ("M", hire.record["approval_number"])
    assert line["personnePhysique"]["passDateFin"] == "/".join(reversed(new_end.split("-")))
    exchange.server.answer(batch.file_name, ["0000"])
    [applied] = await exchange.fetch_feedback()
    assert (applied.processed, applied.rejected) == (1, 0)
    [update] = (await exchange.client.get(f"{RECORDS}/{hire.record['id']}/updates", headers=headers)).json()["items"]
    assert (update["state"], update["pass_end_at"], update["batch_file"]) == ("processed", new_end, batch.file_name)
    exchange.server.answer(batch.file_name, ["3417"])
    [again] = await exchange.fetch_feedback()
    assert (again.processed, again.rejected, again.skipped) == (0, 0, 1)


async def test_the_status_counts_the_states_and_names_the_batches_to_resume_and_to_be_answered(
    exchange: Exchange, tmp_path: Path
) -> None:
    processed = await a_ready_hire(exchange.client, exchange.container)
    [answered] = await exchange.export()
    await a_ready_hire(exchange.client, exchange.container)
    [unanswered] = await exchange.export()
    exchange.server.answer(answered.file_name, ["0000"])
    await exchange.fetch_feedback()
    await a_ready_hire(exchange.client, exchange.container)
    resumable = await an_upload_cut_short(exchange)

    status = await exchange.container.asp_status.status()

    assert (await exchange.record(processed))["state"] == "processed"
    assert status.records == {RecordState.PROCESSED: 1, RecordState.SENT: 1, RecordState.READY: 1}
    assert [(b.file_name, b.movement, b.lines) for b in status.uploading] == [(resumable, Movement.CREATION, 1)]
    assert [(b.file_name, b.lines) for b in status.unanswered] == [(unanswered.file_name, 1)]

    await uploaded_days_ago(exchange.container, unanswered.file_name, days=4)
    env = {
        "TREMPLIN_DATABASE_URL": exchange.container.settings.database.database_url,
        "TREMPLIN_DATA_DIR": str(tmp_path / "cli-data"),
    }
    result = await anyio.to_thread.run_sync(lambda: CliRunner().invoke(app, ["asp", "status"], env=env))
    assert result.exit_code == 1, result.output
    assert "employee records: new 0, ready 1, sent 1, processed 1, rejected 0, archived 0" in result.stdout
    assert f"  {unanswered.file_name} movement C, 1 lines, uploaded " in result.stdout
    assert "(4 d ago) OVERDUE" in result.stdout
    assert "1 batch file(s) unanswered for more than 72 h" in result.stderr


async def an_upload_cut_short(exchange: Exchange) -> str:
    """An export whose upload fails: its batch stays planned, to be uploaded again. Its file name."""

    async def unreachable(file_name: str) -> None:
        raise Unavailable("ASP SFTP server unreachable")

    await an_interrupted_export(exchange, upload=unreachable, raising=Unavailable)
    [planned] = sorted(p.name for p in exchange.files.directory.glob("RIAE_FS_*.json"))[-1:]
    return planned


async def uploaded_days_ago(container: Container, file_name: str, *, days: int) -> None:
    earlier = container.clock.now() - timedelta(days=days)
    async with container.new_uow() as uow:
        connection = await uow.session.connection()  # type: ignore[attr-defined]
        await connection.execute(update(BATCHES).where(BATCHES.c.file_name == file_name).values(uploaded_at=earlier))
        await uow.commit()
