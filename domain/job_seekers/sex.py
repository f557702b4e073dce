"""A person's sex, as the civil registry (and so his NIR) records it."""

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
