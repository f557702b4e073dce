"""Ports of the asp area."""

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from domain.employee_records.batches import AspBatch, BatchLine, FeedbackLine
from domain.employee_records.declarations import Declaration
from domain.employee_records.referentials import AspCodeList, AspCountry


class AspBatchRepository(Protocol):
    async def get(self, file_name: str) -> AspBatch | None:
        """The batch with this file name, or None."""
        ...

    async def add(self, batch: AspBatch) -> None:
        """Store a new batch; a file name already taken raises ``Conflict``."""
        ...

    async def uploading(self) -> list[AspBatch]:
        """The batches planned but not known to be uploaded, oldest first."""
        ...


class DeclarationFormat(Protocol):
    """A declaration as a line of an ASP batch file holds it, but for the
    line's number and movement type. A ready record keeps its rendering, made
    when it is saved: an export writes lines instead of formatting them."""

    # Changes with whatever changes a rendering (the layout, the ASP
    # referentials): a line kept under another version is rendered again.
    version: str

    def render(self, declaration: Declaration) -> bytes:
        """The declaration's fields in the ASP layout: one JSON object, ASCII."""
        ...


class AspReferentials(Protocol):
    """The ASP's own referentials (communes, countries, codes), in memory."""

    def commune_exists(self, insee_code: str, *, on: date | None = None) -> bool:
        """Whether the ASP knows this commune on ``on`` (today's communes without it)."""
        ...

    def country(self, code: str) -> AspCountry | None:
        """The country with this 3-digit INSEE code, or None."""
        ...

    def has(self, codes: AspCodeList, code: str, *, measure: str) -> bool:
        """Whether ``code`` is a current code of this list for this ASP measure."""
        ...


class AspBatchFiles(Protocol):
    """The batch files in the ASP layout, in the local exchange folder."""

    def is_written(self, file_name: str) -> bool:
        """Whether this batch file was completely written."""
        ...

    async def write(self, file_name: str, lines: Iterable[BatchLine]) -> None:
        """Write a batch file, streamed line by line, made visible only once complete."""
        ...

    def read_feedback(self, content: bytes) -> list[FeedbackLine]:
        """The lines of an ASP feedback file; raises ``MalformedFeedback``."""
        ...
