"""The parts of the NIR (numéro d'inscription au répertoire) the domain reads.

Its checksum is verified where requests are parsed (python-stdnum); here the
NIR is a compact string of 15 characters: sex, YY, MM, department (2A/2B for
Corsica), commune, order number, key.
"""

from datetime import date

from domain.job_seekers.sex import Sex

# The first digit is the sex: 1 a man, 2 a woman. Temporary numbers keep the
# parity: 7 and 8 (NIA, given to a person born abroad until the civil registry
# knows him) and 3 and 4 (historically, foreign-born people being registered).
_MEN_DIGITS, _WOMEN_DIGITS = "137", "248"


def compact_nir(text: str) -> str:
    return "".join(text.split()).upper()


def mask_nir(nir: str) -> str:
    """Sex, year and month of birth stay readable; the rest identifies the
    person and is hidden: ``1 85 05 ** *** *** **``."""
    return f"{nir[0]} {nir[1:3]} {nir[3:5]} ** *** *** **"


def nir_contradicts_birthdate(nir: str, birthdate: date) -> bool:
    """Digits 2-5 are the year and month of birth. Months 20-42 and 50-99
    stand for a month unknown to the civil registry (INSEE), so only the year
    is compared then."""
    year, month = int(nir[1:3]), int(nir[3:5])
    if year != birthdate.year % 100:
        return True
    return 1 <= month <= 12 and month != birthdate.month


def nir_contradicts_sex(nir: str, sex: Sex) -> bool:
    """The first digit is odd for a man (1, 3, 7), even for a woman (2, 4, 8)."""
    return nir[0] in (_WOMEN_DIGITS if sex is Sex.MALE else _MEN_DIGITS)
