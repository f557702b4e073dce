"""Reading the SIAE referential file the ASP publishes (``;``-separated CSV).

Columns (header required, any order): ``siret``, ``kind``, ``name``,
``address``, ``postal_code``, ``insee_commune``, ``asp_id``, ``active``,
``auth_email`` (the company's official address, may be empty).
Each line becomes a ``CompanyRecord`` or a ``Rejection`` with its reason;
the file is read lazily so that a large file does not sit in memory.
"""

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from email_validator import EmailNotValidError, validate_email
from stdnum.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret

from domain.companies.companies import CompanyKind
from domain.companies.referential_import import CompanyRecord, Rejection

COLUMNS = ("siret", "kind", "name", "address", "postal_code", "insee_commune", "asp_id", "active", "auth_email")
MAX_ASP_ID = 20  # the column's width
MAX_EMAIL = 254
TRUE, FALSE = {"1", "true", "oui", "yes", "o", "y"}, {"0", "false", "non", "no", "n"}


class MalformedFile(Exception):
    """The file as a whole cannot be read (missing columns, not CSV)."""


def count_lines(path: Path) -> int:
    with path.open("rb") as file:
        return max(0, sum(1 for _ in file) - 1)


def read_siae_file(path: Path) -> Iterator[CompanyRecord | Rejection]:
    """The file's lines, parsed; raises ``MalformedFile`` where it stops being
    readable, which may be after some lines were yielded."""
    with path.open("rb") as file:
        reader = csv.DictReader(_decoded(file), delimiter=";")
        try:
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise MalformedFile(f"missing columns: {', '.join(missing)} (separator is ';')")
            for row in reader:
                yield _parse(reader.line_num, row)
        except csv.Error as error:
            raise MalformedFile(f"line {reader.line_num}: {error}") from None


def _decoded(file: BinaryIO) -> Iterator[str]:
    # Line by line, so that an encoding error names its line.
    for number, raw in enumerate(file, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise MalformedFile(f"line {number}: not UTF-8 text (save the file as UTF-8)") from None


def _parse(line: int, row: dict[str, str | None]) -> CompanyRecord | Rejection:
    value = {column: (row.get(column) or "").strip() for column in COLUMNS}
    try:
        siret = str(stdnum_siret.validate(value["siret"]))
    except ValidationError as error:
        return Rejection(line, f"invalid SIRET {value['siret']!r}: {error}")
    if value["kind"] not in CompanyKind._value2member_map_:
        return Rejection(line, f"unknown kind {value['kind']!r}")
    if not value["name"]:
        return Rejection(line, "empty name")
    active = value["active"].lower()
    if active not in TRUE | FALSE:
        return Rejection(line, f"active must be 1 or 0, not {value['active']!r}")
    if not (len(value["insee_commune"]) == 5 and value["insee_commune"][:2].isalnum()):
        return Rejection(line, f"invalid INSEE commune {value['insee_commune']!r}")
    if value["postal_code"] and not (len(value["postal_code"]) == 5 and value["postal_code"].isdigit()):
        return Rejection(line, f"invalid postal code {value['postal_code']!r}")
    if len(value["asp_id"]) > MAX_ASP_ID:
        return Rejection(line, f"asp_id longer than {MAX_ASP_ID} characters")
    if value["auth_email"] and not _is_email(value["auth_email"]):
        # Not echoed: the reasons are printed, and an address is personal data.
        return Rejection(line, "auth_email is not an email address")
    return CompanyRecord(
        line=line,
        siret=siret,
        kind=CompanyKind(value["kind"]),
        name=value["name"][:255],
        address_line=value["address"][:255],
        postal_code=value["postal_code"],
        commune=value["insee_commune"].upper(),
        asp_id=value["asp_id"] or None,
        active=active in TRUE,
        auth_email=value["auth_email"].lower() or None,
    )


def _is_email(text: str) -> bool:
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return len(text) <= MAX_EMAIL
