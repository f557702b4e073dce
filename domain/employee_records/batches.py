"""Batch files exchanged with the ASP: their names, and what a line carries."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

# The ASP's limit (les-emplois ``EmployeeRecordBatch``).
MAX_LINES = 700
_PREFIX = "RIAE_FS_"
_FEEDBACK_SUFFIX = "_FichierRetour.json"


class Movement(StrEnum):
    CREATION = "C"
    UPDATE = "M"


class BatchState(StrEnum):
    # Planned with its lines and committed before the upload: a run that dies
    # before settling it resumes it instead of planning the records again.
    UPLOADING = "uploading"
    UPLOADED = "uploaded"


@dataclass(slots=True)
class AspBatch:
    file_name: str
    movement: Movement
    state: BatchState
    line_count: int
    created_at: datetime
    uploaded_at: datetime | None = None

    def mark_uploaded(self, at: datetime) -> None:
        self.state = BatchState.UPLOADED
        self.uploaded_at = at


@dataclass(slots=True, frozen=True)
class BatchLine:
    number: int  # 1-based
    movement: Movement
    subject_id: UUID  # the record (``C``) or the update notification (``M``) on this line
    declared: bytes  # its declaration, as ``DeclarationFormat.render`` writes it


@dataclass(slots=True, frozen=True)
class FeedbackLine:
    number: int
    movement: Movement
    code: str
    label: str


def batch_file_name(at: datetime) -> str:
    """``RIAE_FS_YYYYMMDDHHMMSS.json`` (UTC): 27 characters, one name per second."""
    return f"{_PREFIX}{at.strftime('%Y%m%d%H%M%S')}.json"


def next_second(at: datetime) -> datetime:
    return at + timedelta(seconds=1)


def is_feedback_file(name: str) -> bool:
    return (
        name.startswith(_PREFIX)
        and name.endswith(_FEEDBACK_SUFFIX)
        and len(name) == len(_PREFIX) + 14 + len(_FEEDBACK_SUFFIX)
    )


def batch_of_feedback(name: str) -> str:
    """The batch file a feedback file answers: ``RIAE_FS_…_FichierRetour.json`` → ``RIAE_FS_….json``."""
    return name.removesuffix(_FEEDBACK_SUFFIX) + ".json"


class MalformedFeedback(Exception):
    """A feedback file that is not in the ASP layout: kept on the server, reported."""
