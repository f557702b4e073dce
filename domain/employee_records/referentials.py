"""The ASP referentials, as the domain asks about them (port in ``domain.ports.asp``)."""

from dataclasses import dataclass
from enum import StrEnum


class AspCodeList(StrEnum):
    LANE_TYPE = "lane_type"
    LANE_EXTENSION = "lane_extension"
    EDUCATION_LEVEL = "education_level"
    ORIENTEUR = "orienteur"
    EMPLOYER_TYPE = "employer_type"
    DURATION = "duration"


@dataclass(slots=True, frozen=True)
class AspCountry:
    code: str  # 3-digit INSEE country code
    department: str  # ``099`` abroad, ``098`` an overseas territory sent as a country
    group: str  # ``1`` France, ``2`` EEC, ``3`` other
