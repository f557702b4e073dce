"""A PostgreSQL server of the test's own (initdb + pg_ctl), that the test may
stop and start again on the same port, to see what Tremplin does meanwhile."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.test_serve import a_free_port


def _bin_dir() -> Path | None:
    initdb = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1:]), None)
    return Path(initdb).parent if initdb else None


@dataclass(frozen=True, slots=True)
class PostgresCluster:
    bin_dir: Path
    directory: Path
    port: int
    run_as: list[str]  # runuser prefix when the tests run as root: initdb refuses root

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _pg_ctl(self, *args: str) -> None:
        command = [*self.run_as, str(self.bin_dir / "pg_ctl"), "-D", str(self.directory / "data"), "-w", *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("-o", options, "-l", str(self.directory / "server.log"), "start")

    def stop(self) -> None:
        """A fast shutdown: sessions are ended, as when the server goes down for real."""
        self._pg_ctl("-m", "fast", "stop")


@contextmanager
def a_postgres_cluster() -> Iterator[PostgresCluster]:
    """A fresh cluster on a free loopback port, started; removed afterwards."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries (initdb) on this machine")
    directory = Path(tempfile.mkdtemp(prefix="tremplin-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            postgres = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(directory)
            pytest.skip("running as root, and no 'postgres' user to run initdb as")
        os.chown(directory, postgres.pw_uid, postgres.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    cluster = PostgresCluster(bin_dir, directory, a_free_port(), run_as)
    try:
        subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-D", str(directory / "data"), "-U", "postgres", "-A", "trust", "-N"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        cluster.start()
        yield cluster
    finally:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(directory / "data"), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(directory, ignore_errors=True)
