"""The installed package (the Docker image installs it, not the checkout)
carries every template and static file of the pages, and the vendored files'
licences beside them."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "api" / "web"


@pytest.mark.timeout(300)
def test_the_wheel_holds_every_page_file_and_the_vendored_licences(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("tremplin-*.whl")
    packaged = set(zipfile.ZipFile(wheel).namelist())

    expected = {
        str(path.relative_to(REPO))
        for folder in (WEB / "static", WEB / "templates")
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected - packaged == set()
    vendored = [p for p in (WEB / "static" / "vendor").iterdir() if p.is_dir()]
    assert vendored and all((folder / "LICENSE").is_file() for folder in vendored)
