"""The form that registers a job seeker, read with the API's input rules
(names, a real email, a phone number, a NIR whose key is right, a commune)."""

import re
from collections.abc import Mapping

from email_validator import EmailNotValidError, validate_email
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import nir as stdnum_nir

from api.web.form_fields import FormErrors, a_date, free_text
from api.web.search_form import commune_code
from domain.job_seekers.job_seekers import JobSeekerDetails
from domain.referentials.bundle import Referentials

FIELDS = ("first_name", "last_name", "birthdate", "email", "phone", "nir", "commune")
_PHONE = re.compile(r"^\+?[0-9 .-]{6,20}$")


def read_job_seeker(
    form: Mapping[str, object], referentials: Referentials
) -> tuple[JobSeekerDetails | None, FormErrors, dict[str, str]]:
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    errors = FormErrors()
    first = _name(values["first_name"], "first_name", errors)
    last = _name(values["last_name"], "last_name", errors)
    birthdate = a_date(values["birthdate"], field="birthdate", errors=errors, required=False)
    commune = None
    if values["commune"]:
        found = commune_code(referentials, values["commune"])
        if found is None:
            errors["commune"] = "Nous ne trouvons pas cette commune. Tapez son nom ou son code postal."
        else:
            commune = found[0]
    details = JobSeekerDetails(
        first_name=first,
        last_name=last,
        birthdate=birthdate,
        email=_email(values["email"], errors),
        phone=_phone(values["phone"], errors),
        nir=_nir(values["nir"], errors),
        commune=commune,
    )
    return (None if errors else details), errors, values


def _name(value: str, field: str, errors: FormErrors) -> str:
    text = free_text(value, field=field, errors=errors, max_length=150)
    if "\n" in text or "\t" in text:
        errors[field] = "Un nom tient sur une ligne."
    if not text:
        errors[field] = "Ce champ est obligatoire."
    return text


def _email(value: str, errors: FormErrors) -> str | None:
    if not value:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors["email"] = "Cette adresse e-mail n'est pas valide. Exemple : prenom.nom@exemple.fr"
        return None


def _phone(value: str, errors: FormErrors) -> str | None:
    if not value:
        return None
    if not _PHONE.fullmatch(value):
        errors["phone"] = "Ce numéro n'est pas valide. Exemple : 06 12 34 56 78"
        return None
    return value


def _nir(value: str, errors: FormErrors) -> str | None:
    if not value:
        return None
    try:
        compact = str(stdnum_nir.validate(value))
    except StdnumError:
        compact = ""
    if not compact or compact[0] not in "123478":
        errors["nir"] = "Ce numéro de sécurité sociale n'est pas valide : vérifiez les 15 chiffres."
        return None
    return compact
