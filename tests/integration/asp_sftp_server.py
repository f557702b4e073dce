"""A real SFTP server (asyncssh) on loopback, with key authentication, standing
for the ASP's: ``depot/`` receives batch files, ``retrait/`` holds answers."""

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncssh
import jsonschema

from adapters.asp.transports import SftpAspTransport, SftpEndpoint

SCHEMA = Path(__file__).parents[2] / "adapters" / "asp" / "schema" / "riae_fs.schema.json"


@dataclass(slots=True, frozen=True)
class AspServer:
    root: Path
    transport: SftpAspTransport

    @property
    def depot(self) -> Path:
        return self.root / "depot"

    def answer(self, batch_file: str, codes: list[str]) -> str:
        """Drop the ASP's feedback file to a batch: one code per line, in order."""
        batch = json.loads((self.depot / batch_file).read_text())
        for line, code in zip(batch["lignesTelechargement"], codes, strict=True):
            line["codeTraitement"], line["libelleTraitement"] = code, f"Libellé ASP {code}"
        name = batch_file.removesuffix(".json") + "_FichierRetour.json"
        (self.root / "retrait" / name).write_text(json.dumps(batch))
        return name


@asynccontextmanager
async def an_asp_server(
    tmp_path: Path, local_dir: Path, *, key_type: str = "ssh-ed25519", signature_algs: Sequence[str] = ()
) -> AsyncIterator[AspServer]:
    """An SFTP server on loopback holding ``depot/`` and ``retrait/``, that
    knows one client key (its file: ``tmp_path / "asp_client_key"``) and whose
    host key is in ``tmp_path / "known_hosts"``; ``signature_algs`` limits the
    signatures it accepts (asyncssh's defaults when empty)."""
    root = tmp_path / "asp-server"
    (root / "depot").mkdir(parents=True)
    (root / "retrait").mkdir()
    host_key = asyncssh.generate_private_key(key_type)
    client_key = asyncssh.generate_private_key(key_type)
    key_file = tmp_path / "asp_client_key"
    client_key.write_private_key(key_file)
    authorized = tmp_path / "authorized_keys"
    client_key.write_public_key(authorized)
    server = await asyncssh.listen(
        "127.0.0.1",
        0,
        server_host_keys=[host_key],
        authorized_client_keys=str(authorized),
        sftp_factory=lambda channel: asyncssh.SFTPServer(channel, chroot=str(root).encode()),
        allow_scp=False,
        signature_algs=signature_algs,
    )
    port = server.sockets[0].getsockname()[1]
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{port} {host_key.export_public_key().decode()}")
    transport = SftpAspTransport(
        SftpEndpoint("127.0.0.1", port, "tremplin"), key_file=key_file, known_hosts=known_hosts, local_dir=local_dir
    )
    try:
        yield AspServer(root, transport)
    finally:
        server.close()
        await server.wait_closed()


def validate_batch_file(path: Path) -> dict[str, object]:
    """The file parsed, after checking it against the project's JSON Schema of the ASP layout."""
    content: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(content, json.loads(SCHEMA.read_text()), cls=jsonschema.Draft202012Validator)
    return content
