"""Layering rules that keep the code base navigable: Qt stays inside ``workstation/ui``."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "workstation"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_qt_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui":
            continue
        for name in _imports(path):
            if name.split(".")[0] in QT_MODULES:
                offenders.append(f"{relative}: {name}")
    assert offenders == []


def test_domain_imports_no_storage_or_services() -> None:
    offenders = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in _imports(path):
            if name.startswith(("workstation.storage", "workstation.services", "sqlalchemy",
                                "sqlmodel", "workstation.ui")):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_command_line_does_not_load_qt() -> None:
    code = ("import sys, workstation.cli.main as m, workstation.app; "
            "m.build_parser(); print(any(k.startswith('PySide6') for k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(shutil.which("lint-imports") is None and
                    not (Path(sys.executable).parent / "lint-imports").exists(),
                    reason="import-linter not installed")
def test_import_contracts() -> None:
    tool = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([tool], capture_output=True, text=True,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists() and shutil.which("ruff") is None:
        pytest.skip("ruff not installed")
    result = subprocess.run([ruff, "check", "--quiet", "."], capture_output=True, text=True,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
