import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field
from pydantic_core import PydanticCustomError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as stdnum_siret

from domain.dates import EARLIEST, LATEST, is_plausible

# C0, DEL and C1 controls, and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_TAB_AND_NEWLINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def single_line(text: str) -> str:
    """Names, emails, titles and codes hold no control character at all: a CR
    LF in a name that an email quotes would start a header of its own, and
    PostgreSQL refuses a NUL that SQLite would store."""
    return _without(_CONTROL, text)


def free_text(text: str) -> str:
    """Messages, descriptions and answers keep tabs and newlines only. CR LF
    (how browsers send the lines of a textarea) becomes LF; any other CR is refused."""
    return _without(_CONTROL_BUT_TAB_AND_NEWLINE, text.replace("\r\n", "\n"))


def holds_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _without(control: re.Pattern[str], text: str) -> str:
    found = control.search(text)
    if found is not None:
        raise PydanticCustomError(
            "control_character",
            "must not hold control characters (U+{code} at position {position})",
            {"code": f"{ord(found.group()):04X}", "position": found.start()},
        )
    return text


def plausible_date(day: date) -> date:
    if not is_plausible(day):
        raise PydanticCustomError(
            "implausible_date",
            "must be between {earliest} and {latest}",
            {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return day


# Every str and date a request carries (body, query, path, header) is one of
# these types; tests/api/test_input_types.py walks the routes to keep it so.
Line = Annotated[str, AfterValidator(single_line)]  # a title, a label, a search
Code = Annotated[str, AfterValidator(single_line)]  # an identifier, a referential code, a cursor
FreeText = Annotated[str, AfterValidator(free_text)]  # a message, a description, an answer
PlausibleDate = Annotated[date, AfterValidator(plausible_date)]


def _valid_siret(value: str) -> str:
    try:
        return str(stdnum_siret.validate(value))
    except StdnumError as error:
        raise ValueError(f"invalid SIRET: {error}") from None


Siret = Annotated[
    Code,
    Field(examples=["73282932000074"], description="14-digit SIRET, checksum verified"),
    AfterValidator(_valid_siret),
]
Password = Annotated[str, Field(min_length=10, max_length=128, examples=["demo-password"]), AfterValidator(single_line)]
Name = Annotated[Line, Field(min_length=1, max_length=150)]
Email = Annotated[EmailStr, Field(max_length=254, examples=["camille.martin@example.org"]), AfterValidator(single_line)]


class Input(BaseModel):
    """Requests refuse unknown fields, so a typo or a field the caller may
    not set (a state, a habilitation) is an error rather than silently lost."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class InvalidFieldOut(BaseModel):
    """One invalid field of a problem: where it is (a JSON pointer into the
    body, or ``/query/<name>``, ``/path/<name>``, ``/header/<name>``) and why."""

    pointer: str = Field(examples=["/hiring_start_at"])
    message: str = Field(examples=["Field required"])


class ProblemOut(BaseModel):
    """An RFC 9457 problem."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["https://tremplin.inclusion.example/problems/not-found"])
    title: str
    status: int
    detail: str
    instance: str
    errors: list[InvalidFieldOut] | None = None


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI response declarations for the problems a route may return."""
    return {status: {"model": ProblemOut, "content": {"application/problem+json": {}}} for status in statuses}


LinkToken = Annotated[
    Code,
    Field(
        min_length=1,
        max_length=128,
        pattern=r"^[A-Za-z0-9_-]+$",
        examples=["q2Vd0lX8bQzP3fJ6sKk1mN9rT4wYh7cE5aU0iO2pLxg"],
        description="The `token` parameter of the emailed link.",
    ),
]
