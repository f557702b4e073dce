"""The ASP referentials shipped in ``data/`` (trimmed from the ASP's files,
see docs/REFERENTIALS.md), loaded once per process."""

import csv
import gzip
import io
import json
from collections import defaultdict
from datetime import date
from functools import cache
from importlib import resources

from domain.employee_records.referentials import AspCodeList, AspCountry

_FOREVER = date.max


class PackagedAspReferentials:
    def __init__(self, codes: dict[str, object], communes: dict[str, list[tuple[date, date]]]) -> None:
        self._countries = {
            code: AspCountry(code, department, group)
            for code, (department, group) in codes["countries"].items()  # type: ignore[attr-defined]
        }
        self._lists: dict[AspCodeList, dict[str, frozenset[str]]] = {
            AspCodeList.EDUCATION_LEVEL: _per_measure(codes["education_levels"]),
            AspCodeList.ORIENTEUR: _per_measure(codes["orienteurs"]),
            AspCodeList.EMPLOYER_TYPE: _per_measure(codes["employer_types"]),
        }
        self._shared: dict[AspCodeList, frozenset[str]] = {
            AspCodeList.LANE_TYPE: frozenset(codes["lane_types"]),  # type: ignore[call-overload]
            AspCodeList.LANE_EXTENSION: frozenset(codes["lane_extensions"]),  # type: ignore[call-overload]
            AspCodeList.DURATION: frozenset(codes["allowance_durations"]),  # type: ignore[call-overload]
        }
        self._communes = communes

    def commune_exists(self, insee_code: str, *, on: date | None = None) -> bool:
        periods = self._communes.get(insee_code, [])
        if on is None:
            return any(end == _FOREVER for _, end in periods)
        return any(start <= on <= end for start, end in periods)

    def country(self, code: str) -> AspCountry | None:
        return self._countries.get(code)

    def has(self, codes: AspCodeList, code: str, *, measure: str) -> bool:
        if codes in self._shared:
            return code in self._shared[codes]
        return code in self._lists[codes].get(measure, frozenset())


def _per_measure(data: object) -> dict[str, frozenset[str]]:
    return {measure: frozenset(codes) for measure, codes in data.items()}  # type: ignore[attr-defined]


@cache
def packaged_asp_referentials() -> PackagedAspReferentials:
    folder = resources.files("adapters.asp").joinpath("data")
    codes = json.loads(folder.joinpath("asp_referentials.json").read_text(encoding="utf-8"))
    raw = gzip.decompress(folder.joinpath("asp_communes.csv.gz").read_bytes()).decode("utf-8")
    communes: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(raw, newline="")):
        end = date.fromisoformat(row["end"]) if row["end"] else _FOREVER
        communes[row["code"]].append((date.fromisoformat(row["start"]), end))
    return PackagedAspReferentials(codes, dict(communes))
