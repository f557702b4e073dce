"""Building the batch files and the transport from the ASP settings."""

from dataclasses import dataclass
from pathlib import Path

from adapters.asp.batch_files import LocalAspBatchFiles
from adapters.asp.transports import LocalAspTransport, SftpAspTransport, parse_sftp_url
from domain.ports.system import AspTransport


@dataclass(frozen=True, slots=True)
class AspExchange:
    files: LocalAspBatchFiles
    transport: AspTransport


def asp_exchange(
    *,
    directory: Path,
    sftp_url: str | None,
    key_file: Path | None,
    known_hosts: Path | None,
) -> AspExchange:
    """SFTP when ``sftp_url`` is set, else the ``depot/`` and ``retrait/`` folders of ``directory``."""
    files = LocalAspBatchFiles(directory)
    if sftp_url is None:
        return AspExchange(files, LocalAspTransport(directory))
    if key_file is None:
        raise ValueError("TREMPLIN_ASP_SFTP_KEY_FILE is required with TREMPLIN_ASP_SFTP_URL")
    endpoint = parse_sftp_url(sftp_url)
    return AspExchange(
        files, SftpAspTransport(endpoint, key_file=key_file, known_hosts=known_hosts, local_dir=directory)
    )
