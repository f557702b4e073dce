"""The NIR's first digit is the sex: odd for a man, even for a woman,
temporary numbers included."""

import pytest

from domain.job_seekers.nir import nir_contradicts_sex
from domain.job_seekers.sex import Sex
from tests.nirs import a_nir

AGREEING = [(1, Sex.MALE), (3, Sex.MALE), (7, Sex.MALE), (2, Sex.FEMALE), (4, Sex.FEMALE), (8, Sex.FEMALE)]


@pytest.mark.parametrize(("first_digit", "sex"), AGREEING)
def test_a_nir_agrees_with_the_sex_its_first_digit_stands_for(first_digit: int, sex: Sex) -> None:
    assert not nir_contradicts_sex(a_nir(sex=first_digit), sex)


@pytest.mark.parametrize(("first_digit", "sex"), AGREEING)
def test_a_nir_contradicts_the_other_sex(first_digit: int, sex: Sex) -> None:
    other = Sex.FEMALE if sex is Sex.MALE else Sex.MALE

    assert nir_contradicts_sex(a_nir(sex=first_digit), other)
