import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2PasswordHasher:
    """argon2id hashes; the slow work runs in a thread, off the event loop."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        # Verified when the account is unknown, so that it costs the same time.
        self._decoy = self._hasher.hash("decoy password that matches nothing")

    async def hash(self, secret: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, secret)

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        return await anyio.to_thread.run_sync(self._verify, stored_hash, secret)

    def _verify(self, stored_hash: str | None, secret: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._decoy, secret) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False
