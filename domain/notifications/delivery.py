"""What the dispatcher hands to the renderer and the mailer, and how they fail."""

import hashlib
from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@dataclass(slots=True, frozen=True)
class OutgoingEmail:
    recipient: str
    subject: str
    text: str
    html: str
    idempotency_key: str
    template: str  # named in logs instead of the subject, which may name a person


class RenderingFailed(Exception):
    """A template is missing or its data does not fit it; retrying will not help."""


class DeliveryFailed(Exception):
    """The mail server did not accept the email.

    ``permanent`` when it refused it for good (an SMTP 5xx reply): the message
    is then parked at once instead of being retried."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def message_id_for(idempotency_key: str, domain: str) -> str:
    """The ``Message-ID`` header of the email with this idempotency key: a
    resend after a crash carries the same id, so clients can spot the duplicate."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
    return f"<{digest}@{domain}>"
