"""``tremplin serve`` as a process group of its own, that a test may kill with
SIGKILL (uvicorn's supervisor and its workers at once) and start again."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

TREMPLIN = Path(sys.executable).parent / "tremplin"
READY_TIMEOUT_S = 90  # the shared CI machine may be slow to import and seed


@dataclass
class Server:
    env: dict[str, str]
    port: int
    directory: Path
    workers: int = 1
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.directory / "server.log"

    def start(self, *, demo: bool = False) -> None:
        command = [str(TREMPLIN), "serve", "--port", str(self.port), "--workers", str(self.workers)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, *(["--demo"] if demo else [])],
                cwd=self.directory,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(f"tremplin serve exited with {self.process.returncode}:\n{self.log.read_text()}")
            if is_ready(self.base_url):
                return
            time.sleep(0.2)
        pytest.fail(f"tremplin serve not ready after {READY_TIMEOUT_S} s:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL to the whole process group: no shutdown, no cleanup, as a crash."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def is_ready(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health/ready", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@contextmanager
def a_server(env: dict[str, str], port: int, directory: Path, *, workers: int = 1) -> Iterator[Server]:
    """A server not started yet; stopped (and its children with it) afterwards."""
    server = Server({**os.environ, "TREMPLIN_DATA_DIR": str(directory / "data"), **env}, port, directory, workers)
    try:
        yield server
    finally:
        server.stop()
