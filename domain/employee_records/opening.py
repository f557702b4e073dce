"""A hire with a PASS IAE in an SIAE opens its employee record; cancelling
the hire withdraws it, unless it already went to the ASP."""

import hashlib
from datetime import datetime
from uuid import UUID

from domain.approvals.approvals import Approval
from domain.candidatures.candidatures import Candidature, SenderKind
from domain.employee_records.asp_fields import ASP_MEASURES, AspFields
from domain.employee_records.records import EmployeeRecord
from domain.employee_records.state_machine import RecordState
from domain.errors import Conflict
from domain.ports.system import IdGenerator
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import OrganisationKind

# ASP orienteur codes (ASP.md §1.4): the kind of who sent the candidature.
_ORIENTEUR_OF_KIND = {
    OrganisationKind.ML: "01",
    OrganisationKind.CAP_EMPLOI: "02",
    OrganisationKind.FT: "03",
    OrganisationKind.PLIE: "04",
    OrganisationKind.DEPT: "05",
    OrganisationKind.SPIP: "09",
    OrganisationKind.PJJ: "10",
    OrganisationKind.CCAS: "11",
    OrganisationKind.CHRS: "12",
    OrganisationKind.CIDFF: "13",
    OrganisationKind.PREVENTION: "14",
    OrganisationKind.AFPA: "15",
    OrganisationKind.PIJ_BIJ: "16",
    OrganisationKind.CAF: "17",
    OrganisationKind.CADA: "18",
    OrganisationKind.ASE: "19",
    OrganisationKind.CAVA: "20",
    OrganisationKind.CPH: "21",
    OrganisationKind.CHU: "22",
    OrganisationKind.OACAS: "23",
}
SPONTANEOUS, OTHER_HABILITATED, NOT_HABILITATED = "07", "06", "08"


class RecordAlreadySent(Conflict):
    code = "employee-record-sent"
    title = "Fiche salarié déjà transmise à l'ASP"


def asp_uid(job_seeker_id: UUID) -> str:
    """The ASP's id of a person: stable, 30 lowercase hex, revealing nothing."""
    return hashlib.sha256(b"tremplin-asp-uid:" + job_seeker_id.bytes).hexdigest()[:30]


async def open_employee_record(
    uow: UnitOfWork, *, candidature: Candidature, approval: Approval, ids: IdGenerator, at: datetime
) -> EmployeeRecord | None:
    """The new record of this hire (in an open unit of work), or None when the
    company is not declared to the ASP or the PASS IAE is already declared
    under its SIRET."""
    company = await uow.companies.get(candidature.company_id)
    measure = ASP_MEASURES.get(company.kind) if company else None
    if company is None or measure is None:
        return None
    if await uow.employee_records.find(asp_measure=measure, siret=company.siret, approval_number=approval.number):
        return None
    record = EmployeeRecord(
        id=ids.new_id(),
        candidature_id=candidature.id,
        company_id=company.id,
        job_seeker_id=candidature.job_seeker_id,
        approval_number=approval.number,
        siret=company.siret,
        asp_measure=measure,
        asp_uid=asp_uid(candidature.job_seeker_id),
        state=RecordState.NEW,
        fields=AspFields(orienteur=await _orienteur(uow, candidature)),
        created_at=at,
        updated_at=at,
    )
    await uow.employee_records.add(record)
    return record


async def withdraw_records_of_hire(uow: UnitOfWork, *, candidature_id: UUID, at: datetime) -> None:
    """Archive the records of a hire being cancelled (in an open unit of work);
    409 ``employee-record-sent`` once one may have reached the ASP."""
    records = await uow.employee_records.of_candidature(candidature_id)
    if any(record.was_sent_to_asp for record in records):
        raise RecordAlreadySent(
            "L'embauche ne peut plus être annulée : sa fiche salarié a été transmise à l'ASP.",
            extra={"employee_record_ids": [str(r.id) for r in records if r.was_sent_to_asp]},
        )
    for record in records:
        if record.state is not RecordState.ARCHIVED:
            record.archive(actor_id=None, at=at)


async def _orienteur(uow: UnitOfWork, candidature: Candidature) -> str:
    if candidature.sender_kind is not SenderKind.PRESCRIBER:
        return SPONTANEOUS
    organisation_id = candidature.sender_organisation_id
    organisation = await uow.organisations.get(organisation_id) if organisation_id else None
    if organisation is None or not organisation.is_habilitated:
        return NOT_HABILITATED
    return _ORIENTEUR_OF_KIND.get(organisation.kind, OTHER_HABILITATED)
