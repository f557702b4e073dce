"""The SFTP transport against a real server on loopback: the legacy RSA
signatures the ASP's server demands (ASP.md §1.5), and the refusals that keep
a batch file from reaching anyone but the ASP."""

from pathlib import Path

import asyncssh
import pytest

from adapters.errors import Unavailable
from tests.integration.asp_sftp_server import an_asp_server

pytestmark = pytest.mark.anyio

BATCH = "RIAE_FS_20261207090000.json"


def a_batch_file(tmp_path: Path) -> Path:
    local = tmp_path / "asp"
    local.mkdir()
    (local / BATCH).write_text('{"lignesTelechargement": []}')
    return local


async def test_a_server_taking_only_legacy_ssh_rsa_signatures_gets_the_file_and_gives_its_answers(
    tmp_path: Path,
) -> None:
    local = a_batch_file(tmp_path)
    async with an_asp_server(tmp_path, local, key_type="ssh-rsa", signature_algs=["ssh-rsa"]) as server:
        answer = server.root / "retrait" / BATCH.replace(".json", "_FichierRetour.json")
        answer.write_text("{}")

        await server.transport.upload(BATCH)
        listed = await server.transport.feedback_files()
        downloaded = await server.transport.download(answer.name)
        await server.transport.delete(answer.name)

    assert (server.depot / BATCH).read_bytes() == (local / BATCH).read_bytes()
    assert (listed, downloaded, answer.exists()) == ([answer.name], b"{}", False)


async def test_a_server_whose_host_key_is_not_the_known_one_gets_nothing(tmp_path: Path) -> None:
    local = a_batch_file(tmp_path)
    async with an_asp_server(tmp_path, local) as server:
        known_hosts = tmp_path / "known_hosts"
        port_pattern = known_hosts.read_text().split(" ", 1)[0]
        impostor = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
        known_hosts.write_text(f"{port_pattern} {impostor}")

        with pytest.raises(Unavailable):
            await server.transport.upload(BATCH)

    assert list(server.depot.iterdir()) == []


async def test_a_client_key_the_server_does_not_know_is_refused(tmp_path: Path) -> None:
    local = a_batch_file(tmp_path)
    async with an_asp_server(tmp_path, local) as server:
        asyncssh.generate_private_key("ssh-ed25519").write_private_key(tmp_path / "asp_client_key")

        with pytest.raises(Unavailable):
            await server.transport.upload(BATCH)

    assert list(server.depot.iterdir()) == []
