"""Every path the application uses, resolved in one place (environment overrides first)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "workstation"


def data_dir() -> Path:
    """Per-user data folder; ``WORKSTATION_DATA_DIR`` overrides it (tests, portable builds)."""
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
    folder."""
    env = os.environ.get("WORKSTATION_BACKUP_DIR")
    return Path(env) if env else data_dir() / "backups"


def resources_dir() -> Path:
    """The ``resources`` folder shipped beside the package."""
    return Path(__file__).resolve().parent.parent / "resources"
