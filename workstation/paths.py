"""Every path the application uses, resolved in one place (environment overrides first)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "workstation"

#: A demo's sandbox folder while a demo station is open (``use_sandbox``): its data and
#: backups live there, whatever the environment says.
_sandbox: Path | None = None


def use_sandbox(root: Path | None) -> None:
    """Keep data and backups inside ``root`` (a demo); ``None`` ends it."""
    global _sandbox
    _sandbox = Path(root) if root is not None else None


def sandbox() -> Path | None:
    return _sandbox


def data_dir() -> Path:
    """Per-user data folder; ``WORKSTATION_DATA_DIR`` overrides it (tests, portable builds);
    a demo's sandbox overrides both."""
    if _sandbox is not None:
        return _sandbox / "data"
    override = os.environ.get("WORKSTATION_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_database() -> Path:
    """``WORKSTATION_DB`` if set, else ``station.db`` in the data folder."""
    env = os.environ.get("WORKSTATION_DB")
    return Path(env) if env else data_dir() / "station.db"


def backup_dir() -> Path:
    """Automatic backups: ``WORKSTATION_BACKUP_DIR`` if set, else ``backups`` in the data
    folder; a demo's sandbox overrides both."""
    if _sandbox is not None:
        return _sandbox / "backups"
    env = os.environ.get("WORKSTATION_BACKUP_DIR")
    return Path(env) if env else data_dir() / "backups"


def resources_dir() -> Path:
    """The ``resources`` folder shipped beside the package."""
    return Path(__file__).resolve().parent.parent / "resources"
