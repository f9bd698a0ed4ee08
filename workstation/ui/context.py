"""What every page needs: the open database, the operator, the task runner, app signals."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from workstation.services.context import Actor
from workstation.storage.engine import Database

from .tasks import TaskRunner


class AppSignals(QObject):
    """Application-wide notifications (emitted on the GUI thread)."""

    #: A record of this type was created or changed; lists and the dashboard refresh.
    records_changed = Signal(str)
    #: Ask the main window to show a record: (record_type, record_id).
    open_record = Signal(str, str)
    #: Show a short message in the status bar.
    status_message = Signal(str)
    #: The database was replaced (a restore): close the window and log in again.
    restart_requested = Signal()
    #: The admin changed the station's idle-lock time (minutes).
    idle_lock_minutes_changed = Signal(int)
    #: Online upload settings changed or an upload ran: the status bar reads the state again.
    sync_upload_changed = Signal()
    #: The background uploader applied an acknowledgement (its ``sync.station.AckResult``):
    #: the 同步 page shows what it brought (version notice, conflicts).
    sync_ack_applied = Signal(object)


@dataclass
class AppContext:
    db: Database
    actor: Actor
    runner: TaskRunner
    station_name: str
    signals: AppSignals = field(default_factory=AppSignals)
