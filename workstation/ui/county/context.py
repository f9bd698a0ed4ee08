"""What every county page needs: the open county database, the task runner, app signals."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from workstation.county.access import CountySession, Permission, actor_name, can
from workstation.county.db import CountyDatabase

from ..tasks import TaskRunner


class CountySignals(QObject):
    """Console-wide notifications (emitted on the GUI thread)."""

    #: Show a short message in the status bar.
    status_message = Signal(str)
    #: Bundles were imported: the stations' records changed (statistics are stale).
    records_imported = Signal()


@dataclass
class CountyContext:
    db: CountyDatabase
    runner: TaskRunner
    #: The database as shown to the user (path, or URL with the password masked).
    label: str
    #: The county's encryption key fingerprint (people compare its first 16 digits).
    key_fingerprint: str = ""
    signals: CountySignals = field(default_factory=CountySignals)

    @property
    def actor(self) -> str:
        """Who the county's audit trail names for what is done in this console: the
        logged-in county operator's display name ("" while nobody is logged in: 未登录)."""
        return actor_name(self.db)

    @property
    def session(self) -> CountySession | None:
        """The county operator logged in (``session.name`` is the actor of the county's
        audit trail and of report files)."""
        session = self.db.session
        return session if isinstance(session, CountySession) else None

    def can(self, permission: Permission) -> bool:
        """What the console shows; the services check again."""
        return can(self.db, permission)
