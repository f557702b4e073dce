"""Regenerate the referentials shipped in ``adapters/referentials/data/``.

    python scripts/build_referentials.py [--source ../shared/data]

Reads the public files gathered in the shared data folder (see
docs/REFERENTIALS.md for their origin and licence), trims them to the columns
Tremplin uses and writes them as package data. The output is byte-for-byte
reproducible (rows sorted, gzip without timestamp), so a rerun on the same
sources leaves ``git status`` clean.
"""

import argparse
import csv
import gzip
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data"
TARGET = REPO / "adapters" / "referentials" / "data"

COMMUNE_COLUMNS = ("insee_code", "name", "department", "postal_codes", "latitude", "longitude", "population")
# INSEE lists Paris, Marseille and Lyon only through their municipal
# arrondissements; people look for the city, so the three are rebuilt.
CITIES = {
    "75056": ("Paris", "75", "751", 20),
    "13055": ("Marseille", "13", "132", 16),
    "69123": ("Lyon", "69", "6938", 9),
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def communes(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """One row per INSEE code with its postal codes joined, plus the three cities."""
    postal_codes: dict[str, set[str]] = defaultdict(set)
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        postal_codes[row["insee_code"]].add(row["postal_code"])
        first.setdefault(row["insee_code"], row)
    out = {
        code: {
            "insee_code": code,
            "name": row["name"],
            "department": row["department"],
            "postal_codes": " ".join(sorted(postal_codes[code])),
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "population": row["population"],
        }
        for code, row in first.items()
    }
    for code, (name, department, arrondissement_prefix, count) in CITIES.items():
        parts = [row for key, row in out.items() if key.startswith(arrondissement_prefix)]
        if len(parts) != count:
            raise SystemExit(f"{name}: expected {count} arrondissements, found {len(parts)}")
        out[code] = city_of(code=code, name=name, department=department, arrondissements=parts)
    return [out[code] for code in sorted(out)]


def city_of(*, code: str, name: str, department: str, arrondissements: Sequence[dict[str, str]]) -> dict[str, str]:
    """The city as its arrondissements together: population summed, centre weighted by population."""
    weights = [int(row["population"]) for row in arrondissements]
    total = sum(weights)

    def centre(axis: str) -> str:
        return f"{sum(float(row[axis]) * w for row, w in zip(arrondissements, weights, strict=True)) / total:.5f}"

    codes = {postal for row in arrondissements for postal in row["postal_codes"].split()}
    return {
        "insee_code": code,
        "name": name,
        "department": department,
        "postal_codes": " ".join(sorted(codes)),
        "latitude": centre("latitude"),
        "longitude": centre("longitude"),
        "population": str(total),
    }


def to_csv(rows: Iterable[dict[str, str]], columns: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write(path: Path, content: bytes) -> None:
    if path.suffix == ".gz":
        # mtime=0 and no file name in the header: same input, same bytes.
        content = gzip.compress(content, compresslevel=9, mtime=0)
    path.write_bytes(content)
    print(f"{path}: {len(content):,} bytes")


def build(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    write(target / "communes.csv.gz", to_csv(communes(read_csv(source / "communes.csv")), COMMUNE_COLUMNS))
    rome_codes = sorted(read_csv(source / "rome_codes.csv"), key=lambda row: row["rome_code"])
    write(target / "rome_codes.csv", to_csv(rome_codes, ("rome_code", "name")))
    appellations = sorted(read_csv(source / "rome_appellations.csv"), key=lambda row: row["appellation_code"])
    write(target / "rome_appellations.csv.gz", to_csv(appellations, ("appellation_code", "name", "rome_code")))
    criteria_columns = ("code", "level", "name", "description", "written_proof", "written_proof_validity")
    # Kept in the order of the source (level 1 first), which is the order people read them in.
    write(
        target / "administrative_criteria.csv",
        to_csv(read_csv(source / "administrative_criteria.csv"), criteria_columns),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of the shared CSV files")
    parser.add_argument("--target", type=Path, default=TARGET, help="package data folder to write")
    arguments = parser.parse_args()
    build(arguments.source.resolve(), arguments.target.resolve())


if __name__ == "__main__":
    main()
