"""Every change made to a job seeker's profile, kept: who, when, which field,
the value before and after (for the NIR only that it changed)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.identity.principal import Principal
from domain.job_seekers.job_seekers import FieldChange
from domain.ports.system import IdGenerator

# The NIR is processed only for what the décret « NIR » allows: an old one
# has no use once replaced, and a history holding it would be one more copy.
UNKEPT_VALUES = frozenset({"nir"})


@dataclass(slots=True, frozen=True)
class ChangeAuthor:
    """Who made a change: a person or a partner application, and the structure
    he acted for (none for the job seeker himself and for staff)."""

    kind: str  # the principal's kind: job_seeker, prescriber, employer, staff
    user_id: UUID | None
    client_id: UUID | None
    organisation_id: UUID | None
    company_id: UUID | None

    @classmethod
    def of(cls, actor: Principal) -> "ChangeAuthor":
        return cls(
            kind=str(actor.kind),
            user_id=actor.user_id,
            client_id=actor.client_id,
            organisation_id=actor.organisation_id,
            company_id=actor.company_id,
        )


@dataclass(slots=True, frozen=True)
class JobSeekerChange:
    id: UUID
    job_seeker_id: UUID
    at: datetime
    field: str
    old_value: str | None  # None for a field that was empty, and always for the NIR
    new_value: str | None
    by: ChangeAuthor

    @property
    def values_kept(self) -> bool:
        return self.field not in UNKEPT_VALUES


def changes_to_keep(
    changes: Sequence[FieldChange], *, job_seeker_id: UUID, actor: Principal, at: datetime, ids: IdGenerator
) -> list[JobSeekerChange]:
    """The history entries of an edit's changes."""
    by = ChangeAuthor.of(actor)
    return [
        JobSeekerChange(
            id=ids.new_id(),
            job_seeker_id=job_seeker_id,
            at=at,
            field=change.field,
            old_value=None if change.field in UNKEPT_VALUES else _as_text(change.old),
            new_value=None if change.field in UNKEPT_VALUES else _as_text(change.new),
            by=by,
        )
        for change in changes
    ]


def _as_text(value: object) -> str | None:
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return ",".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
