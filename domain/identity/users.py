from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class UserKind(StrEnum):
    JOB_SEEKER = "job_seeker"
    PRESCRIBER = "prescriber"
    EMPLOYER = "employer"
    STAFF = "staff"


@dataclass(slots=True)
class User:
    id: UUID
    kind: UserKind
    email: str
    first_name: str
    last_name: str
    password_hash: str | None
    created_at: datetime
    is_active: bool = True
    # None until the person follows the link emailed to him: no token before that.
    email_confirmed_at: datetime | None = None

    def __post_init__(self) -> None:
        self.email = normalise_email(self.email)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def confirm_email(self, *, at: datetime) -> None:
        if self.email_confirmed_at is None:
            self.email_confirmed_at = at

    def reset_password(self, *, password_hash: str, at: datetime) -> None:
        """A new password through a link sent to the address: following it
        proves the address too."""
        self.password_hash = password_hash
        self.confirm_email(at=at)


def normalise_email(email: str) -> str:
    # Addresses are compared case-insensitively: one person, one account.
    return email.strip().lower()
