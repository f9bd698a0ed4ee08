"""Failures of backing up and restoring; every message is fit to show a user (Chinese)."""

from __future__ import annotations

import errno


class BackupError(Exception):
    """A backup or restore failed or was refused; nothing was half-done."""


class BackupCancelled(BackupError):
    """The user cancelled; no file was left behind."""

    def __init__(self, message: str = "已取消，没有写入任何文件") -> None:
        super().__init__(message)


class NeedsSecret(BackupError):
    """The backup does not open with this station's key: it needs a password that was valid
    when it was made (with the user name) or the station's recovery code."""


_ERRNO_TEXT = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的（U盘可能开了写保护）",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOENT: "找不到该文件夹",
    errno.EIO: "磁盘读写出错（U盘可能已拔出或损坏）",
    errno.EDQUOT: "磁盘配额已用完",
}


def os_error_text(exc: OSError) -> str:
    """A short Chinese reason for a file-system failure."""
    return _ERRNO_TEXT.get(exc.errno or 0) or exc.strerror or str(exc)
