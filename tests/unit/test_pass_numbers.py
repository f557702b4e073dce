import pytest

from domain.approvals.numbers import PassNumber, PassNumbersExhausted


def test_a_number_is_the_prefix_followed_by_seven_digits() -> None:
    assert PassNumber.issue(prefix="99999", sequence=42).value == "999990000042"


def test_a_number_is_shown_grouped_for_people() -> None:
    assert PassNumber("999990000001").display == "99999 00 00001"


@pytest.mark.parametrize("typed", ["99999 00 00001", "999990000001", " 99999 0000001 ", "99999\u00a000\u00a000001"])
def test_a_number_is_read_with_or_without_spaces(typed: str) -> None:
    assert PassNumber.parse(typed) == PassNumber("999990000001")


def test_a_number_with_a_letter_prefix_is_read_in_capitals() -> None:
    assert PassNumber.parse("xyz12 00 00001").value == "XYZ120000001"


@pytest.mark.parametrize("typed", ["", "99999000001", "9999900000012", "99999 00 0000A", "99999-00-00001"])
def test_anything_else_is_not_a_number(typed: str) -> None:
    with pytest.raises(ValueError):
        PassNumber.parse(typed)


def test_the_last_sequence_of_a_prefix_is_issued() -> None:
    assert PassNumber.issue(prefix="99999", sequence=9_999_999).value == "999999999999"


def test_no_number_is_issued_past_the_last_sequence() -> None:
    with pytest.raises(PassNumbersExhausted):
        PassNumber.issue(prefix="99999", sequence=10_000_000)


@pytest.mark.parametrize("prefix", ["9999", "999999", "99a99"])
def test_a_prefix_is_five_digits_or_capital_letters(prefix: str) -> None:
    with pytest.raises(ValueError):
        PassNumber.issue(prefix=prefix, sequence=1)
