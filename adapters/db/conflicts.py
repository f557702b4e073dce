"""Broken database constraints, turned into the domain's Conflict errors."""

import re

from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from adapters.db.tables import metadata
from domain.approvals.approvals import ApprovalChangedConcurrently
from domain.approvals.numbers import PassNumberTaken
from domain.approvals.prolongations import ProlongationPending
from domain.candidatures.submission import AlreadyPending
from domain.employee_records.records import RecordExists
from domain.errors import Conflict
from domain.exits.exits import ExitAlreadyRecorded, FollowUpAlreadyRecorded
from domain.identity.members import AlreadyMember
from domain.identity.signup import EmailTaken
from domain.job_seekers.job_seekers import JobSeekerEmailTaken, NirTaken
from domain.prescribers.sirets import SiretTaken

# Broken constraints that mean something to a user, by constraint name.
CONFLICTS: dict[str, Conflict] = {
    "uq_users_email": EmailTaken("Un compte existe déjà avec cette adresse e-mail."),
    "uq_memberships_user_id_company_id": AlreadyMember("Déjà membre de cette structure."),
    "uq_memberships_user_id_organisation_id": AlreadyMember("Déjà membre de cette organisation."),
    "uq_job_seekers_nir": NirTaken("Un candidat a déjà ce NIR."),
    "uq_job_seekers_email": JobSeekerEmailTaken("Un candidat a déjà cette adresse e-mail."),
    "uq_candidatures_pending_job_seeker_company": AlreadyPending(
        "Ce candidat a déjà une candidature en cours auprès de cette structure."
    ),
    "uq_approvals_number": PassNumberTaken("Ce numéro de PASS IAE est déjà attribué."),
    "uq_approvals_job_seeker_id_rank": ApprovalChangedConcurrently(
        "Un PASS IAE vient d'être délivré à cette personne par une autre embauche : réessayez."
    ),
    "uq_approval_prolongations_pending": ProlongationPending(
        "Une demande de prolongation de ce PASS IAE attend déjà une décision."
    ),
    "uq_employee_records_asp_measure_siret_approval_number": RecordExists(
        "Ce PASS IAE a déjà une fiche salarié pour cette structure."
    ),
    "pk_exits": ExitAlreadyRecorded("La sortie de cette embauche est déjà enregistrée."),
    "pk_exit_follow_ups": FollowUpAlreadyRecorded("Ce suivi est déjà enregistré."),
    "uq_prescriber_organisations_siret_except_ft": SiretTaken("Une organisation a déjà ce SIRET."),
    "uq_prescriber_organisations_safir_code": Conflict("Une agence France Travail a déjà ce code SAFIR."),
}

# Rows updated with a version check (``version_id_col``), by table name.
STALE: dict[str, Conflict] = {
    "approvals": ApprovalChangedConcurrently("Ce PASS IAE a été modifié entre-temps : relisez-le et réessayez."),
}


def conflict_from(error: IntegrityError) -> Conflict:
    name = _constraint_name(error)
    if name in CONFLICTS:
        known = CONFLICTS[name]
        return type(known)(known.detail)
    return Conflict("La modification contredit une donnée existante.", extra={"constraint": name})


def stale_conflict(error: StaleDataError) -> Conflict:
    match = re.search(r"on table '(\w+)'", str(error))
    known = STALE.get(match.group(1)) if match else None
    if known is None:
        return Conflict("La donnée a été modifiée entre-temps : relisez-la et réessayez.")
    return type(known)(known.detail)


def _constraint_name(error: IntegrityError) -> str | None:
    diag = getattr(error.orig, "diag", None)
    if diag is not None:  # psycopg names the constraint
        return getattr(diag, "constraint_name", None)
    # SQLite only says "UNIQUE constraint failed: users.email, ..."
    match = re.search(r"UNIQUE constraint failed: ([\w., ]+)", str(error.orig))
    if not match:
        return None
    columns = [part.strip().split(".") for part in match.group(1).split(",")]
    table = metadata.tables.get(columns[0][0])
    wanted = {column for _, column in columns}
    if table is None:
        return None
    # A partial unique index ("unique when given") is an index, not a constraint.
    # Only a key or a unique constraint breaks "UNIQUE": a foreign key may name the same columns.
    keys = [c for c in table.constraints if isinstance(c, PrimaryKeyConstraint | UniqueConstraint)]
    for constraint in [*keys, *(index for index in table.indexes if index.unique)]:
        names = {column.name for column in getattr(constraint, "columns", [])}
        if names == wanted and constraint.name:
            return str(constraint.name)
    return None
