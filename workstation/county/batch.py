"""Importing many bundles at once (the console's 导入 page): every ``.wsb`` file in a folder,
or chosen files, in chain order, each in its own transaction, with progress and
cancellation between bundles, and one readable result per bundle.

A refused bundle does not stop the others; a cancelled run keeps what was already imported
(each bundle is complete or untouched) and says how many bundles were not started.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from workstation.services.context import ServiceError
from workstation.sync.errors import SyncError
from workstation.sync.format import SUFFIX

from .db import CountyDatabase, station
from .importer import AckNotWritten, ImportSummary, import_bundle

#: ``progress(done, total)``; returning False cancels before the next bundle.
Progress = Callable[[int, int], bool | None]

#: ``<division code>-<seq>.wsb``, from chain epoch 2 on ``<division code>-e<n>-<seq>.wsb``.
_NAME = re.compile(r"^([0-9]{12})-(?:e([0-9]{1,6})-)?([0-9]{6})\.wsb$")

#: Result statuses: imported; replay (the same bundle was imported before: skipped);
#: superseded (a later bundle already carried it: skipped); refused.
IMPORTED, REPLAY, SUPERSEDED, REFUSED = "imported", "replay", "superseded", "refused"


@dataclass
class BundleResult:
    file_name: str
    path: Path
    division_code: str
    seq: int | None
    status: str
    station_name: str = ""
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    #: Why it was refused, or a problem after importing (acknowledgement not written).
    message: str = ""
    ack_path: Path | None = None

    @property
    def skipped(self) -> bool:
        return self.status in (REPLAY, SUPERSEDED)


@dataclass
class BatchImport:
    results: list[BundleResult] = field(default_factory=list)
    #: Bundles not started because the user cancelled.
    not_started: int = 0
    #: Where acknowledgements went (None: beside each bundle).
    ack_dir: Path | None = None

    @property
    def cancelled(self) -> bool:
        return self.not_started > 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.results if r.skipped)

    @property
    def ack_paths(self) -> list[Path]:
        return [r.ack_path for r in self.results if r.ack_path is not None]


def _order(path: Path) -> tuple[str, int, int, str]:
    match = _NAME.match(path.name)
    if match:  # a station's older chain epochs first
        return match[1], int(match[2] or 1), int(match[3]), path.name
    return "~", 0, 0, path.name  # other names after the well-named ones


def find_bundles(paths: Iterable[Path | str]) -> list[Path]:
    """The bundle files among ``paths`` (folders: their ``.wsb`` files, not recursing),
    once each, by station then bundle number."""
    found: dict[Path, None] = {}
    chosen = [Path(p) for p in paths]
    if not chosen:
        raise SyncError("请选择数据包文件或所在的文件夹")
    for path in chosen:
        if path.is_dir():
            try:
                entries = sorted(path.iterdir())
            except OSError as exc:
                raise SyncError(f"无法读取文件夹 {path}：{exc.strerror or exc}") from exc
            for entry in entries:
                if entry.suffix.lower() == SUFFIX and entry.is_file():
                    found.setdefault(entry.resolve(), None)
        elif path.is_file():
            found.setdefault(path.resolve(), None)
        else:
            raise SyncError(f"找不到 {path}")
    if not found:
        folders = "、".join(str(p) for p in chosen)
        raise SyncError(f"{folders} 中没有数据包（{SUFFIX} 文件）")
    return sorted(found, key=_order)


def check_ack_dir(ack_dir: Path) -> None:
    """Refuse, before importing anything, a folder acknowledgements cannot be written to."""
    if not ack_dir.is_dir():
        raise SyncError(f"回执文件夹不存在：{ack_dir}")
    if not os.access(ack_dir, os.W_OK | os.X_OK):
        raise SyncError(f"回执文件夹不可写入：{ack_dir}")


def _from_summary(path: Path, summary: ImportSummary) -> BundleResult:
    return BundleResult(
        file_name=path.name, path=path, division_code=summary.division_code, seq=summary.seq,
        status=summary.status, imported=summary.total("imported"),
        updated=summary.total("updated"), unchanged=summary.total("ignored"),
        conflicts=summary.total("conflicts"), ack_path=summary.ack_path,
        message="\n".join(n for n in (summary.epoch_note, summary.audit_note) if n))


def _refused(path: Path, message: str) -> BundleResult:
    match = _NAME.match(path.name)
    return BundleResult(file_name=path.name, path=path,
                        division_code=match[1] if match else "",
                        seq=int(match[3]) if match else None, status=REFUSED, message=message)


def import_one(db: CountyDatabase, path: Path, ack_dir: Path | None, *,
               actor: str = "") -> BundleResult:
    """Import one bundle; a refusal is a result, not an exception."""
    try:
        return _from_summary(path, import_bundle(db, path, ack_dir=ack_dir, actor=actor))
    except AckNotWritten as exc:
        result = _from_summary(path, exc.summary)
        result.message = str(exc)
        return result
    except ServiceError as exc:
        return _refused(path, str(exc))


def import_bundles(db: CountyDatabase, files: list[Path], *, ack_dir: Path | None = None,
                   progress: Progress | None = None, actor: str = "") -> BatchImport:
    """Import ``files`` in order (see ``find_bundles``); acknowledgements go to ``ack_dir``
    (beside each bundle when None)."""
    if ack_dir is not None:
        check_ack_dir(ack_dir)
    batch = BatchImport(ack_dir=ack_dir)
    total = len(files)
    if progress is not None and progress(0, total) is False:
        batch.not_started = total
        return batch
    for done, path in enumerate(files, 1):
        batch.results.append(import_one(db, path, ack_dir, actor=actor))
        if progress is not None and progress(done, total) is False and done < total:
            batch.not_started = total - done
            break
    names = station_names(db)
    for result in batch.results:
        result.station_name = names.get(result.division_code, "")
    return batch


def station_names(db: CountyDatabase) -> dict[str, str]:
    with db.engine.connect() as conn:
        return {r.division_code: r.name or "" for r in conn.execute(
            select(station.c.division_code, station.c.name))}
