"""Checking the ASP fields against the ASP referentials, and what a record
still lacks before it may be declared ready (ASP.md §1.2, §1.4)."""

import re
from collections.abc import Callable
from datetime import date

from domain.employee_records.asp_fields import FRANCE, AspFields, Situation
from domain.employee_records.asp_text import ascii_upper
from domain.employee_records.referentials import AspCodeList
from domain.errors import FieldError, RuleViolation
from domain.ports.asp import AspReferentials

_LANE_NUMBER = re.compile(r"^[0-9]{1,10}$")
_LANE_NAME = re.compile(r"^[A-Z0-9 '\-]{1,120}$")
_COMPLEMENT = re.compile(r"^[a-zA-Z0-9@ ]{0,32}$")
_POSTAL_CODE = re.compile(r"^[0-9]{5}$")
_NTT = re.compile(r"^[12][0-9]{9}[0-9a-zA-Z]{1,30}$")
# Overseas collectivities whose communes the ASP only knows as "countries".
_COLLECTIVITIES = ("975", "977", "978", "984", "986", "987", "988", "989")


class InvalidAspField(RuleViolation):
    code = "invalid-asp-field"
    title = "Champ refusé par les référentiels de l'ASP"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(f"{len(errors)} champ(s) refusé(s) par les référentiels de l'ASP.", errors=errors)


class RecordIncomplete(RuleViolation):
    code = "employee-record-incomplete"
    title = "Fiche salarié incomplète"


def check_fields(
    fields: AspFields, *, referentials: AspReferentials, measure: str, birthdate: date | None
) -> list[FieldError]:
    """Every given field that the ASP would refuse, with a pointer to it."""
    errors: list[FieldError] = []

    def refuse(name: str, message: str) -> None:
        errors.append(FieldError(f"/{name}", message))

    def coded(name: str, value: str | None, codes: AspCodeList, label: str) -> None:
        if value is not None and not referentials.has(codes, value, measure=measure):
            refuse(name, f"{label} « {value} » inconnu de l'ASP pour la mesure {measure}.")

    _check_birth_place(fields, referentials, birthdate, refuse)
    if fields.lane_number is not None and not _LANE_NUMBER.match(fields.lane_number):
        refuse("lane_number", "Le numéro de voie est fait de 1 à 10 chiffres (l'extension B, T, Q, C à part).")
    coded("lane_extension", fields.lane_extension, AspCodeList.LANE_EXTENSION, "Extension de voie")
    coded("lane_type", fields.lane_type, AspCodeList.LANE_TYPE, "Type de voie")
    # Parentheses are dropped when sent (ASP.md §1.4), so they are no reason to refuse.
    if fields.lane_name is not None and not _LANE_NAME.match(ascii_upper(re.sub(r"[()]", "", fields.lane_name))):
        refuse("lane_name", "Le libellé de voie : lettres, chiffres, espaces, apostrophes et tirets, 120 au plus.")
    if fields.address_complement is not None and not _COMPLEMENT.match(fields.address_complement):
        refuse(
            "address_complement", "Le complément d'adresse : lettres sans accent, chiffres, @ et espaces, 32 au plus."
        )
    if fields.address_commune is not None and not referentials.commune_exists(fields.address_commune):
        refuse("address_commune", f"La commune {fields.address_commune} est inconnue de l'ASP.")
    if fields.address_postal_code is not None and not _POSTAL_CODE.match(fields.address_postal_code):
        refuse("address_postal_code", "Le code postal est fait de 5 chiffres.")
    coded("education_level", fields.education_level, AspCodeList.EDUCATION_LEVEL, "Niveau de formation")
    coded("orienteur", fields.orienteur, AspCodeList.ORIENTEUR, "Code orienteur")
    if fields.situation is not None:
        errors += _situation_errors(fields.situation, referentials, measure)
    if fields.ntt is not None and not _NTT.match(fields.ntt):
        refuse("ntt", "Le NTT commence par 1 ou 2, suivi de 9 chiffres puis de 1 à 30 lettres ou chiffres.")
    return errors


def _check_birth_place(
    fields: AspFields, referentials: AspReferentials, birthdate: date | None, refuse: Callable[[str, str], None]
) -> None:
    commune, country = fields.birth_commune, fields.birth_country
    if commune is not None:
        if commune.startswith(_COLLECTIVITIES):
            refuse("birth_commune", "Pour une naissance dans une collectivité d'outre-mer, choisissez-la comme pays.")
        elif not referentials.commune_exists(commune, on=birthdate):
            refuse("birth_commune", f"La commune {commune} est inconnue de l'ASP à la date de naissance.")
        if country not in (None, FRANCE):
            refuse("birth_country", "Une commune de naissance en France va avec le pays 100 (France).")
    if country is not None and referentials.country(country) is None:
        refuse("birth_country", f"Le pays {country} est inconnu de l'ASP.")


def _situation_errors(situation: Situation, referentials: AspReferentials, measure: str) -> list[FieldError]:
    errors = []
    if situation.employed != (situation.employer_type is not None):
        errors.append(
            FieldError(
                "/situation/employer_type",
                "Le type d'employeur se donne si, et seulement si, la personne était en emploi.",
            )
        )
    elif situation.employer_type and not referentials.has(
        AspCodeList.EMPLOYER_TYPE, situation.employer_type, measure=measure
    ):
        errors.append(
            FieldError("/situation/employer_type", f"Type d'employeur « {situation.employer_type} » inconnu de l'ASP.")
        )
    if situation.france_travail_registered != (situation.france_travail_since is not None):
        errors.append(
            FieldError(
                "/situation/france_travail_since", "La durée d'inscription à France Travail va avec l'inscription."
            )
        )
    durations = ("unemployed_since", "france_travail_since", "rsa_since", "ass_since", "aah_since")
    for name in durations:
        value = getattr(situation, name)
        if value is not None and not referentials.has(AspCodeList.DURATION, value, measure=measure):
            errors.append(
                FieldError(
                    f"/situation/{name}",
                    "Une durée ASP est 01 (< 6 mois), 02 (6 à 11), 03 (12 à 23) ou 04 (24 et plus).",
                )
            )
    if (situation.rsa_since is not None) == (situation.rsa.value == "NON"):
        errors.append(
            FieldError("/situation/rsa_since", "La durée du RSA se donne si, et seulement si, la personne le perçoit.")
        )
    return errors


def missing_fields(fields: AspFields, *, birthdate: date | None, nir: str | None) -> list[str]:
    """The names of what the ASP requires and the record (or the person) lacks."""
    missing = [
        name
        for name in (
            "title",
            "lane_type",
            "lane_name",
            "address_commune",
            "address_postal_code",
            "education_level",
            "orienteur",
            "situation",
        )
        if getattr(fields, name) is None
    ]
    if fields.birth_country is None and fields.birth_commune is None:
        missing.append("birth_country")
    elif fields.birth_country in (None, FRANCE) and fields.birth_commune is None:
        missing.append("birth_commune")
    if birthdate is None:
        missing.append("job_seeker.birthdate")
    if nir is None and fields.ntt is None:
        missing.append("ntt")  # or the job seeker's NIR
    return missing
