"""Batch files in the local exchange folder (``TREMPLIN_ASP_DIR``): written
line by line (memory does not grow with the file), made visible by a rename
once complete; and the ASP's feedback files, read."""

import asyncio
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from domain.employee_records.batches import MAX_LINES, BatchLine, FeedbackLine, MalformedFeedback, Movement

_HEAD = b'{"msgInformatif":null,"telId":null,"lignesTelechargement":['
_TAIL = b"]}\n"
_LINES_PER_RUN = 25


class LocalAspBatchFiles:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, file_name: str) -> Path:
        return self.directory / file_name

    def is_written(self, file_name: str) -> bool:
        return self.path(file_name).is_file()

    async def write(self, file_name: str, lines: Iterable[BatchLine]) -> None:
        """Lines are encoded a few at a time, handing the event loop over
        between two runs of them: the exporter plans its next batch meanwhile."""
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self.path(file_name + ".part")
        with partial.open("wb") as out:
            out.write(_HEAD)
            encoded: list[bytes] = []
            for count, line in enumerate(lines, start=1):
                if count > MAX_LINES:
                    raise ValueError(f"an ASP batch holds at most {MAX_LINES} lines")
                head = b'{"numLigne":%d,"typeMouvement":"%s",' % (line.number, line.movement.encode())
                encoded.append(head + line.declared[1:])
                if count % _LINES_PER_RUN == 0:
                    out.write((b"," if count > _LINES_PER_RUN else b"") + b",".join(encoded))
                    encoded.clear()
                    await asyncio.sleep(0)
            if encoded:
                out.write((b"," if count > len(encoded) else b"") + b",".join(encoded))
            out.write(_TAIL)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, self.path(file_name))

    def read_feedback(self, content: bytes) -> list[FeedbackLine]:
        try:
            lines: list[dict[str, Any]] = json.loads(content)["lignesTelechargement"]
            return [
                FeedbackLine(
                    number=int(line["numLigne"]),
                    movement=Movement(line["typeMouvement"]),
                    code=str(line["codeTraitement"]),
                    label=str(line.get("libelleTraitement") or "")[:200],
                )
                for line in lines
            ]
        except (ValueError, KeyError, TypeError) as error:
            raise MalformedFeedback(f"fichier retour illisible : {error}") from None
