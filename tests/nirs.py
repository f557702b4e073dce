"""Valid NIRs for tests: made up, with the right key (97 - number mod 97)."""

import itertools
from datetime import date

_order = itertools.count(1)


def a_nir(*, born: date = date(1985, 5, 14), sex: int = 1, department: str = "75", commune: str = "111") -> str:
    body = f"{sex}{born.year % 100:02d}{born.month:02d}{department}{commune}{next(_order) % 1000:03d}"
    return body + f"{97 - int(body) % 97:02d}"


def spaced(nir: str) -> str:
    return " ".join([nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]])
