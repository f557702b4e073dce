from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as stdnum_siret


def _valid_siret(value: str) -> str:
    try:
        return str(stdnum_siret.validate(value))
    except StdnumError as error:
        raise ValueError(f"invalid SIRET: {error}") from None


Siret = Annotated[
    str,
    Field(examples=["73282932000074"], description="14-digit SIRET, checksum verified"),
    AfterValidator(_valid_siret),
]
Password = Annotated[str, Field(min_length=10, max_length=128, examples=["demo-password"])]
Name = Annotated[str, Field(min_length=1, max_length=150)]
Email = Annotated[EmailStr, Field(max_length=254, examples=["camille.martin@example.org"])]


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
