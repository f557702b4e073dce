"""Moving batch files to and from the ASP: its SFTP server (asyncssh, key
authentication), or a local folder standing for it when no server is set."""

import asyncio
import shutil
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from cryptography.utils import CryptographyDeprecationWarning

with warnings.catch_warnings():
    # asyncssh names cryptography's DSA classes at import, each a deprecation
    # warning: fifteen lines on every ``tremplin`` command. DSA keys stay unused.
    warnings.filterwarnings("ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning)
    import asyncssh

from adapters.errors import Unavailable
from domain.employee_records.batches import is_feedback_file

DEPOT, RETRAIT = "depot", "retrait"
T = TypeVar("T")


class LocalAspTransport:
    """``depot/`` and ``retrait/`` under the exchange folder: for development,
    the demo, and an operator who moves the files by hand."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory

    async def upload(self, file_name: str) -> None:
        depot = self._directory / DEPOT
        depot.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(shutil.copyfile, self._directory / file_name, depot / file_name)

    async def feedback_files(self) -> list[str]:
        retrait = self._directory / RETRAIT
        return sorted(p.name for p in retrait.glob("*") if is_feedback_file(p.name)) if retrait.is_dir() else []

    async def download(self, file_name: str) -> bytes:
        return await asyncio.to_thread((self._directory / RETRAIT / file_name).read_bytes)

    async def delete(self, file_name: str) -> None:
        (self._directory / RETRAIT / file_name).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class SftpEndpoint:
    host: str
    port: int
    username: str


def parse_sftp_url(url: str) -> SftpEndpoint:
    parts = urlsplit(url)
    if parts.scheme != "sftp" or not parts.hostname or not parts.username:
        raise ValueError("use sftp://user@host:port")
    return SftpEndpoint(parts.hostname, parts.port or 22, unquote(parts.username))


class SftpAspTransport:
    """The ASP's server: key authentication only, no agent; the host key is
    checked against ``known_hosts`` (``TREMPLIN_ASP_SFTP_KNOWN_HOSTS``, else
    ``~/.ssh/known_hosts``). One connection per call: a run makes a handful."""

    def __init__(
        self,
        endpoint: SftpEndpoint,
        *,
        key_file: Path,
        known_hosts: Path | None,
        local_dir: Path,
        timeout_s: float = 10,
    ) -> None:
        self._endpoint = endpoint
        self._key_file = key_file
        self._known_hosts = known_hosts
        self._local_dir = local_dir
        self._timeout_s = timeout_s

    async def upload(self, file_name: str) -> None:
        # No stat of the remote file: the ASP's depot does not list what it received.
        await self._with_sftp(lambda sftp: sftp.put(str(self._local_dir / file_name), f"{DEPOT}/{file_name}"))

    async def feedback_files(self) -> list[str]:
        names: list[str] = await self._with_sftp(lambda sftp: sftp.listdir(RETRAIT))
        return sorted(name for name in names if is_feedback_file(name))

    async def download(self, file_name: str) -> bytes:
        async def read(sftp: asyncssh.SFTPClient) -> bytes:
            async with sftp.open(f"{RETRAIT}/{file_name}", "rb") as remote:
                content: bytes = await remote.read()
                return content

        result: bytes = await self._with_sftp(read)
        return result

    async def delete(self, file_name: str) -> None:
        await self._with_sftp(lambda sftp: sftp.remove(f"{RETRAIT}/{file_name}"))

    async def _with_sftp(self, work: Callable[[asyncssh.SFTPClient], Awaitable[T]]) -> T:
        try:
            async with asyncio.timeout(self._timeout_s * 6):
                async with (
                    asyncssh.connect(
                        self._endpoint.host,
                        self._endpoint.port,
                        username=self._endpoint.username,
                        client_keys=[str(self._key_file)],
                        known_hosts=str(self._known_hosts) if self._known_hosts else (),
                        agent_path=None,
                        connect_timeout=self._timeout_s,
                    ) as connection,
                    connection.start_sftp_client() as sftp,
                ):
                    return await work(sftp)
        except (OSError, asyncssh.Error, TimeoutError) as error:
            raise Unavailable("asp-sftp") from error
