"""Build the zh_CN translation: ``python -m workstation.ui.translations_build``.

1. ``pyside6-lupdate`` collects every ``tr()`` / ``translate()`` string of ``workstation/ui``
   into ``resources/translations/workstation_zh_CN.ts``;
2. translations are filled from the tab-separated glossaries in
   ``resources/translations/zh_CN/*.tsv`` (``English<TAB>中文`` per line, ``context|English``
   to give one context its own wording);
3. ``pyside6-lrelease`` compiles the ``.qm`` the app loads.

Exit status 1 lists strings that have no translation yet.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from workstation.paths import resources_dir

PACKAGE_UI = Path(__file__).resolve().parent
TS_FILE = resources_dir() / "translations" / "workstation_zh_CN.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
GLOSSARY_DIR = resources_dir() / "translations" / "zh_CN"


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def ui_sources() -> list[Path]:
    return sorted(p for p in PACKAGE_UI.rglob("*.py") if p.name != Path(__file__).name)


def load_glossary(folder: Path = GLOSSARY_DIR) -> dict[str, str]:
    """English (or ``context|English``) → Chinese, from every ``*.tsv`` in ``folder``."""
    table: dict[str, str] = {}
    for path in sorted(folder.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            if "\t" not in line:
                raise ValueError(f"{path.name}:{number}: no tab between English and Chinese")
            source, target = line.split("\t", 1)
            table[source.replace("\\n", "\n")] = target.replace("\\n", "\n")
    return table


def run_lupdate(ts_file: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lupdate"), *map(str, ui_sources()), "-no-obsolete", "-locations", "none",
         "-source-language", "en", "-target-language", "zh_CN", "-ts", str(ts_file)],
        check=True, capture_output=True,
    )


def fill(ts_file: Path, glossary: dict[str, str]) -> list[tuple[str, str]]:
    """Write translations into ``ts_file``; return (context, source) pairs still missing."""
    tree = ET.parse(ts_file)
    missing: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            target = glossary.get(f"{name}|{source}") or glossary.get(source)
            if target:
                translation.text = target
                translation.attrib.pop("type", None)
            else:
                translation.text = ""
                translation.set("type", "unfinished")
                missing.append((name, source))
    ET.indent(tree)
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return missing


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)],
                   check=True, capture_output=True)


def build(ts_file: Path = TS_FILE, qm_file: Path = QM_FILE) -> list[tuple[str, str]]:
    run_lupdate(ts_file)
    missing = fill(ts_file, load_glossary())
    run_lrelease(ts_file, qm_file)
    return missing


def main() -> int:
    missing = build()
    for context, source in missing:
        print(f"untranslated: {context}: {source!r}")
    print(f"{TS_FILE.name}: {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
