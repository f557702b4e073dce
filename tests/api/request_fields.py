"""Every str and date a route reads from a request, found by walking its
dependencies (path, query, header parameters and bodies, down to the fields
of nested models), with the validators its type carries."""

import types
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import AfterValidator, BaseModel, EmailStr

from api.http.schemas.common import free_text, plausible_date, single_line

TEXT_CHECKS = (single_line, free_text)
# Types whose values hold no text and no date: nothing to check.
UNCONSTRAINED = (type(None), bool, int, float, UUID)


@dataclass(frozen=True, slots=True)
class Unchecked:
    """A request field whose type is not one of the checked types of common.py."""

    where: str
    kind: str  # "text", "date", or the type the walk does not know


def unchecked_fields(app: FastAPI) -> list[Unchecked]:
    return [
        found
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        for found in _in_dependant(route.dependant, f"{','.join(sorted(route.methods or ()))} {route.path}")
    ]


def _in_dependant(dependant: Dependant, where: str) -> Iterator[Unchecked]:
    for location, params in (
        ("path", dependant.path_params),
        ("query", dependant.query_params),
        ("header", dependant.header_params),
        ("cookie", dependant.cookie_params),
        ("body", dependant.body_params),
    ):
        for param in params:
            info = param.field_info
            yield from _in_type(info.annotation, list(info.metadata), f"{where} {location}:{param.name}")
    for sub in dependant.dependencies:
        yield from _in_dependant(sub, where)


def _in_type(annotation: Any, metadata: list[Any], where: str) -> Iterator[Unchecked]:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        yield from _in_type(args[0], [*metadata, *args[1:]], where)
    elif origin in (Union, types.UnionType):
        for arg in args:
            yield from _in_type(arg, metadata, where)
    elif origin in (list, set, frozenset, tuple, dict):
        for arg in args:
            yield from _in_type(arg, [], f"{where}[]")
    elif origin is Literal or annotation in UNCONSTRAINED or _is_enum(annotation):
        return
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            yield from _in_type(field.annotation, list(field.metadata), f"{where}/{name}")
    elif annotation in (str, EmailStr):
        if not _checked_by(metadata, TEXT_CHECKS):
            yield Unchecked(where, "text")
    elif annotation in (date, datetime):
        if not _checked_by(metadata, (plausible_date,)):
            yield Unchecked(where, "date")
    else:
        yield Unchecked(where, f"type {annotation!r}")


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


def _checked_by(metadata: list[Any], checks: tuple[Any, ...]) -> bool:
    return any(isinstance(m, AfterValidator) and m.func in checks for m in metadata)
