"""Reading the fields of a posted form, with the error to show next to each
one in French; the same input rules as the API (no control characters,
plausible dates)."""

import re
from datetime import date

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


class FormErrors(dict[str, str]):
    """Field name → what is wrong, in words a person understands."""


def free_text(value: object, *, field: str, errors: FormErrors, max_length: int = 5000) -> str:
    text = str(value or "").replace("\r\n", "\n").strip()
    if len(text) > max_length:
        errors[field] = f"Ce texte est trop long : {max_length} caractères au plus."
    elif _CONTROL.search(text):
        errors[field] = "Ce texte contient des caractères invisibles non autorisés. Retapez-le."
    return text


def a_date(value: object, *, field: str, errors: FormErrors, required: bool) -> date | None:
    text = str(value or "").strip()
    if not text:
        if required:
            errors[field] = "Indiquez une date."
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        errors[field] = "Cette date n'est pas valide. Utilisez le calendrier ou le format AAAA-MM-JJ."
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        errors[field] = "Cette date n'est pas plausible."
        return None
    return day


def pointer_field(pointer: str) -> str:
    """The form field a domain error's JSON pointer names (``/hiring_end_at``)."""
    return pointer.rsplit("/", 1)[-1]
