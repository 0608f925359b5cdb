"""The floors of the code (README, Design): import-linter's contracts hold, and an upward
import breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("acukg", "kg", "ingest", "queries")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` over the packages under ``root``, with ``root``'s pyproject.toml."""
    exe = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(exe), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The packages and pyproject.toml copied to a temporary folder, to be broken there."""
    root = tmp_path_factory.mktemp("floors")
    shutil.copy(ROOT / "pyproject.toml", root)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    return root


def test_the_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.split("Contracts:")[-1].split(",")[0]


@pytest.mark.parametrize(("module", "upward"), [
    ("kg/parse.py", "import queries.shaping"),     # the core reaching up to the queries
    ("kg/build.py", "import ingest.seeds"),        # the core reaching sideways into ingest
    ("ingest/job.py", "import kg.tagging"),        # ingest using more of the core than allowed
    ("queries/claims.py", "import acukg.report"),  # the queries reaching up to the application
])
def test_an_upward_import_breaks_the_contracts(copy, module, upward):
    path = copy / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{upward}  # noqa\n", encoding="utf-8")
    try:
        result = lint_imports(copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and upward.split()[-1] in result.stdout
