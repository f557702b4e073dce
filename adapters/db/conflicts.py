"""Broken database constraints, turned into the domain's Conflict errors."""

import re

from sqlalchemy.exc import IntegrityError

from adapters.db.tables import metadata
from domain.errors import Conflict
from domain.identity.members import AlreadyMember
from domain.identity.signup import EmailTaken

# Broken constraints that mean something to a user, by constraint name.
CONFLICTS: dict[str, Conflict] = {
    "uq_users_email": EmailTaken("Un compte existe déjà avec cette adresse e-mail."),
    "uq_memberships_user_id_company_id": AlreadyMember("Déjà membre de cette structure."),
    "uq_memberships_user_id_organisation_id": AlreadyMember("Déjà membre de cette organisation."),
}


def conflict_from(error: IntegrityError) -> Conflict:
    name = _constraint_name(error)
    if name in CONFLICTS:
        known = CONFLICTS[name]
        return type(known)(known.detail)
    return Conflict("La modification contredit une donnée existante.", extra={"constraint": name})


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
    for constraint in table.constraints if table is not None else ():
        names = {column.name for column in getattr(constraint, "columns", [])}
        if names == wanted and constraint.name:
            return str(constraint.name)
    return None
