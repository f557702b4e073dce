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

    def __post_init__(self) -> None:
        self.email = normalise_email(self.email)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def normalise_email(email: str) -> str:
    # Addresses are compared case-insensitively: one person, one account.
    return email.strip().lower()
