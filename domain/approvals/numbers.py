"""PASS IAE numbers: the operator's 5-character prefix and 7 digits."""

import re
from dataclasses import dataclass

from domain.errors import Conflict

PREFIX_PATTERN = re.compile(r"[0-9A-Z]{5}")
_NUMBER_PATTERN = re.compile(r"[0-9A-Z]{5}[0-9]{7}")
LAST_SEQUENCE = 9_999_999


class PassNumberTaken(Conflict):
    code = "pass-number-taken"
    title = "Numéro de PASS IAE déjà attribué"


class PassNumbersExhausted(Conflict):
    code = "pass-numbers-exhausted"
    title = "Plus aucun numéro de PASS IAE disponible"


@dataclass(slots=True, frozen=True)
class PassNumber:
    """Twelve characters without spaces, e.g. ``999990000001``; shown to people
    grouped as ``99999 00 00001``."""

    value: str

    def __post_init__(self) -> None:
        if not _NUMBER_PATTERN.fullmatch(self.value):
            raise ValueError("a PASS IAE number is a 5-character prefix followed by 7 digits")

    @classmethod
    def parse(cls, text: str) -> "PassNumber":
        """Read a number typed by a person: spaces anywhere, any case.
        Raises ``ValueError`` when it is not a PASS IAE number."""
        return cls("".join(text.split()).upper())

    @classmethod
    def issue(cls, *, prefix: str, sequence: int) -> "PassNumber":
        """The number of the ``sequence``-th PASS IAE issued under ``prefix``."""
        if not PREFIX_PATTERN.fullmatch(prefix):
            raise ValueError("a PASS IAE prefix is 5 digits or capital letters")
        if not 1 <= sequence <= LAST_SEQUENCE:
            raise PassNumbersExhausted(f"Les {LAST_SEQUENCE} numéros du préfixe {prefix} sont tous attribués.")
        return cls(f"{prefix}{sequence:07d}")

    @property
    def display(self) -> str:
        return f"{self.value[:5]} {self.value[5:7]} {self.value[7:]}"

    def __str__(self) -> str:
        return self.value
