"""The domain's error hierarchy.

Each concrete error carries a stable ``code`` (the last segment of the problem
``type`` URI), a French ``title`` for people, and a ``detail``. The HTTP layer
maps the five bases to status codes once; nothing else decides a status.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True, frozen=True)
class FieldError:
    """One invalid input: a JSON pointer into the request and a message."""

    pointer: str
    message: str


class DomainError(Exception):
    code = "domain-error"
    title = "Erreur"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.extra = extra or {}


class NotFound(DomainError):
    code = "not-found"
    title = "Ressource introuvable"


class Forbidden(DomainError):
    code = "forbidden"
    title = "Action non autorisée"


class Unauthenticated(DomainError):
    code = "unauthenticated"
    title = "Authentification requise"


class Conflict(DomainError):
    code = "conflict"
    title = "Conflit avec l'état actuel"


class RuleViolation(DomainError):
    code = "rule-violation"
    title = "Règle métier non respectée"


class InvalidInput(DomainError):
    code = "invalid-input"
    title = "Requête invalide"


class TooManyAttempts(DomainError):
    code = "too-many-attempts"
    title = "Trop de tentatives"

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        super().__init__(detail, extra={"retry_after_s": retry_after_s})
        self.retry_after_s = retry_after_s


class AlreadyRunning(Conflict):
    """A job that must not overlap itself is already running elsewhere."""

    code = "already-running"
    title = "Traitement déjà en cours"
