"""Communes in memory: lookup by INSEE code, prefix search on names and postal codes."""

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterable

from adapters.referentials.folding import fold
from domain.referentials.communes import Commune

_ARTICLES = ("l", "le", "la", "les")
# What people type for the saints that start a tenth of commune names.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
_END = "\uffff"  # sorts after every folded key, so [key, key + _END) is a prefix range
_BROAD, _TOP = 1000, 50


class PrefixIndex:
    """Keys sorted once; a prefix query is two bisections over them."""

    def __init__(self, entries: Iterable[tuple[str, int]]) -> None:
        pairs = sorted(set(entries))
        self._keys = [key for key, _ in pairs]
        self._ids = [index for _, index in pairs]

    def starting_with(self, prefix: str) -> list[int]:
        start, stop = self._range(prefix)
        return self._ids[start:stop]

    def count(self, prefix: str) -> int:
        start, stop = self._range(prefix)
        return stop - start

    def _range(self, prefix: str) -> tuple[int, int]:
        start = bisect_left(self._keys, prefix)
        return start, bisect_left(self._keys, prefix + _END, lo=start)


class InMemoryCommuneReferential:
    def __init__(self, communes: Iterable[Commune]) -> None:
        self._communes = list(communes)
        self._by_code = {commune.insee_code: commune for commune in self._communes}
        self._folded_names = [fold(commune.name) for commune in self._communes]
        self._names = PrefixIndex(
            (key, position) for position, name in enumerate(self._folded_names) for key in _name_keys(name)
        )
        self._postal_codes = PrefixIndex(
            (code, position) for position, commune in enumerate(self._communes) for code in commune.postal_codes
        )
        self._top: dict[frozenset[str], list[int]] = {}

    def get(self, insee_code: str) -> Commune | None:
        return self._by_code.get(insee_code)

    def search(self, query: str, limit: int) -> list[Commune]:
        digits = query.replace(" ", "")
        if digits.isdigit():
            return self._search(
                self._postal_codes,
                {digits},
                limit,
                exact=lambda position: digits in self._communes[position].postal_codes,
            )
        key = fold(query)
        if not key:
            return []
        variants = _variants(key)
        return self._search(
            self._names, variants, limit, exact=lambda position: self._folded_names[position] in variants
        )

    def _search(
        self, index: PrefixIndex, prefixes: set[str], limit: int, *, exact: Callable[[int], bool]
    ) -> list[Commune]:
        # A prefix like "sa" matches thousands of keys: rank those once, keep the top.
        if limit <= _TOP and sum(index.count(prefix) for prefix in prefixes) > _BROAD:
            cache_key = frozenset(prefixes)
            if cache_key not in self._top:
                self._top[cache_key] = self._ranked(index, prefixes, _TOP, exact=exact)
            found = self._top[cache_key][:limit]
        else:
            found = self._ranked(index, prefixes, limit, exact=exact)
        return [self._communes[position] for position in found]

    def _ranked(self, index: PrefixIndex, prefixes: set[str], limit: int, *, exact: Callable[[int], bool]) -> list[int]:
        """Exact matches first, then by population (largest first), then by name."""
        positions = {position for prefix in prefixes for position in index.starting_with(prefix)}

        def rank(position: int) -> tuple[bool, int, str, str]:
            commune = self._communes[position]
            return (not exact(position), -commune.population, commune.name, commune.insee_code)

        return heapq.nsmallest(limit, positions, key=rank)


def _name_keys(key: str) -> set[str]:
    """The folded name, and without its article ("Le Havre" is found by "havre" too)."""
    article, _, rest = key.partition(" ")
    return {key, rest} if article in _ARTICLES and rest else {key}


def _variants(query: str) -> set[str]:
    """The query, and with "st"/"ste" spelt out when a word follows them."""
    words = query.split(" ")
    spelt = [_ABBREVIATIONS.get(word, word) for word in words[:-1]] + words[-1:]
    return {query, " ".join(spelt)}
