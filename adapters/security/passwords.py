from functools import cache

import anyio.to_thread
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2PasswordHasher:
    """argon2id hashes; the slow work runs in a thread, off the event loop."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    async def hash(self, secret: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, secret)

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        return await anyio.to_thread.run_sync(self._verify, stored_hash, secret)

    def _verify(self, stored_hash: str | None, secret: str) -> bool:
        # An unknown account is checked against a decoy hash, so that it costs the same time.
        h = self._hasher
        checked = stored_hash or _decoy(h.time_cost, h.memory_cost, h.parallelism, h.hash_len, h.salt_len, h.type)
        try:
            return h.verify(checked, secret) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False


@cache
def _decoy(time_cost: int, memory_cost: int, parallelism: int, hash_len: int, salt_len: int, type_: Type) -> str:
    """One decoy per process and set of parameters: hashing it is the slowest
    part of building an app (a quarter of a second)."""
    hasher = PasswordHasher(time_cost, memory_cost, parallelism, hash_len, salt_len, type=type_)
    return hasher.hash("decoy password that matches nothing")
