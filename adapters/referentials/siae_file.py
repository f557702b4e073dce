"""Reading the SIAE referential file the ASP publishes (``;``-separated CSV).

Columns (header required, any order): ``siret``, ``kind``, ``name``,
``address``, ``postal_code``, ``insee_commune``, ``asp_id``, ``active``.
Each line becomes a ``CompanyRecord`` or a ``Rejection`` with its reason;
the file is read lazily so that a large file does not sit in memory.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from stdnum.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret

from domain.companies.companies import CompanyKind
from domain.companies.referential_import import CompanyRecord, Rejection

COLUMNS = ("siret", "kind", "name", "address", "postal_code", "insee_commune", "asp_id", "active")
TRUE, FALSE = {"1", "true", "oui", "yes", "o", "y"}, {"0", "false", "non", "no", "n"}


class MalformedFile(Exception):
    """The file as a whole cannot be read (missing columns, not CSV)."""


def count_lines(path: Path) -> int:
    with path.open(encoding="utf-8-sig") as file:
        return max(0, sum(1 for _ in file) - 1)


def read_siae_file(path: Path) -> Iterator[CompanyRecord | Rejection]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file, delimiter=";")
        missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise MalformedFile(f"missing columns: {', '.join(missing)} (separator is ';')")
        for row in reader:
            yield _parse(reader.line_num, row)


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
    return CompanyRecord(
        line=line,
        siret=siret,
        kind=CompanyKind(value["kind"]),
        name=value["name"][:255],
        address_line=value["address"][:255],
        postal_code=value["postal_code"][:5],
        commune=value["insee_commune"].upper(),
        asp_id=value["asp_id"] or None,
        active=active in TRUE,
    )
