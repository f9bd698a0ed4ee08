"""PySide6's per-import "does this module use PySide6?" check answered from the file's bytes."""

from __future__ import annotations

import linecache
import subprocess
import sys
import textwrap
from pathlib import Path

from workstation.ui import import_scan


def test_same_answer_without_keeping_the_source(tmp_path: Path) -> None:
    import PySide6.QtCore  # noqa: F401  (the hook exists once PySide6 is imported)

    assert import_scan.install()
    assert import_scan.install()  # idempotent
    feature = sys.modules["shibokensupport.feature"]
    uses = tmp_path / "uses_qt_mod.py"
    uses.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    plain = tmp_path / "plain_mod.py"
    plain.write_text("VALUE = 1\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import plain_mod  # noqa: F401
        import uses_qt_mod  # noqa: F401
    finally:
        sys.path.remove(str(tmp_path))
    assert feature.pyside_feature_dict["uses_qt_mod"] == 0  # uses PySide6: default features
    assert feature.pyside_feature_dict["plain_mod"] == -1  # ignored, as before
    assert str(plain) not in linecache.cache and str(uses) not in linecache.cache


def test_the_app_imports_its_data_layer_without_filling_linecache() -> None:
    code = textwrap.dedent("""
        import linecache, os
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from workstation.ui.startup import create_application
        create_application([])
        import workstation.storage.engine, workstation.services.dashboard
        kept = [f for f in linecache.cache
                if f.endswith(".py") and ("sqlalchemy" in f or "sqlmodel" in f)]
        assert not kept, kept[:3]
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
