"""What the ASP requires about a hire that Tremplin does not already know:
the employer completes it on the employee record (DOMAIN.md, "Employee
records and the ASP exchange"; field meanings in ASP.md §1.4)."""

from dataclasses import dataclass
from enum import StrEnum

from domain.companies.companies import CompanyKind


class Title(StrEnum):
    MR = "M"
    MRS = "MME"


class RsaStatus(StrEnum):
    NO = "NON"
    WITH_INCREASE = "OUI-M"  # RSA majoré
    WITHOUT_INCREASE = "OUI-NM"


# The ASP measure ("mesure") a hire is declared under, per SIAE kind.
ASP_MEASURES: dict[CompanyKind, str] = {
    CompanyKind.ACI: "ACI_DC",
    CompanyKind.AI: "AI_DC",
    CompanyKind.EI: "EI_DC",
    CompanyKind.EITI: "EITI_DC",
    CompanyKind.ETTI: "ETTI_DC",
}
FRANCE = "100"


@dataclass(slots=True, frozen=True)
class Situation:
    """The person's situation before the hire. Durations are the ASP codes
    ``01`` (< 6 months), ``02`` (6–11), ``03`` (12–23), ``04`` (≥ 24);
    an allowance is received when its duration is given."""

    employed: bool = False
    employer_type: str | None = None  # ASP code, only when employed
    unemployed_since: str | None = None
    without_resources: bool = False
    france_travail_registered: bool = False
    france_travail_since: str | None = None
    rqth: bool = False
    oeth: bool = False
    social_aid: bool = False
    rsa: RsaStatus = RsaStatus.NO
    rsa_since: str | None = None
    ass_since: str | None = None
    aah_since: str | None = None
    care_leaver: bool = False  # sortant de l'ASE
    single_parent: bool = False
    housing_difficulty: bool = False
    refugee: bool = False
    prison_leaver: bool = False
    french_language_difficulty: bool = False  # the ASP's salarieLangueFrancaise: true = does NOT master French
    mobility_difficulty: bool = False


@dataclass(slots=True, frozen=True)
class AspFields:
    """The ASP fields of a record; None until the employer gives them."""

    title: Title | None = None
    birth_commune: str | None = None  # INSEE code, born in France
    birth_country: str | None = None  # INSEE country code (``100`` France)
    lane_number: str | None = None
    lane_extension: str | None = None  # B, T, Q, C
    lane_type: str | None = None  # ASP lane code (RUE, AV, BD, LD…)
    lane_name: str | None = None  # without its type
    address_complement: str | None = None
    address_commune: str | None = None  # INSEE code
    address_postal_code: str | None = None
    education_level: str | None = None
    orienteur: str | None = None
    situation: Situation | None = None
    ntt: str | None = None  # the ASP's temporary number, for a person without a NIR


FIELD_NAMES = tuple(AspFields.__dataclass_fields__)
