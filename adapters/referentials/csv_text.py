"""The lines of an operator's CSV file, decoded one by one so that an encoding
error names its line."""

from collections.abc import Iterator
from typing import BinaryIO

from adapters.referentials.siae_file import MalformedFile


def utf8_lines(file: BinaryIO) -> Iterator[str]:
    for number, raw in enumerate(file, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise MalformedFile(f"line {number}: not UTF-8 text (save the file as UTF-8)") from None
