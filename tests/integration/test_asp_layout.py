"""ASP formatting rules of a batch line, with the packaged ASP referentials."""

import json
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest

from adapters.asp.batch_files import LocalAspBatchFiles
from adapters.asp.layout import AspDeclarationFormat, birth_place
from adapters.asp.referentials import packaged_asp_referentials
from domain.employee_records.asp_fields import AspFields
from domain.employee_records.asp_text import ascii_upper, cut_on_word
from domain.employee_records.batches import BatchLine, Movement
from domain.employee_records.declarations import Declaration
from domain.employee_records.records import PersonSnapshot
from tests.unit.employee_record_situations import COMPLETE

# Marked before collection: the conftest's late anyio mark drops parametrized arguments.
pytestmark = pytest.mark.anyio

REFERENTIALS = packaged_asp_referentials()


@pytest.mark.parametrize(
    ("commune", "department"),
    [("69123", "069"), ("2A004", "02A"), ("2B033", "02B"), ("97411", "974"), ("01001", "001")],
)
def test_the_birth_department_comes_from_the_commune(commune: str, department: str) -> None:
    place = birth_place(AspFields(birth_commune=commune), REFERENTIALS)
    assert place == {
        "codeComInsee": {"codeComInsee": commune, "codeDpt": department},
        "codeInseePays": "100",
        "codeGroupePays": "1",
    }


def test_born_abroad_the_commune_is_null_and_the_department_099() -> None:
    place = birth_place(AspFields(birth_country="351"), REFERENTIALS)  # Tunisia
    assert place == {
        "codeComInsee": {"codeComInsee": None, "codeDpt": "099"},
        "codeInseePays": "351",
        "codeGroupePays": "3",
    }


def test_a_country_of_the_eec_is_in_group_2() -> None:
    assert birth_place(AspFields(birth_country="109"), REFERENTIALS)["codeGroupePays"] == "2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  Æsa   Lefèvre-Œuvray ", "AESA LEFEVRE-OEUVRAY"), (" de  la Paix", "DE LA PAIX")],
)
def test_text_is_ascii_upper_case(text: str, expected: str) -> None:
    assert ascii_upper(text) == expected


PERSON = PersonSnapshot("Lefèvre", "Inès", date(1990, 5, 17), "290056912345678", "1234567ü")
DECLARATION = Declaration("999990000001", "78000010500012", "EI_DC", "0" * 30, COMPLETE, PERSON, None, None)
DECLARED = AspDeclarationFormat(REFERENTIALS).render(DECLARATION)


async def test_a_batch_file_is_ascii_even_where_the_layout_passes_a_value_through(tmp_path: Path) -> None:
    files = LocalAspBatchFiles(tmp_path)

    await files.write("RIAE_FS_20260302090000.json", [BatchLine(1, Movement.CREATION, uuid4(), DECLARED)])

    content = (tmp_path / "RIAE_FS_20260302090000.json").read_bytes()
    assert content.isascii()
    (line,) = json.loads(content)["lignesTelechargement"]
    assert line["personnePhysique"]["nomUsage"] == "LEFEVRE"
    assert line["situationSalarie"]["numeroIDE"] == "1234567ü"  # escaped in the file, intact once read


def test_a_first_name_is_cut_on_a_word() -> None:
    assert cut_on_word("JEAN-BAPTISTE MARIE EMMANUEL XAVIER", 30) == "JEAN-BAPTISTE MARIE EMMANUEL"


def test_the_referentials_know_current_and_past_communes() -> None:
    assert REFERENTIALS.commune_exists("75056")
    assert REFERENTIALS.country("100") is not None


@pytest.mark.parametrize("line_count", [1, 25, 26, 60, 700])
async def test_a_batch_file_written_in_runs_of_lines_is_one_json_document_with_every_line(
    tmp_path: Path, line_count: int
) -> None:
    files = LocalAspBatchFiles(tmp_path)
    lines = [BatchLine(n, Movement.CREATION, uuid4(), DECLARED) for n in range(1, line_count + 1)]

    await files.write("RIAE_FS_20260302090000.json", lines)

    written = json.loads((tmp_path / "RIAE_FS_20260302090000.json").read_bytes())["lignesTelechargement"]
    assert [line["numLigne"] for line in written] == list(range(1, line_count + 1))
    assert list(written[-1])[:4] == ["numLigne", "typeMouvement", "siret", "mesure"]
