"""The dependency rule (api → domain ← adapters) is the import-linter
contracts of pyproject.toml; a violation fails here rather than in review."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("domain", "api", "adapters", "migrations")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_code_keeps_the_dependency_rule() -> None:
    result = lint_imports(REPO)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "statement", "contract"),
    [
        ("domain/errors.py", "import sqlalchemy", "The domain is plain Python"),
        ("api/http/routers/health.py", "import adapters.db.engine", "The HTTP layer reaches adapters only"),
        ("adapters/clock.py", "import fastapi", "Adapters do not depend on the HTTP layer"),
        ("adapters/db/engine.py", "import adapters.security.passwords", "Adapter packages are independent"),
        ("api/web/routes/public.py", "import api.http.deps", "The web pages and the HTTP API do not import"),
        ("api/http/routers/health.py", "import api.web.rendering", "The web pages and the HTTP API do not import"),
        ("api/web/routes/inbox.py", "import adapters.db.tables", "The web pages reach no adapter"),
        ("api/web/sessions.py", "import adapters.db.repositories.web_sessions", "The web pages reach no adapter"),
    ],
    ids=[
        "domain-imports-a-framework",
        "router-imports-an-adapter",
        "adapter-imports-http",
        "adapter-imports-adapter",
        "page-imports-the-api",
        "api-imports-a-page",
        "page-imports-a-table",
        "page-imports-a-repository",
    ],
)
def test_an_import_against_the_rule_breaks_a_contract(
    tmp_path: Path, module: str, statement: str, contract: str
) -> None:
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    with (tmp_path / module).open("a") as source:
        source.write(f"\n{statement}  # a violation planted by the test\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken
    assert module.removesuffix(".py").replace("/", ".") in broken


def _one_module_per_domain_area() -> list[str]:
    areas = sorted(p for p in (REPO / "domain").iterdir() if p.is_dir() and p.name != "__pycache__")
    return [str(min(area.glob("*.py"), key=lambda f: f.name == "__init__.py").relative_to(REPO)) for area in areas]


def test_every_domain_area_is_under_the_plain_python_contract(tmp_path: Path) -> None:
    planted = _one_module_per_domain_area()
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    for module in planted:
        with (tmp_path / module).open("a") as source:
            source.write("\nimport sqlalchemy  # a violation planted by the test\n")

    result = lint_imports(tmp_path)

    broken = result.stdout.split("Broken contracts", 1)[-1]
    hidden = [m for m in planted if m.removesuffix(".py").replace("/", ".") + " -> sqlalchemy" not in broken]
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(planted) >= 15
    assert hidden == [], broken
