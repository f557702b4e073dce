"""A declaration as a line of an ASP batch file holds it, field by field
(ASP.md §1.4: ASCII upper case, lengths, birth place rules, codes)."""

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from domain.employee_records import asp_text
from domain.employee_records.asp_fields import FRANCE, AspFields, Situation
from domain.employee_records.asp_text import ascii_upper, cut_on_word
from domain.employee_records.declarations import Declaration
from domain.ports.asp import AspReferentials

ABROAD = "099"
_COMPLEMENT = re.compile(r"^[a-zA-Z0-9@ ]{0,32}$")
_NO_PARENTHESES = str.maketrans("", "", "()")
# The measure with independent-worker fields of its own (ASP.md §1.4).
EITI = "EITI_DC"


class AspDeclarationFormat:
    """Declarations in the ASP layout, with the packaged ASP referentials."""

    def __init__(self, referentials: AspReferentials) -> None:
        self._referentials = referentials
        self.version = _VERSION

    def render(self, declaration: Declaration) -> bytes:
        return ascii_json(fields_of(declaration, self._referentials))


def fields_of(declared: Declaration, referentials: AspReferentials) -> dict[str, Any]:
    """A line's fields after ``numLigne`` and ``typeMouvement``, in the ASP's order."""
    fields = declared.fields
    assert fields.situation is not None  # a ready record is complete
    return {
        "siret": declared.siret,
        "mesure": declared.asp_measure,
        "personnePhysique": _person(declared, referentials),
        "adresse": _address(fields),
        "situationSalarie": _situation(declared, fields.situation),
        "codeTraitement": None,
        "libelleTraitement": None,
    }


def ascii_json(value: dict[str, Any]) -> bytes:
    """The ASP reads ASCII: what the layout did not make so is escaped."""
    encoded = orjson.dumps(value)
    return encoded if encoded.isascii() else json.dumps(value, ensure_ascii=True).encode()


def asp_date(day: date | None) -> str | None:
    # Not ``strftime``: three dates a line, it was a tenth of an export's time.
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else None


def birth_place(fields: AspFields, referentials: AspReferentials) -> dict[str, Any]:
    """``codeComInsee`` (commune and department), ``codeInseePays`` and ``codeGroupePays``."""
    commune = fields.birth_commune
    if commune is None or fields.birth_country not in (None, FRANCE):
        country = referentials.country(fields.birth_country or "")
        assert country is not None  # checked against the referential when given
        # Born abroad, or in an overseas territory the ASP knows as a "country".
        return {
            "codeComInsee": {"codeComInsee": None, "codeDpt": ABROAD},
            "codeInseePays": country.code,
            "codeGroupePays": country.group,
        }
    department = commune[:3] if commune.startswith("97") else "0" + commune[:2]
    return {
        "codeComInsee": {"codeComInsee": commune, "codeDpt": department},
        "codeInseePays": FRANCE,
        "codeGroupePays": "1",
    }


def _person(declared: Declaration, referentials: AspReferentials) -> dict[str, Any]:
    person, fields = declared.person, declared.fields
    assert fields.title is not None
    return {
        "passIae": declared.approval_number,
        "sufPassIae": None,
        "idItou": declared.asp_uid,
        "civilite": str(fields.title),
        "nomUsage": ascii_upper(person.last_name),
        "nomNaissance": None,
        "prenom": cut_on_word(ascii_upper(person.first_name), 30),
        "dateNaissance": asp_date(person.birthdate),
        **birth_place(fields, referentials),
        "passDateDeb": asp_date(declared.pass_start_at),
        "passDateFin": asp_date(declared.pass_end_at),
        "salarieNIR": person.nir or fields.ntt or "",
    }


def _address(fields: AspFields) -> dict[str, Any]:
    complement = fields.address_complement
    return {
        "adrTelephone": None,
        "adrMail": None,
        "adrNumeroVoie": fields.lane_number or None,
        "codeextensionvoie": fields.lane_extension,
        "codetypevoie": fields.lane_type or "LD",
        "adrLibelleVoie": ascii_upper((fields.lane_name or "").translate(_NO_PARENTHESES))[:120],
        "adrCpltDistribution": complement if complement and _COMPLEMENT.match(complement) else None,
        "codeinseecom": fields.address_commune,
        "codepostalcedex": fields.address_postal_code,
    }


def _situation(declared: Declaration, situation: Situation) -> dict[str, Any]:
    fields, person = declared.fields, declared.person
    eiti = declared.asp_measure == EITI
    return {
        "orienteur": fields.orienteur,
        "niveauFormation": fields.education_level,
        "salarieEnEmploi": situation.employed,
        "salarieTypeEmployeur": situation.employer_type if situation.employed else None,
        "salarieSansEmploiDepuis": situation.unemployed_since,
        "salarieSansRessource": situation.without_resources,
        "inscritPoleEmploi": situation.france_travail_registered,
        "inscritPoleEmploiDepuis": situation.france_travail_since,
        "numeroIDE": person.france_travail_id if situation.france_travail_registered else None,
        "salarieRQTH": situation.rqth,
        "salarieOETH": situation.oeth and not eiti,
        "salarieAideSociale": situation.social_aid,
        "salarieBenefRSA": str(situation.rsa),
        "salarieBenefRSADepuis": situation.rsa_since,
        "salarieBenefASS": situation.ass_since is not None,
        "salarieBenefASSDepuis": situation.ass_since,
        "salarieBenefAAH": situation.aah_since is not None,
        "salarieBenefAAHDepuis": situation.aah_since,
        "salarieBenefATA": False,
        "salarieBenefATADepuis": None,
        **_INDEPENDENT_WORKER[eiti],
        "salarieSortantASE": situation.care_leaver,
        "salarieParentIsole": situation.single_parent,
        "salarieHebergement": situation.housing_difficulty,
        "salarieRefugie": situation.refugee,
        "salarieSortantDetention": situation.prison_leaver,
        "salarieLangueFrancaise": situation.french_language_difficulty,
        "salarieMobilite": situation.mobility_difficulty,
    }


def _independent_worker(eiti: bool) -> dict[str, Any]:
    # Tremplin does not collect the EITI-only fields yet: an EITI gets the
    # ASP's neutral values, the other kinds null (ASP.md §1.3, §1.4).
    return {
        "salarieBenefARE": False if eiti else None,
        "salarieBenefAREDepuis": None,
        "salarieBenefPrimeActivite": False if eiti else None,
        "salarieBenefPrimeActiviteDepuis": None,
        "salarieBenefCAPE": False if eiti else None,
        "salarieBenefCESA": False if eiti else None,
        "nomActeurCreationEntr": "INCONNU" if eiti else None,
        "revenuMensuelMoyenTI": "0,0" if eiti else None,
        "cotisationsTI": "06" if eiti else None,
    }


_INDEPENDENT_WORKER = {eiti: _independent_worker(eiti) for eiti in (False, True)}


def _version() -> str:
    # What a rendering depends on besides the declaration: this module, the
    # text rules it applies and the referentials' codes (countries).
    here = Path(__file__).parent
    sources = [here / "layout.py", Path(asp_text.__file__), here / "data" / "asp_referentials.json"]
    return hashlib.sha256(b"\0".join(path.read_bytes() for path in sources)).hexdigest()[:16]


_VERSION = _version()
