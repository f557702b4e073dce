"""Reading and completing employee records (the employer's side)."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.employee_records.listing import RecordFilters, RecordPosition
from domain.employee_records.pass_changes import queue_update
from domain.employee_records.policies import ensure_can_read, ensure_can_write, readable_company
from domain.employee_records.readiness import InvalidAspField, RecordIncomplete, check_fields, missing_fields
from domain.employee_records.records import EmployeeRecord, PersonSnapshot, with_changes
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import RecordUpdate, UpdateState
from domain.errors import Conflict, FieldError
from domain.identity.principal import Principal
from domain.ports.asp import AspReferentials
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork

MAX_PAGE = 100


@dataclass(slots=True, frozen=True)
class RecordPage:
    items: list[EmployeeRecord]
    next: RecordPosition | None


async def get_employee_record(*, uow: UnitOfWork, actor: Principal, record_id: UUID) -> EmployeeRecord:
    """An employee record, with its ASP fields, state and the ASP's last answer.

    - The employers of its company (partners: ``employee_records:write``, else
      403) and staff; anyone else: 404.
    """
    async with uow:
        return ensure_can_read(actor, await uow.employee_records.get(record_id))


async def list_record_updates(*, uow: UnitOfWork, actor: Principal, record_id: UUID) -> list[RecordUpdate]:
    """The update notifications of a record: the PASS IAE date changes
    (suspension, prolongation) told to the ASP after it was declared, newest
    first, each with its batch file and the ASP's answer.

    - The readers of the record (see reading a record); anyone else: 404.
    """
    async with uow:
        record = ensure_can_read(actor, await uow.employee_records.get(record_id))
        return await uow.employee_record_updates.of_record(record.id)


async def list_employee_records(
    *,
    uow: UnitOfWork,
    actor: Principal,
    company_id: UUID | None,
    state: RecordState | None,
    after: RecordPosition | None = None,
    limit: int = 20,
) -> RecordPage:
    """The employee records of a company, newest first, filtered by state.

    - An employer sees those of the company he acts for (another
      ``company_id`` gives an empty list); staff see every company's.
    """
    async with uow:
        readable = readable_company(actor, company_id)
        if company_id is not None and readable != company_id:
            return RecordPage([], None)
        size = min(limit, MAX_PAGE)
        found = await uow.employee_records.page(
            filters=RecordFilters(company_id=readable, state=state), after=after, limit=size + 1
        )
        items = found[:size]
        return RecordPage(items, RecordPosition.of(items[-1]) if len(found) > size else None)


async def revise_employee_record(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    referentials: AspReferentials,
    record_id: UUID,
    changes: dict[str, Any],
) -> EmployeeRecord:
    """Complete or correct the ASP fields of a record (only the fields sent change).

    - The employers of its company (403 for staff, 404 for others); in state
      ``new``, ``ready`` or ``rejected``, and not while a batch holds it (409).
    - Each field is checked against the ASP referentials: 422
      ``invalid-asp-field`` naming every refused field.
    - A ``ready`` record must stay complete (422 ``employee-record-incomplete``).
    """
    async with uow:
        record = ensure_can_write(actor, await uow.employee_records.get_for_update(record_id))
        job_seeker = await uow.job_seekers.get(record.job_seeker_id)
        birthdate = job_seeker.birthdate if job_seeker else None
        fields = with_changes(record.fields, changes)
        errors = check_fields(fields, referentials=referentials, measure=record.asp_measure, birthdate=birthdate)
        if errors:
            raise InvalidAspField(errors)
        if record.state is RecordState.READY:
            _ensure_complete(missing_fields(fields, birthdate=birthdate, nir=job_seeker.nir if job_seeker else None))
        record.revise(fields, at=clock.now())
        await uow.commit()
        return record


async def make_record_ready(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, referentials: AspReferentials, record_id: UUID
) -> EmployeeRecord:
    """Declare a record complete: it becomes ``ready`` and goes in the next batch.

    - The employers of its company (403 for staff, 404 for others); from
      ``new`` or ``rejected`` (409 ``employee-record-invalid-transition``).
    - 422 ``employee-record-incomplete`` listing every missing field, or
      ``invalid-asp-field`` when a field is no longer in the ASP referentials.
    - The person (names, birthdate, NIR, France Travail id) and the PASS IAE
      dates are copied as they are now: that is what the ASP receives.
    """
    async with uow:
        record = ensure_can_write(actor, await uow.employee_records.get_for_update(record_id))
        job_seeker = await uow.job_seekers.get(record.job_seeker_id)
        approval = await uow.approvals.get_by_number(record.approval_number)
        assert job_seeker is not None  # foreign key
        if approval is None or approval.is_cancelled:
            raise PassUnavailable("Le PASS IAE de cette embauche a été annulé : la fiche ne peut pas être envoyée.")
        _ensure_complete(missing_fields(record.fields, birthdate=job_seeker.birthdate, nir=job_seeker.nir))
        errors = check_fields(
            record.fields, referentials=referentials, measure=record.asp_measure, birthdate=job_seeker.birthdate
        )
        if errors:
            raise InvalidAspField(errors)
        assert job_seeker.birthdate is not None  # checked by missing_fields
        person = PersonSnapshot(
            last_name=job_seeker.last_name,
            first_name=job_seeker.first_name,
            birthdate=job_seeker.birthdate,
            nir=job_seeker.nir,
            france_travail_id=job_seeker.france_travail_id,
        )
        record.make_ready(
            person=person, pass_dates=(approval.start_at, approval.end_at), actor_id=_actor_id(actor), at=clock.now()
        )
        await uow.commit()
        return record


async def archive_employee_record(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, record_id: UUID
) -> EmployeeRecord:
    """Archive a record the employer will not send or follow any more (a hire
    ended before it was declared, a record processed long ago): it leaves the
    lists of records to act on and is never exported.

    - The employers of its company (403 for staff, 404 for others).
    - From ``new``, ``ready``, ``processed`` or ``rejected``; a ``sent``
      record waits for the ASP's answer and an archived one stays so (409
      ``employee-record-invalid-transition``); 409
      ``employee-record-not-editable`` while a batch being uploaded holds it.
    - A processed record archived still gets the update notifications of
      later changes of its PASS IAE: the ASP keeps its declaration.
    """
    async with uow:
        record = ensure_can_write(actor, await uow.employee_records.get_for_update(record_id))
        record.archive(actor_id=_actor_id(actor), at=clock.now())
        await uow.commit()
        return record


async def tell_pass_dates_again(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, record_id: UUID
) -> RecordUpdate:
    """Queue an update notification with the PASS IAE's current dates, for a
    declared record whose ASP does not hold them: its last notification was
    rejected (the ASP resends nothing by itself) or a change was missed.

    - The employers of its company (403 for staff, 404 for others).
    - 409 ``employee-record-not-declared`` before the record is in a batch;
      409 ``employee-record-update-waiting`` while a notification waits to
      be sent; 409 ``employee-record-pass-dates-known`` when the ASP was
      last told these dates and did not reject them.
    """
    async with uow:
        record = ensure_can_write(actor, await uow.employee_records.get_for_update(record_id))
        if not record.is_declared:
            raise RecordNotDeclared("Cette fiche salarié n'a pas encore été transmise à l'ASP.")
        if any(u.state is UpdateState.NEW for u in await uow.employee_record_updates.of_record(record.id)):
            raise UpdateWaiting("Une notification de mise à jour de cette fiche attend déjà son envoi.")
        approval = await uow.approvals.get_by_number(record.approval_number)
        assert approval is not None  # foreign key
        update = await queue_update(uow, record, (approval.start_at, approval.end_at), ids=ids, at=clock.now())
        if update is None:
            raise PassDatesKnown("L'ASP a déjà reçu les dates actuelles de ce PASS IAE, sans les refuser.")
        await uow.commit()
        return update


class RecordNotDeclared(Conflict):
    code = "employee-record-not-declared"
    title = "Fiche salarié pas encore transmise à l'ASP"


class UpdateWaiting(Conflict):
    code = "employee-record-update-waiting"
    title = "Notification de mise à jour déjà en attente"


class PassDatesKnown(Conflict):
    code = "employee-record-pass-dates-known"
    title = "Dates du PASS IAE déjà connues de l'ASP"


class PassUnavailable(Conflict):
    code = "employee-record-pass-cancelled"
    title = "PASS IAE annulé"


def _ensure_complete(missing: list[str]) -> None:
    if missing:
        raise RecordIncomplete(
            f"Il manque {len(missing)} information(s) demandée(s) par l'ASP : {', '.join(missing)}.",
            errors=[FieldError("/" + name.replace(".", "/"), "Requis par l'ASP.") for name in missing],
            extra={"missing_fields": missing},
        )


def _actor_id(actor: Principal) -> UUID | None:
    return actor.user_id or actor.client_id
