"""Situations of employee record tests on the in-memory fakes: a hire with a
PASS IAE in an SIAE, accepted through the real use case, opens the record."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import ClassVar
from uuid import UUID

from domain.candidatures.candidatures import Hiring
from domain.candidatures.hiring import accept_candidature
from domain.candidatures.state_machine import CandidatureState
from domain.companies.companies import CompanyKind
from domain.employee_records.asp_fields import AspFields, Situation, Title
from domain.employee_records.batches import BatchLine, FeedbackLine, Movement
from domain.employee_records.export import ExportedBatch, export_batches
from domain.employee_records.feedback import AppliedFeedback, apply_feedback
from domain.employee_records.records import EmployeeRecord
from domain.employee_records.referentials import AspCodeList, AspCountry
from domain.employee_records.use_cases import make_record_ready, revise_employee_record
from tests.unit.approval_situations import PREFIX, a_diagnosis
from tests.unit.candidature_situations import Scene, a_candidature, a_scene
from tests.unit.situations import World

HIRING_START = date(2026, 3, 9)
COMPLETE = AspFields(
    title=Title.MRS,
    birth_commune="69123",
    lane_number="12",
    lane_type="RUE",
    lane_name="de la Paix",
    address_commune="75111",
    address_postal_code="75011",
    education_level="40",
    orienteur="03",
    situation=Situation(france_travail_registered=True, france_travail_since="02"),
)


class FakeAspReferentials:
    """A few codes of each ASP referential, enough for the rules under test."""

    communes: ClassVar = {
        "69123": date(1900, 1, 1),
        "75111": date(1900, 1, 1),
        "75056": date(1900, 1, 1),
        "14712": date(2016, 1, 1),
    }
    countries: ClassVar = {"100": AspCountry("100", "000", "1"), "351": AspCountry("351", "099", "3")}
    codes: ClassVar = {
        AspCodeList.LANE_TYPE: {"RUE", "AV", "BD", "LD"},
        AspCodeList.LANE_EXTENSION: {"B", "T", "Q", "C"},
        AspCodeList.EDUCATION_LEVEL: {"00", "40", "70"},
        AspCodeList.ORIENTEUR: {"01", "03", "07", "08"},
        AspCodeList.EMPLOYER_TYPE: {"01", "07"},
        AspCodeList.DURATION: {"01", "02", "03", "04"},
    }

    def commune_exists(self, insee_code: str, *, on: date | None = None) -> bool:
        start = self.communes.get(insee_code)
        return start is not None and (on is None or start <= on)

    def country(self, code: str) -> AspCountry | None:
        return self.countries.get(code)

    def has(self, codes: AspCodeList, code: str, *, measure: str) -> bool:
        return code in self.codes[codes]


@dataclass(slots=True, frozen=True)
class Hire:
    scene: Scene
    candidature_id: UUID
    record: EmployeeRecord


async def a_hire(world: World, *, kind: CompanyKind = CompanyKind.EI, with_nir: bool = True) -> Hire:
    """A job seeker (born 1990, with a NIR) hired with a new PASS IAE; its employee record is ``new``."""
    scene = await a_scene(world, kind=kind)
    person = world.uow.job_seekers.rows[scene.job_seeker.id]
    person.birthdate = date(1990, 5, 17)
    person.nir = "290056912345678" if with_nir else None
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    candidature = await a_candidature(
        world,
        job_seeker=scene.job_seeker,
        company=scene.company,
        sent_by=scene.agency,
        state=CandidatureState.PROCESSING,
    )
    await accept_candidature(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature.id,
        hiring=Hiring(HIRING_START),
        message="",
        pass_prefix=PREFIX,
    )
    return Hire(scene, candidature.id, await record_of(world, candidature.id))


async def record_of(world: World, candidature_id: UUID) -> EmployeeRecord:
    async with world.uow as uow:
        records = await uow.employee_records.of_candidature(candidature_id)
    assert len(records) == 1
    return records[0]


async def stored_record(world: World, record_id: UUID) -> EmployeeRecord:
    async with world.uow as uow:
        record = await uow.employee_records.get(record_id)
    assert record is not None
    return record


async def a_ready_hire(world: World, **options: object) -> Hire:
    hire = await a_hire(world, **options)  # type: ignore[arg-type]
    changes = {name: getattr(COMPLETE, name) for name in COMPLETE.__dataclass_fields__ if name != "ntt"}
    common = {
        "uow": world.uow,
        "actor": hire.scene.employer,
        "clock": world.clock,
        "referentials": FakeAspReferentials(),
    }
    await revise_employee_record(**common, record_id=hire.record.id, changes=changes)  # type: ignore[arg-type]
    await make_record_ready(**common, record_id=hire.record.id)  # type: ignore[arg-type]
    return Hire(hire.scene, hire.candidature_id, await stored_record(world, hire.record.id))


class FakeBatchFiles:
    """Keeps written batches in memory; ``answers`` maps a feedback file's content to its lines."""

    def __init__(self) -> None:
        self.written: dict[str, list[tuple[int, UUID]]] = {}
        self.answers: dict[bytes, list[FeedbackLine]] = {}

    def is_written(self, file_name: str) -> bool:
        return file_name in self.written

    async def write(self, file_name: str, lines: Iterable[BatchLine]) -> None:
        self.written[file_name] = [(line.number, line.subject_id) for line in lines]

    def read_feedback(self, content: bytes) -> list[FeedbackLine]:
        return self.answers[content]


class FakeTransport:
    """The ASP's server in memory; ``fail_next_upload`` makes the next put fail,
    ``crash_after_upload`` makes it succeed and then kill the run."""

    def __init__(self) -> None:
        self.depot: list[str] = []
        self.retrait: dict[str, bytes] = {}
        self.fail_next_upload = False
        self.crash_after_upload = False

    async def upload(self, file_name: str) -> None:
        if self.fail_next_upload:
            self.fail_next_upload = False
            raise ConnectionError("asp-sftp unavailable")
        self.depot.append(PurePath(file_name).name)
        if self.crash_after_upload:
            self.crash_after_upload = False
            raise Crash

    async def feedback_files(self) -> list[str]:
        return sorted(self.retrait)

    async def download(self, file_name: str) -> bytes:
        return self.retrait[file_name]

    async def delete(self, file_name: str) -> None:
        del self.retrait[file_name]


async def export(
    world: World, files: FakeBatchFiles, transport: FakeTransport, **options: int | bool
) -> list[ExportedBatch]:
    return await export_batches(
        new_uow=lambda: world.uow, files=files, transport=transport, clock=world.clock, **options
    )


async def feedback(world: World, files: FakeBatchFiles, transport: FakeTransport) -> list[AppliedFeedback]:
    return await apply_feedback(
        new_uow=lambda: world.uow, files=files, transport=transport, clock=world.clock, ids=world.ids
    )


def answer(
    files: FakeBatchFiles,
    transport: FakeTransport,
    batch_file: str,
    *codes: str,
    movement: Movement = Movement.CREATION,
) -> None:
    """The ASP's feedback file for ``batch_file``: one code per line, in order."""
    name = batch_file.removesuffix(".json") + "_FichierRetour.json"
    content = json.dumps([name, *codes]).encode()
    files.answers[content] = [FeedbackLine(n, movement, code, f"libellé {code}") for n, code in enumerate(codes, 1)]
    transport.retrait[name] = content


class Crash(BaseException):
    """The process dying between two statements."""
