"""``Idempotency-Key``: a partner may retry a submission without creating a
second candidature. The key is scoped to the caller and kept 24 hours; the
first successful answer is stored in the transaction that made it, and a
retry with the same request gets it back as it was."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import Conflict, FieldError, RuleViolation

KEPT_FOR = timedelta(hours=24)


class IdempotencyKeyReused(RuleViolation):
    code = "idempotency-key-reused"
    title = "Clé d'idempotence déjà utilisée pour une autre requête"


class RequestInProgress(Conflict):
    code = "request-in-progress"
    title = "Requête identique en cours de traitement"


@dataclass(slots=True, frozen=True)
class IdempotentRequest:
    caller: str  # "user:<id>" or "client:<id>"
    key: str
    fingerprint: str  # a hash of what was asked (method, path, body)


@dataclass(slots=True, frozen=True)
class StoredResponse:
    status: int
    body: str


@dataclass(slots=True, frozen=True)
class IdempotencyRecord:
    caller: str
    key: str
    fingerprint: str
    response: StoredResponse
    created_at: datetime

    def is_expired(self, at: datetime) -> bool:
        return at - self.created_at >= KEPT_FOR

    def replay_for(self, request: IdempotentRequest) -> StoredResponse:
        """The stored answer, when the retry asks the same thing."""
        if request.fingerprint != self.fingerprint:
            raise IdempotencyKeyReused(
                "Cette clé Idempotency-Key a déjà servi pour une requête différente ; prenez-en une nouvelle.",
                errors=[FieldError("/header/Idempotency-Key", "already used for another request")],
            )
        return self.response


def in_progress() -> RequestInProgress:
    return RequestInProgress(
        "Une requête avec cette clé Idempotency-Key est en cours ; réessayez dans un instant pour obtenir sa réponse."
    )
