"""OpenAPI declarations of the problems a route returns, naming the rules behind each status."""

from typing import Any

from api.http.errors import PROBLEM_BASE
from api.http.schemas.common import problems
from domain.errors import DomainError


def documented(statuses: tuple[int, ...], rules: dict[int, list[type[DomainError]]]) -> dict[int | str, Any]:
    """The problems of a route, with the ``type`` of each rule it may break."""
    responses = problems(*statuses)
    for code, errors in rules.items():
        types = ", ".join(f"`{PROBLEM_BASE}{error.code}` ({error.title})" for error in errors)
        responses[code] = {**responses[code], "description": f"Problem types: {types}"}
    return responses
