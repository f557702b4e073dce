"""Who may read and complete employee records.

The employers of the company (a partner application acting for it needs
``employee_records:write``) read and complete them; staff read them. Anyone
else is told they do not exist (404).
"""

from uuid import UUID

from domain.employee_records.records import EmployeeRecord
from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal
from domain.identity.scopes import Scope


class RecordNotFound(NotFound):
    code = "employee-record-not-found"
    title = "Fiche salarié introuvable"


def ensure_can_read(actor: Principal, record: EmployeeRecord | None) -> EmployeeRecord:
    if record is None or not (actor.is_staff or actor.company_id == record.company_id):
        raise RecordNotFound("Cette fiche salarié n'existe pas ou ne vous est pas visible.")
    _ensure_scope(actor)
    return record


def ensure_can_write(actor: Principal, record: EmployeeRecord | None) -> EmployeeRecord:
    record = ensure_can_read(actor, record)
    if actor.company_id != record.company_id:
        raise Forbidden("Seuls les employeurs de la structure complètent ses fiches salarié.")
    return record


def readable_company(actor: Principal, company_id: UUID | None) -> UUID | None:
    """The company a list is limited to: the one the employer acts for
    (another one asked for gives an empty list), any for staff."""
    _ensure_scope(actor)
    if actor.is_staff:
        return company_id
    if actor.company_id is None:
        raise Forbidden("Seuls les employeurs et l'équipe Tremplin consultent les fiches salarié.")
    return actor.company_id


def _ensure_scope(actor: Principal) -> None:
    if not actor.has_scope(Scope.EMPLOYEE_RECORDS_WRITE):
        raise Forbidden("Cette application n'a pas le droit employee_records:write.")
