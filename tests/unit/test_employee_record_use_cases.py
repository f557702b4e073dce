import pytest

from domain.candidatures.hiring import cancel_hire
from domain.companies.companies import CompanyKind
from domain.employee_records.opening import RecordAlreadySent
from domain.employee_records.readiness import InvalidAspField, RecordIncomplete
from domain.employee_records.records import RecordNotEditable
from domain.employee_records.state_machine import InvalidRecordTransition, RecordState
from domain.employee_records.use_cases import (
    get_employee_record,
    list_employee_records,
    make_record_ready,
    revise_employee_record,
)
from domain.errors import Forbidden, NotFound
from tests.unit.candidature_situations import an_employer
from tests.unit.employee_record_situations import FakeAspReferentials, a_hire, a_ready_hire, stored_record
from tests.unit.situations import World, a_company, a_staff_member

pytestmark = pytest.mark.anyio


async def test_a_hire_with_a_pass_iae_in_an_siae_opens_a_new_record(world: World) -> None:
    hire = await a_hire(world, kind=CompanyKind.ACI)
    record = hire.record
    assert (record.state, record.asp_measure, record.siret) == (RecordState.NEW, "ACI_DC", hire.scene.company.siret)
    assert len(record.asp_uid) == 30


async def test_the_orienteur_is_prefilled_from_the_prescriber_who_sent_the_candidature(world: World) -> None:
    hire = await a_hire(world)  # sent by a France Travail agency
    assert hire.record.fields.orienteur == "03"


async def test_revising_sets_only_the_given_fields(world: World) -> None:
    hire = await a_hire(world)
    await _revise(world, hire, {"lane_type": "AV"})
    stored = await stored_record(world, hire.record.id)
    assert (stored.fields.lane_type, stored.fields.orienteur) == ("AV", "03")


async def test_revising_with_codes_unknown_to_the_asp_names_every_field(world: World) -> None:
    hire = await a_hire(world)
    with pytest.raises(InvalidAspField) as refused:
        await _revise(world, hire, {"lane_type": "XYZ", "education_level": "99"})
    assert [e.pointer for e in refused.value.errors] == ["/lane_type", "/education_level"]


async def test_making_an_incomplete_record_ready_lists_what_is_missing(world: World) -> None:
    hire = await a_hire(world)
    with pytest.raises(RecordIncomplete) as refused:
        await _ready(world, hire)
    assert "title" in refused.value.extra["missing_fields"]
    assert (await stored_record(world, hire.record.id)).state is RecordState.NEW


async def test_making_a_record_ready_copies_the_person_and_the_pass_dates(world: World) -> None:
    hire = await a_ready_hire(world)
    assert hire.record.state is RecordState.READY
    assert hire.record.person is not None and hire.record.person.nir == "290056912345678"
    assert hire.record.pass_start_at is not None


async def test_a_person_without_a_nir_needs_an_ntt(world: World) -> None:
    hire = await a_hire(world, with_nir=False)
    with pytest.raises(RecordIncomplete) as refused:
        await _ready(world, hire)
    assert "ntt" in refused.value.extra["missing_fields"]


async def test_a_ready_record_cannot_be_made_ready_again(world: World) -> None:
    hire = await a_ready_hire(world)
    with pytest.raises(InvalidRecordTransition):
        await _ready(world, hire)


async def test_a_ready_record_must_stay_complete(world: World) -> None:
    hire = await a_ready_hire(world)
    with pytest.raises(RecordIncomplete):
        await _revise(world, hire, {"title": None})


async def test_staff_read_records_but_do_not_complete_them(world: World) -> None:
    hire = await a_hire(world)
    staff = a_staff_member()
    assert (await get_employee_record(uow=world.uow, actor=staff, record_id=hire.record.id)).id == hire.record.id
    with pytest.raises(Forbidden):
        await revise_employee_record(
            uow=world.uow,
            actor=staff,
            clock=world.clock,
            referentials=FakeAspReferentials(),
            record_id=hire.record.id,
            changes={"lane_type": "AV"},
        )


async def test_another_company_is_told_the_record_does_not_exist(world: World) -> None:
    hire = await a_hire(world)
    stranger = await an_employer(world, await a_company(world))
    with pytest.raises(NotFound):
        await get_employee_record(uow=world.uow, actor=stranger, record_id=hire.record.id)


async def test_an_employer_lists_the_records_of_his_company_only(world: World) -> None:
    mine, other = await a_hire(world), await a_hire(world)
    page = await list_employee_records(uow=world.uow, actor=mine.scene.employer, company_id=None, state=None)
    assert [r.id for r in page.items] == [mine.record.id]
    asked = await list_employee_records(
        uow=world.uow, actor=mine.scene.employer, company_id=other.scene.company.id, state=None
    )
    assert asked.items == []


async def test_a_hire_whose_record_is_not_sent_may_be_cancelled_and_the_record_is_archived(world: World) -> None:
    hire = await a_ready_hire(world)
    await cancel_hire(
        uow=world.uow, actor=hire.scene.employer, clock=world.clock, ids=world.ids, candidature_id=hire.candidature_id
    )
    assert (await stored_record(world, hire.record.id)).state is RecordState.ARCHIVED


async def test_a_hire_whose_record_went_to_the_asp_cannot_be_cancelled(world: World) -> None:
    hire = await a_ready_hire(world)
    world.uow.employee_records.rows[hire.record.id].claim(batch_file="RIAE_FS_20260302090000.json", line=1)
    with pytest.raises(RecordAlreadySent):
        await cancel_hire(
            uow=world.uow,
            actor=hire.scene.employer,
            clock=world.clock,
            ids=world.ids,
            candidature_id=hire.candidature_id,
        )


async def test_a_record_held_by_a_batch_being_uploaded_cannot_be_revised(world: World) -> None:
    hire = await a_ready_hire(world)
    world.uow.employee_records.rows[hire.record.id].claim(batch_file="RIAE_FS_20260302090000.json", line=1)
    with pytest.raises(RecordNotEditable):
        await _revise(world, hire, {"lane_type": "AV"})


async def _revise(world: World, hire, changes: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    await revise_employee_record(
        uow=world.uow,
        actor=hire.scene.employer,
        clock=world.clock,
        referentials=FakeAspReferentials(),
        record_id=hire.record.id,
        changes=changes,
    )


async def _ready(world: World, hire) -> None:  # type: ignore[no-untyped-def]
    await make_record_ready(
        uow=world.uow,
        actor=hire.scene.employer,
        clock=world.clock,
        referentials=FakeAspReferentials(),
        record_id=hire.record.id,
    )
