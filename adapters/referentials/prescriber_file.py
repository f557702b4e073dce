"""Reading the operator's referential of prescriber organisations (``;``-separated CSV).

Columns (header required, any order): ``kind``, ``siret``, ``safir_code``,
``name``, ``commune`` (INSEE code), ``email``; ``address_line`` and
``postal_code`` may be left out. Each line becomes an ``OrganisationRecord``
or a ``Rejection`` with its reason; the file is read lazily.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from stdnum.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret

from adapters.referentials.csv_text import utf8_lines
from adapters.referentials.siae_file import MalformedFile
from domain.prescribers.organisations import OrganisationKind
from domain.prescribers.referential_import import OrganisationRecord, Rejection

REQUIRED = ("kind", "siret", "safir_code", "name", "commune", "email")
OPTIONAL = ("address_line", "postal_code")


def read_prescriber_file(path: Path) -> Iterator[OrganisationRecord | Rejection]:
    """The file's lines, parsed; raises ``MalformedFile`` where it stops being
    readable, which may be after some lines were yielded."""
    with path.open("rb") as file:
        reader = csv.DictReader(utf8_lines(file), delimiter=";")
        try:
            missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
            if missing:
                raise MalformedFile(f"missing columns: {', '.join(missing)} (separator is ';')")
            for row in reader:
                yield _parse(reader.line_num, row)
        except csv.Error as error:
            raise MalformedFile(f"line {reader.line_num}: {error}") from None


def _parse(line: int, row: dict[str, str | None]) -> OrganisationRecord | Rejection:
    value = {column: (row.get(column) or "").strip() for column in REQUIRED + OPTIONAL}
    try:
        siret = str(stdnum_siret.validate(value["siret"]))
    except ValidationError as error:
        return Rejection(line, f"invalid SIRET {value['siret']!r}: {error}")
    if value["kind"] not in OrganisationKind._value2member_map_:
        return Rejection(line, f"unknown kind {value['kind']!r}")
    kind = OrganisationKind(value["kind"])
    problem = (
        ("empty name" if not value["name"] else None)
        or _safir_problem(kind, value["safir_code"])
        or _place_problem(value)
        or _email_problem(value["email"])
    )
    if problem:
        return Rejection(line, problem)
    return OrganisationRecord(
        line=line,
        kind=kind,
        siret=siret,
        safir_code=value["safir_code"] or None,
        name=value["name"][:255],
        commune=value["commune"].upper(),
        email=value["email"].lower() or None,
        address_line=value["address_line"][:255],
        postal_code=value["postal_code"],
    )


def _safir_problem(kind: OrganisationKind, safir: str) -> str | None:
    if kind is not OrganisationKind.FT:
        return f"a SAFIR code is for France Travail agencies only, not {kind}" if safir else None
    if not safir:
        return "a France Travail agency needs its SAFIR code"
    if not (len(safir) == 5 and safir.isdigit()):
        return f"SAFIR code must be 5 digits, not {safir!r}"
    return None


def _place_problem(value: dict[str, str]) -> str | None:
    if not (len(value["commune"]) == 5 and value["commune"][:2].isalnum() and value["commune"][2:].isdigit()):
        return f"invalid INSEE commune {value['commune']!r}"
    if value["postal_code"] and not (len(value["postal_code"]) == 5 and value["postal_code"].isdigit()):
        return f"invalid postal code {value['postal_code']!r}"
    return None


def _email_problem(email: str) -> str | None:
    if not email:
        return None
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return f"invalid email {email!r}"
    return None
