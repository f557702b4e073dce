"""ASP formatting rules of a batch line, with the packaged ASP referentials."""

import pytest

from adapters.asp.layout import birth_place
from adapters.asp.referentials import packaged_asp_referentials
from domain.employee_records.asp_fields import AspFields
from domain.employee_records.asp_text import ascii_upper, cut_on_word

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


def test_text_is_ascii_upper_case() -> None:
    assert ascii_upper("  Æsa   Lefèvre-Œuvray ") == "AESA LEFEVRE-OEUVRAY"


def test_a_first_name_is_cut_on_a_word() -> None:
    assert cut_on_word("JEAN-BAPTISTE MARIE EMMANUEL XAVIER", 30) == "JEAN-BAPTISTE MARIE EMMANUEL"


def test_the_referentials_know_current_and_past_communes() -> None:
    assert REFERENTIALS.commune_exists("75056")
    assert REFERENTIALS.country("100") is not None
