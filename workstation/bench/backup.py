"""A verified backup file of the benchmark station vs a plain fsynced file copy of it."""

from __future__ import annotations

import os
import shutil

from .common import BenchContext, Figure, Target, figure, median_ms


def _copy(ctx: BenchContext) -> None:
    shutil.copyfile(ctx.db_path, ctx.base / "copy.db")
    with open(ctx.base / "copy.db", "rb+") as fh:
        os.fsync(fh.fileno())


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.storage.backup.create import make_backup

    (ctx.base / "backups").mkdir(exist_ok=True)
    repeat = 2 if ctx.quick else 3
    backup = median_ms(lambda: make_backup(ctx.db_path, ctx.db.key, ctx.base / "backups"), repeat)
    return [figure("backup file (online copy, check, zip, read back)", backup, "ms",
                   median_ms(lambda: _copy(ctx), repeat), Target("ratio", "<=", 10.0),
                   note=f"{ctx.db_path.stat().st_size >> 20} MB database; baseline: "
                        "shutil.copyfile + fsync")]
