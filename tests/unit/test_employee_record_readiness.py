import dataclasses
from datetime import date

from domain.employee_records.asp_fields import AspFields, RsaStatus, Situation
from domain.employee_records.readiness import check_fields, missing_fields
from tests.unit.employee_record_situations import COMPLETE, FakeAspReferentials

BORN = date(1990, 5, 17)


def pointers(fields: AspFields, *, birthdate: date | None = BORN) -> list[str]:
    errors = check_fields(fields, referentials=FakeAspReferentials(), measure="EI_DC", birthdate=birthdate)
    return [error.pointer for error in errors]


def test_complete_fields_from_the_referentials_pass() -> None:
    assert pointers(COMPLETE) == []


def test_codes_unknown_to_the_asp_are_each_named() -> None:
    fields = dataclasses.replace(COMPLETE, lane_type="XYZ", education_level="99", orienteur="42")
    assert pointers(fields) == ["/lane_type", "/education_level", "/orienteur"]


def test_a_birth_commune_must_exist_on_the_birthdate() -> None:
    # 14712 was created in 2016: nobody born in 1990 was born there.
    assert pointers(dataclasses.replace(COMPLETE, birth_commune="14712")) == ["/birth_commune"]


def test_a_commune_of_an_overseas_collectivity_is_given_as_a_country() -> None:
    assert pointers(dataclasses.replace(COMPLETE, birth_commune="98818")) == ["/birth_commune"]


def test_a_birth_commune_goes_with_france_as_country() -> None:
    assert pointers(dataclasses.replace(COMPLETE, birth_country="351")) == ["/birth_country"]


def test_a_lane_number_is_digits_only() -> None:
    assert pointers(dataclasses.replace(COMPLETE, lane_number="12bis")) == ["/lane_number"]


def test_a_lane_name_with_forbidden_characters_is_refused() -> None:
    assert pointers(dataclasses.replace(COMPLETE, lane_name="rue #4 (bâtiment)")) == ["/lane_name"]


def test_an_accented_lane_name_is_accepted_since_it_is_sent_transliterated() -> None:
    assert pointers(dataclasses.replace(COMPLETE, lane_name="de l'Église Saint-Étienne")) == []


def test_an_employer_type_goes_with_being_employed() -> None:
    fields = dataclasses.replace(COMPLETE, situation=Situation(employed=True))
    assert pointers(fields) == ["/situation/employer_type"]


def test_the_rsa_duration_goes_with_receiving_it() -> None:
    fields = dataclasses.replace(COMPLETE, situation=Situation(rsa=RsaStatus.WITH_INCREASE))
    assert pointers(fields) == ["/situation/rsa_since"]


def test_durations_are_asp_codes() -> None:
    fields = dataclasses.replace(COMPLETE, situation=Situation(unemployed_since="6"))
    assert pointers(fields) == ["/situation/unemployed_since"]


def test_an_ntt_follows_the_asp_pattern() -> None:
    assert pointers(dataclasses.replace(COMPLETE, ntt="3123")) == ["/ntt"]


def test_nothing_is_missing_from_complete_fields() -> None:
    assert missing_fields(COMPLETE, birthdate=BORN, nir="290056912345678") == []


def test_empty_fields_list_everything_the_asp_requires() -> None:
    assert missing_fields(AspFields(), birthdate=None, nir=None) == [
        "title",
        "lane_type",
        "lane_name",
        "address_commune",
        "address_postal_code",
        "education_level",
        "orienteur",
        "situation",
        "birth_country",
        "job_seeker.birthdate",
        "ntt",
    ]


def test_born_in_france_the_birth_commune_is_required() -> None:
    fields = dataclasses.replace(COMPLETE, birth_commune=None, birth_country="100")
    assert missing_fields(fields, birthdate=BORN, nir="290056912345678") == ["birth_commune"]


def test_born_abroad_the_country_is_enough() -> None:
    fields = dataclasses.replace(COMPLETE, birth_commune=None, birth_country="351")
    assert missing_fields(fields, birthdate=BORN, nir="290056912345678") == []
