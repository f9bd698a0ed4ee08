"""Alembic migrations, run in-process when a database is opened.

Opening an up-to-date database (every start of the app) does not import Alembic (~14 MB and
0.1-0.3 s): the newest revision is read from the migration files' ``revision`` and
``down_revision`` lines and compared with the database's ``alembic_version``. Anything else
(an older database, a new one, migration files it cannot read that way) goes through Alembic.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]+)?=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""^(?:"([^"]*)"|'([^']*)'|None)$""")


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Schema objects the models describe: the FTS5 search index (a virtual table and the
    shadow tables SQLite keeps for it) exists only through its migration."""
    return not (type_ == "table" and (name or "").startswith("search_fts"))


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@cache
def quick_head_revision() -> str | None:
    """The single head of the migration files, read without Alembic; None when the files
    do not say it plainly (a merge, a computed value): Alembic decides then."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found or "down_revision" not in found:
            return None
        values = []
        for key in ("revision", "down_revision"):
            match = _QUOTED.match(found[key])
            if match is None:
                return None
            values.append(match.group(1) or match.group(2))
        revision, parent = values
        if not revision:
            return None
        revisions.add(revision)
        if parent:
            parents.add(parent)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revisions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        try:
            return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        except OperationalError:  # no such table: a new database
            return []


def upgrade_to_head(engine: Engine, revision: str = "head") -> None:
    """Apply every pending migration (each in its own transaction)."""
    if revision == "head":
        quick = quick_head_revision()
        if quick is not None and _stored_revisions(engine) == [quick]:
            return
        if current_revision(engine) == head_revision():
            return
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
