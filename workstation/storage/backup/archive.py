"""The backup file: one ZIP archive with STORED members.

Why one ZIP file rather than a folder: a backup is copied around by hand (USB sticks, a
county share), and a single file is either there or not, while a folder copied by hand can
silently miss a part; a file can be written under a temporary name and renamed into place
atomically, fsynced, and listed with one size and one date. STORED (no compression) because
the database copy is encrypted and would not shrink, and so members stream straight through.

Members (``MEMBERS``; anything else makes the file refused):

- ``station.db`` — the database copy, encrypted with the station's data key exactly like
  the original (a plain station gives a plain copy);
- ``station.db.keys`` — the key file as it was at backup time (absent for a plain station):
  on a new PC the backup opens with any password valid then, or the recovery code;
- ``manifest.json`` — written last: station, time, schema revision, pages, record counts
  and the size and SHA-256 of each other member.

The file is written as ``.<name>.tmp`` in the target folder, fsynced, read back and checked
against its manifest, and only then renamed to ``<name>`` (``*.wsbak``): a crash, a full
disk or a pulled USB stick never leaves a file that looks complete. Reading never extracts
by the archive's own paths: members are read by name, their sizes enforced while reading;
a member that is compressed, or sizes that disagree with each other or do not fit in the
file, refuse the file before any member is read (a restore never writes more than the backup
file holds, and checks the disk has room first: ``restore.RESTORE_FREE_MARGIN``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from workstation.files import fsync_folder
from workstation.storage.keyslots import MAX_KEYFILE_BYTES

from .errors import BackupCancelled, BackupError, os_error_text

FORMAT = "workstation-backup"
FORMAT_VERSION = 1
SUFFIX = ".wsbak"
DB_MEMBER = "station.db"
KEYS_MEMBER = "station.db.keys"
MANIFEST_MEMBER = "manifest.json"
MEMBERS = (DB_MEMBER, KEYS_MEMBER, MANIFEST_MEMBER)
MANIFEST_MAX = 64 * 1024
KEYS_MAX = MAX_KEYFILE_BYTES
CHUNK = 1024 * 1024

_NAME_RE = re.compile(r"-(\d{12})-(\d{8}-\d{6})(?:-\d+)?\.wsbak$")
_UNSAFE_CHARS = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')

#: ``progress(bytes_done)`` while streaming; returning ``False`` asks to cancel.
ByteProgress = Callable[[int], bool | None]


@dataclass(frozen=True)
class FileDigest:
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, as recorded when it was made."""

    created_at: datetime
    app_version: str
    station_id: str
    station_name: str
    division_code: str
    schema_revision: str
    encrypted: bool
    page_size: int
    page_count: int
    check: str
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, FileDigest] = field(default_factory=dict)

    def to_json(self) -> bytes:
        raw = asdict(self)
        raw["created_at"] = self.created_at.isoformat()
        return json.dumps({"format": FORMAT, "version": FORMAT_VERSION, **raw},
                          ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data.decode("utf-8"))
            if raw.get("format") != FORMAT:
                raise ValueError("format")
            if raw.get("version") != FORMAT_VERSION:
                raise BackupError("该备份由更新版本的程序创建，请先升级本程序")
            created = datetime.fromisoformat(raw["created_at"])
            if created.tzinfo is None:
                raise ValueError("naive time")
            files = {str(name): FileDigest(int(d["size"]), str(d["sha256"]))
                     for name, d in raw["files"].items()}
            if DB_MEMBER not in files or not set(files) <= {DB_MEMBER, KEYS_MEMBER}:
                raise ValueError("members")
            return cls(
                created_at=created, app_version=str(raw["app_version"]),
                station_id=str(raw["station_id"]), station_name=str(raw["station_name"]),
                division_code=str(raw["division_code"]),
                schema_revision=str(raw["schema_revision"]), encrypted=bool(raw["encrypted"]),
                page_size=int(raw["page_size"]), page_count=int(raw["page_count"]),
                check=str(raw["check"]),
                counts={str(k): int(v) for k, v in raw["counts"].items()}, files=files)
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError("备份文件的说明（manifest）已损坏") from exc


# --- names -------------------------------------------------------------------------------------


def backup_file_name(station_name: str, division_code: str, local_time: datetime) -> str:
    """``海港镇公共法律服务工作站-130302100000-20261126-235501.wsbak`` (local time)."""
    name = _UNSAFE_CHARS.sub("", station_name)[:24] or "station"
    return f"{name}-{division_code}-{local_time:%Y%m%d-%H%M%S}{SUFFIX}"


def parse_backup_name(name: str) -> tuple[str, datetime] | None:
    """(division code, local time) of a backup file name, None for other files."""
    match = _NAME_RE.search(name)
    if match is None or name.startswith("."):
        return None
    try:
        return match.group(1), datetime.strptime(match.group(2), "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def _free_name(folder: Path, name: str) -> Path:
    path = folder / name
    n = 1
    while path.exists():
        path = folder / name.replace(SUFFIX, f"-{n}{SUFFIX}")
        n += 1
    return path


# --- writing -----------------------------------------------------------------------------------


def _stream(source: IO[bytes], target: IO[bytes] | None, limit: int,
            progress: ByteProgress | None = None, *, hashed: bool = True) -> FileDigest:
    """Copy at most ``limit`` bytes (more is an error), hashing them unless not ``hashed``."""
    digest = hashlib.sha256()
    size = 0
    while True:
        chunk = source.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise BackupError("备份文件已损坏（内容比记录的长）")
        if hashed:
            digest.update(chunk)
        if target is not None:
            target.write(chunk)
        if progress is not None and progress(size) is False:
            raise BackupCancelled()
    return FileDigest(size, digest.hexdigest() if hashed else "")


def write_archive(folder: Path, name: str, db_copy: Path, keyfile: bytes | None,
                  manifest: Manifest, progress: ByteProgress | None = None
                  ) -> tuple[Path, Manifest]:
    """Write the backup ``name`` into ``folder`` (see the module docstring); its path and
    the manifest as read back from it.

    ``manifest.files`` is filled in here. ``progress`` gets bytes written, then bytes
    read back (twice the database size in all)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"备份目标文件夹不存在：{folder}")
    temp = folder / f".{name}.tmp"
    try:
        with open(temp, "wb") as handle:
            files = _write_members(handle, db_copy, keyfile, manifest, progress)
            handle.flush()
            os.fsync(handle.fileno())
        written = _read_back(temp, files, progress, offset=files[DB_MEMBER].size)
        if written.files != files:
            raise BackupError("备份写入后读回校验不一致（磁盘或U盘可能有问题）")
        final = _free_name(folder, name)
        os.replace(temp, final)
        fsync_folder(folder)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BackupError(f"无法写入备份文件 {folder / name}：{os_error_text(exc)}") from exc
        if isinstance(exc, zipfile.BadZipFile):
            raise BackupError("备份写入后读回失败（磁盘或U盘可能有问题）") from exc
        raise
    return final, written


def _write_members(handle: IO[bytes], db_copy: Path, keyfile: bytes | None,
                   manifest: Manifest, progress: ByteProgress | None) -> dict[str, FileDigest]:
    files: dict[str, FileDigest] = {}
    stamp = manifest.created_at.astimezone().timetuple()[:6]
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        with open(db_copy, "rb") as source, archive.open(
                zipfile.ZipInfo(DB_MEMBER, stamp), "w", force_zip64=True) as member:
            files[DB_MEMBER] = _stream(source, member, 1 << 62, progress)
        if keyfile is not None:
            archive.writestr(zipfile.ZipInfo(KEYS_MEMBER, stamp), keyfile)
            files[KEYS_MEMBER] = FileDigest(len(keyfile), hashlib.sha256(keyfile).hexdigest())
        sealed = replace(manifest, files=files)
        archive.writestr(zipfile.ZipInfo(MANIFEST_MEMBER, stamp), sealed.to_json())
    return files


# --- reading -----------------------------------------------------------------------------------


@contextlib.contextmanager
def open_archive(path: Path) -> Iterator[tuple[zipfile.ZipFile, Manifest]]:
    """The archive and its manifest, after checking its member list against the manifest."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"找不到备份文件：{path}") from None
    except OSError as exc:
        raise BackupError(f"无法读取备份文件 {path}：{os_error_text(exc)}") from exc
    except zipfile.BadZipFile as exc:
        raise BackupError("不是工作站备份文件，或文件不完整、已损坏") from exc
    try:
        try:
            manifest = _checked_manifest(archive, os.fstat(archive.fp.fileno()).st_size
                                         if archive.fp is not None else 0)
        except zipfile.BadZipFile as exc:
            raise BackupError("备份文件已损坏（校验和不符）") from exc
        except OSError as exc:
            raise BackupError(f"无法读取备份文件 {path}：{os_error_text(exc)}") from exc
        yield archive, manifest
    finally:
        archive.close()


def _checked_manifest(archive: zipfile.ZipFile, file_size: int) -> Manifest:
    """The manifest, after the archive's structure was checked: only our members, each
    STORED (nothing inflates: a small file cannot make a restore write more than it holds)
    with consistent sizes that fit in the file (``file_size`` bytes on disk)."""
    names = archive.namelist()
    if len(names) != len(set(names)) or MANIFEST_MEMBER not in names or \
            not set(names) <= set(MEMBERS):
        raise BackupError("不是工作站备份文件（内容不符）")
    infos = archive.infolist()
    if any(info.compress_type != zipfile.ZIP_STORED for info in infos):
        raise BackupError("不是本程序做的备份文件（其中的内容经过压缩），未作任何改动")
    if any(info.compress_size != info.file_size for info in infos) or \
            sum(info.file_size for info in infos) > file_size:
        raise BackupError("备份文件已损坏（记录的大小与文件不符）")
    if archive.getinfo(MANIFEST_MEMBER).file_size > MANIFEST_MAX:
        raise BackupError("备份文件的说明（manifest）已损坏")
    with archive.open(MANIFEST_MEMBER) as handle:
        data = handle.read(MANIFEST_MAX + 1)
    if len(data) > MANIFEST_MAX:
        raise BackupError("备份文件的说明（manifest）已损坏")
    manifest = Manifest.from_json(data)
    if set(names) != {*manifest.files, MANIFEST_MEMBER} or any(
            archive.getinfo(n).file_size != d.size for n, d in manifest.files.items()):
        raise BackupError("备份文件已损坏（内容与说明不符）")
    return manifest


def read_member(archive: zipfile.ZipFile, manifest: Manifest, name: str,
                target: IO[bytes] | None = None,
                progress: ByteProgress | None = None) -> FileDigest:
    """Stream member ``name`` (into ``target`` if given) and check it against the manifest."""
    expected = manifest.files[name]
    try:
        with archive.open(name) as source:
            got = _stream(source, target, expected.size, progress)
    except zipfile.BadZipFile as exc:
        raise BackupError("备份文件已损坏（校验和不符）") from exc
    except OSError as exc:
        raise BackupError(f"读写文件出错：{os_error_text(exc)}") from exc
    if got != expected:
        raise BackupError("备份文件已损坏（内容与记录的校验值不符）")
    return got


def read_keyfile(archive: zipfile.ZipFile, manifest: Manifest) -> bytes | None:
    if KEYS_MEMBER not in manifest.files:
        return None
    if manifest.files[KEYS_MEMBER].size > KEYS_MAX:
        raise BackupError("备份中的密钥文件已损坏")
    import io

    buffer = io.BytesIO()
    read_member(archive, manifest, KEYS_MEMBER, buffer)
    return buffer.getvalue()


def _read_back(path: Path, files: dict[str, FileDigest], progress: ByteProgress | None,
               offset: int) -> Manifest:
    """Read the written file back: structure, manifest and every member's CRC-32 (zipfile
    checks it at the end of each member; the SHA-256 was computed from the same bytes)."""
    def shifted(done: int) -> bool | None:
        return progress(offset + done) if progress is not None else None

    with open_archive(path) as (archive, manifest):
        if manifest.files != files:
            raise BackupError("备份写入后读回校验不一致（磁盘或U盘可能有问题）")
        for name, digest in files.items():
            with archive.open(name) as source:
                size = _stream(source, None, digest.size,
                               shifted if name == DB_MEMBER else None, hashed=False).size
            if size != digest.size:
                raise BackupError("备份写入后读回校验不一致（磁盘或U盘可能有问题）")
    return manifest


def verify_archive(path: Path, progress: ByteProgress | None = None) -> Manifest:
    """Read every member back and check it against the manifest; the manifest."""
    with open_archive(path) as (archive, manifest):
        for name in manifest.files:
            read_member(archive, manifest, name,
                        progress=progress if name == DB_MEMBER else None)
    return manifest


@dataclass(frozen=True)
class ArchiveListing:
    """A backup file as a list shows it: cheap checks only (structure and manifest)."""

    path: Path
    size: int
    modified: datetime
    manifest: Manifest | None
    problem: str = ""


def inspect_archive(path: Path) -> ArchiveListing:
    try:
        stat = path.stat()
    except OSError as exc:
        return ArchiveListing(path, 0, datetime.now().astimezone(), None, os_error_text(exc))
    modified = datetime.fromtimestamp(stat.st_mtime).astimezone()
    try:
        with open_archive(path) as (_archive, manifest):
            return ArchiveListing(path, stat.st_size, modified, manifest)
    except BackupError as exc:
        return ArchiveListing(path, stat.st_size, modified, None, str(exc))


def manifest_dict(manifest: Manifest) -> dict[str, Any]:
    """The manifest as JSON-ready data (command line output)."""
    return json.loads(manifest.to_json())
