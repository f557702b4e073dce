"""Search keys: text folded so that accents, case and punctuation do not matter."""

import re
import unicodedata

# Ligatures that Unicode decomposition leaves whole.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_ACCENTS = re.compile(r"[\u0300-\u036f]")  # the combining marks NFKD splits off Latin letters
_WORD = re.compile(r"[0-9a-z]+")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, without accents: "Saint-Étienne" → ["saint", "etienne"]."""
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text.translate(_LIGATURES)))
    return _WORD.findall(text.lower())


def fold(text: str) -> str:
    """``text`` as one search key: its words joined by single spaces."""
    return " ".join(words(text))
