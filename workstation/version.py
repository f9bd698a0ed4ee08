"""The program's version, in one place: backups and bundle manifests name it, the county
shows it per station and tells stations about a newer one (docs/sync-bundle.md)."""

from __future__ import annotations

UNKNOWN = "unknown"


def program_version() -> str:
    """The installed version of the ``workstation`` distribution ("unknown" when run from a
    source tree that was never installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("workstation")
    except PackageNotFoundError:
        return UNKNOWN


def parse_version(text: str) -> object | None:
    """``text`` as a comparable PEP 440 version, or None when it is not one."""
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except (InvalidVersion, TypeError):
        return None


def is_newer(candidate: str, running: str) -> bool:
    """True when version ``candidate`` is later than ``running`` (PEP 440 ordering, so
    1.10 is later than 1.9); False when either is not a version."""
    new, old = parse_version(candidate), parse_version(running)
    if new is None or old is None:
        return False
    return new > old  # type: ignore[operator,no-any-return]
