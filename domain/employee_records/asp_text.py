"""Text as the ASP accepts it: ASCII, upper case, cut to a length."""

import unicodedata

_LIGATURES = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss"})


def ascii_upper(text: str) -> str:
    """``Bensaïd-Lefèvre`` → ``BENSAID-LEFEVRE``; runs of spaces become one."""
    if text.isascii():  # most names and streets: nothing to decompose
        return " ".join(text.upper().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    plain = decomposed.encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.upper().split())


def cut_on_word(text: str, length: int) -> str:
    """At most ``length`` characters, cut after a whole word when one fits."""
    if len(text) <= length:
        return text
    head = text[: length + 1].rsplit(" ", 1)[0]
    return head if 0 < len(head) <= length else text[:length]
