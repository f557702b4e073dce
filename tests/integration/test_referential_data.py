"""The referentials shipped as package data, read by their adapter."""

import filecmp
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from adapters.referentials.package_data import packaged_referentials, read_appellations, read_communes
from domain.referentials.communes import Commune

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
PACKAGE_DATA = REPO / "adapters" / "referentials" / "data"
CITIES = {"75056": ("Paris", "751", 20), "13055": ("Marseille", "132", 16), "69123": ("Lyon", "6938", 9)}
# (min latitude, max latitude, min longitude, max longitude), generous by a few km.
BOXES = {
    "metropolitan France and Corsica": (41.3, 51.2, -5.3, 9.7),
    "Guadeloupe": (15.8, 16.6, -61.9, -60.9),
    "Martinique": (14.3, 14.9, -61.3, -60.8),
    "Guyane": (2.1, 5.8, -54.7, -51.6),
    "La Réunion": (-21.4, -20.8, 55.2, 55.9),
    "Mayotte": (-13.1, -12.6, 44.9, 45.4),
}
BOX_OF_DEPARTMENT = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte"}


@pytest.fixture(scope="module")
def all_communes() -> list[Commune]:
    return read_communes()


def inside(commune: Commune, box: tuple[float, float, float, float]) -> bool:
    south, north, west, east = box
    return south <= commune.latitude <= north and west <= commune.longitude <= east


def test_every_commune_lies_in_the_territory_of_its_department(all_communes: list[Commune]) -> None:
    outside = [
        commune.insee_code
        for commune in all_communes
        if not inside(commune, BOXES[BOX_OF_DEPARTMENT.get(commune.department, "metropolitan France and Corsica")])
    ]

    assert outside == []


def test_insee_codes_are_unique(all_communes: list[Commune]) -> None:
    counts = Counter(commune.insee_code for commune in all_communes)

    assert [code for code, count in counts.items() if count > 1] == []


def test_every_commune_has_postal_codes_of_five_digits(all_communes: list[Commune]) -> None:
    wrong = [
        commune.insee_code
        for commune in all_communes
        if not commune.postal_codes or not all(len(code) == 5 and code.isdigit() for code in commune.postal_codes)
    ]

    assert wrong == []


@pytest.mark.parametrize(("city", "prefix", "count"), CITIES.values())
def test_the_arrondissements_are_kept(all_communes: list[Commune], city: str, prefix: str, count: int) -> None:
    arrondissements = [c for c in all_communes if c.insee_code.startswith(prefix) and c.name.startswith(f"{city} ")]

    # 20 + 16 + 9 = 45: the INSEE code list has 45 municipal arrondissements.
    assert len(arrondissements) == count


@pytest.mark.parametrize("code", CITIES)
def test_the_cities_are_their_arrondissements_together(all_communes: list[Commune], code: str) -> None:
    name, prefix, _ = CITIES[code]
    city = packaged_referentials().communes.get(code)
    parts = [c for c in all_communes if c.insee_code.startswith(prefix)]

    assert city is not None and city.name == name
    assert city.population == sum(part.population for part in parts)
    assert set(city.postal_codes) == {postal for part in parts for postal in part.postal_codes}
    assert min(p.latitude for p in parts) < city.latitude < max(p.latitude for p in parts)
    assert min(p.longitude for p in parts) < city.longitude < max(p.longitude for p in parts)


def test_there_are_11061_appellations_each_in_a_known_rome_family() -> None:
    appellations = read_appellations()
    rome = packaged_referentials().rome

    assert len(appellations) == 11061
    assert [a.code for a in appellations if not rome.rome_name(a.rome_code)] == []


def test_an_appellation_is_read_by_its_code() -> None:
    appellation = packaged_referentials().rome.appellation("11573")

    assert appellation is not None
    assert (appellation.name, appellation.rome_code) == ("Boulanger / Boulangère", "D1102")


def test_there_are_18_criteria_4_of_level_1() -> None:
    criteria = packaged_referentials().criteria.all()

    assert len(criteria) == 18
    assert sum(criterion.level == 1 for criterion in criteria) == 4


def test_a_criterion_is_read_by_its_code() -> None:
    criterion = packaged_referentials().criteria.get("DELD")

    assert criterion is not None and criterion.level == 2


def test_the_referentials_are_parsed_once_per_process() -> None:
    assert packaged_referentials() is packaged_referentials()


def test_a_commune_name_with_a_ligature_is_found_spelt_out() -> None:
    found = packaged_referentials().communes.search("oeuilly", 5)

    assert {commune.name for commune in found} == {"Œuilly"}


def test_a_commune_is_found_without_its_article() -> None:
    found = packaged_referentials().communes.search("havre", 5)

    assert found[0].name == "Le Havre"


def test_an_empty_search_finds_nothing() -> None:
    assert packaged_referentials().communes.search(" - ' ", 5) == []


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"needs the shared sources in {SHARED_DATA}")
def test_the_package_data_is_what_the_build_script_makes(tmp_path: Path) -> None:
    script = REPO / "scripts" / "build_referentials.py"
    command = [sys.executable, str(script), "--source", str(SHARED_DATA), "--target", str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)

    names = sorted(path.name for path in PACKAGE_DATA.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(PACKAGE_DATA, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], [])
