"""站点: the registered stations — division code, name, status, last bundle received, the
bundles and gaps in their chain, changes received this month, referrals waiting — with quiet
stations highlighted; the county's public key for the stations; registering and revoking.

The selected station's details (key, gaps explained, refusals, bundles received) show below
the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.county.access import Permission
from workstation.county.db import CountyDatabase
from workstation.county.overview import ReceivedBundle, StationOverview, parse_time
from workstation.domain.audit import record_type_label
from workstation.domain.wording import ELLIPSIS, EMPTY

from ..models.item_table import ItemTableModel
from ..widgets.forms import show_error
from ..widgets.shortcuts import confirm
from .common import (
    BAD_TEXT,
    FINGERPRINT_DIGITS,
    MUTED_TEXT,
    WARN_BACKGROUND,
    WARN_TEXT,
    CountyPage,
    heading,
    hint,
    local_time,
    make_table,
    remembered,
)
from .context import CountyContext

#: QSettings: days without a bundle after which a station is highlighted; key file folder.
SETTING_QUIET_DAYS = "county/quiet_days"
SETTING_KEY_DIR = "county/key_dir"
DEFAULT_QUIET_DAYS = 30


# --- background work (no Qt) --------------------------------------------------------------


@dataclass(frozen=True)
class StationsState:
    stations: list[StationOverview]
    county_key: str  # PEM, the file the stations import
    now: datetime


def load_stations(db: CountyDatabase) -> StationsState:
    from workstation.county.overview import station_overview
    from workstation.county.service import county_public_key

    now = datetime.now(UTC)
    return StationsState(station_overview(db, now=now), county_public_key(db), now)


def save_county_key(text: str, path: str, db: CountyDatabase | None = None,
                    actor: str = "") -> Path:
    """Write the key file; with ``db``, the export is then an entry of the county's audit
    trail under ``actor``."""
    from workstation.files import write_atomically
    from workstation.sync.errors import SyncError

    target = Path(path)
    try:
        write_atomically(target, text.encode("ascii"))
    except OSError as exc:
        raise SyncError(f"无法写入文件 {target}：{exc.strerror or exc}") from exc
    if db is not None:
        from workstation.county.service import export_public_key

        export_public_key(db, target.name, actor=actor)
    return target


def audit_broken(s: StationOverview) -> bool:
    return s.audit_chain is not None and bool(s.audit_chain.breaks)


def numbers(seqs: tuple[int, ...]) -> str:
    return "、".join(str(s) for s in seqs)


# --- the stations table -------------------------------------------------------------------


#: Open conflicts listed under the selected station's details.
CONFLICTS_SHOWN = 3


def load_open_conflicts(db: CountyDatabase, code: str) -> list[Any]:
    from workstation.county.conflicts import list_conflicts

    with db.engine.connect() as conn:
        return list_conflicts(conn, code)


class StationTableModel(ItemTableModel):
    (CODE, NAME, STATUS, LAST, BUNDLES, GAPS, MONTH, PENDING, CONFLICTS, VERSION,
     AUDIT) = range(11)

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Division code"), self.tr("Station"), self.tr("Status"),
                          self.tr("Last bundle received"), self.tr("Bundles"),
                          self.tr("Gaps in the chain"), self.tr("Changes this month"),
                          self.tr("Aid awaiting decision"), self.tr("Open conflicts"),
                          self.tr("Program version"), self.tr("Audit trail")),
                         parent)
        self.now = datetime.now(UTC)
        self.quiet_days = DEFAULT_QUIET_DAYS

    def set_state(self, stations: list[StationOverview], now: datetime,
                  quiet_days: int) -> None:
        self.now, self.quiet_days = now, quiet_days
        self.set_items(stations)

    def set_quiet_days(self, days: int) -> None:
        self.quiet_days = days
        if self.items:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.items) - 1, len(self._headers) - 1))

    def station_at(self, row: int) -> StationOverview | None:
        return self.item_at(row)

    def quiet(self, s: StationOverview) -> bool:
        return s.is_quiet(self.now, self.quiet_days)

    def cell(self, s: StationOverview, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                self.MONTH, self.PENDING, self.CONFLICTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.quiet(s):
            return QBrush(WARN_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.GAPS:
                return QBrush(BAD_TEXT if s.has_gap else MUTED_TEXT)
            if column == self.AUDIT and audit_broken(s):
                return QBrush(BAD_TEXT)
            if column == self.STATUS and (s.revoked or self.quiet(s)):
                return QBrush(BAD_TEXT if s.revoked else WARN_TEXT)
            if column == self.VERSION and s.newer_version:
                return QBrush(WARN_TEXT)
            if column == self.CONFLICTS and s.open_conflicts:
                return QBrush(BAD_TEXT)
        if role == Qt.ItemDataRole.FontRole and (
                (column == self.GAPS and s.has_gap) or (column == self.STATUS and self.quiet(s))
                or (column == self.AUDIT and audit_broken(s))):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.GAPS and s.refused:
            return "\n".join(r.reason for r in s.refused)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.VERSION and s.newer_version:
            return self.tr("Older than the newest version %1 the county distributes").replace(
                "%1", s.newer_version)
        return None

    def gap_text(self, s: StationOverview) -> str:
        """The 缺号 cell: missing and refused bundles first, harmless skips after."""
        parts = []
        if s.needed:
            parts.append(self.tr("No. %1 missing").replace("%1", numbers(s.needed)))
        if s.refused:
            parts.append(self.tr("No. %1 refused").replace(
                "%1", numbers(tuple(r.seq for r in s.refused))))
        if s.skipped:
            parts.append(self.tr("No. %1 never arrived (changes came later)").replace(
                "%1", numbers(s.skipped)))
        return self.tr("; ").join(parts) if parts else self.tr("none")

    def status_text(self, s: StationOverview) -> str:
        now, days = self.now, self.quiet_days
        if s.revoked:
            return self.tr("Revoked")
        if s.last_received_at is None:
            return (self.tr("Nothing received for %1 days").replace(
                "%1", str(s.days_quiet(now))) if s.is_quiet(now, days)
                else self.tr("Nothing received yet"))
        if s.is_quiet(now, days):
            return self.tr("Quiet for %1 days").replace("%1", str(s.days_quiet(now)))
        return self.tr("Active")

    def _display(self, s: StationOverview, column: int) -> str | None:
        if column == self.CODE:
            return s.division_code
        if column == self.NAME:
            return s.name or self.tr("(name comes with the first bundle)")
        if column == self.STATUS:
            return self.status_text(s)
        if column == self.LAST:
            return local_time(s.last_received_at) or EMPTY
        if column == self.BUNDLES:
            if not s.bundles_received:
                return EMPTY
            if s.epoch > 1:  # after a restore the station numbers its bundles again
                return self.tr("%1 (chain %3, up to No. %2)").replace(
                    "%1", str(s.bundles_received)).replace("%2", str(s.last_seq)).replace(
                    "%3", str(s.epoch))
            return self.tr("%1 (up to No. %2)").replace("%1", str(s.bundles_received)).replace(
                "%2", str(s.last_seq))
        if column == self.GAPS:
            return self.gap_text(s)
        if column == self.MONTH:
            return str(s.changes_this_month)
        if column == self.PENDING:
            return str(s.pending_referrals)
        if column == self.CONFLICTS:
            return str(s.open_conflicts)
        if column == self.VERSION:
            return s.program_version or EMPTY
        if column == self.AUDIT:
            return self.audit_text(s)
        return None

    def audit_text(self, s: StationOverview) -> str:
        """The 操作日志 cell: the ranges broken, or intact with the entries received."""
        chain = s.audit_chain
        if chain is None or not chain.entries:
            return EMPTY
        if chain.breaks:
            return "；".join(b.label for b, _at in chain.breaks)
        return self.tr("Intact (%1 entries)").replace("%1", str(chain.entries))


class ReceivedTableModel(ItemTableModel):
    """The bundles imported from the selected station, newest first."""

    SEQ, FILE, RECEIVED, CHANGES, NEW, UPDATED, UNCHANGED, CONFLICTS = range(8)

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("No."), self.tr("File"), self.tr("Received"),
                          self.tr("Station changes"), self.tr("New"), self.tr("Updated"),
                          self.tr("Unchanged"), self.tr("Conflicts")), parent)

    def cell(self, b: ReceivedBundle, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.FILE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CONFLICTS and b.conflicts:
            return QBrush(BAD_TEXT)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (str(b.seq), b.file_name, local_time(b.imported_at),
                f"{b.from_seq} – {b.to_seq}", str(b.imported), str(b.updated),
                str(b.ignored), str(b.conflicts))[column]


# --- the page -----------------------------------------------------------------------------


class StationsPage(CountyPage):
    def __init__(self, ctx: CountyContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: StationsState | None = None
        self.busy = False
        self.register_dialog: Any = None

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading(self.tr("Stations")))
        self.summary_label = QLabel(self.tr("Loading..."))
        self.summary_label.setObjectName("stations_summary")
        self.summary_label.setProperty("role", "lead")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        bar = QHBoxLayout()
        self.register_button = QPushButton(self.tr("Register a station..."))
        self.register_button.setObjectName("register_station")
        self.revoke_button = QPushButton(self.tr("Revoke registration"))
        self.revoke_button.setObjectName("revoke_station")
        if not ctx.can(Permission.STATIONS):  # the service refuses them too
            self.register_button.hide()
            self.revoke_button.hide()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refresh_stations")
        for button in (self.register_button, self.revoke_button, self.refresh_button):
            button.setProperty("role", "wide")
        self.register_button.clicked.connect(self.open_register_dialog)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.refresh_button.clicked.connect(self.refresh)
        bar.addWidget(self.register_button)
        bar.addWidget(self.revoke_button)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("Highlight stations with no bundle for")))
        self.quiet_days = QSpinBox()
        self.quiet_days.setObjectName("quiet_days")
        self.quiet_days.setRange(1, 365)
        self.quiet_days.setValue(int(remembered(SETTING_QUIET_DAYS, str(DEFAULT_QUIET_DAYS))))
        self.quiet_days.setSuffix(self.tr(" days"))
        self.quiet_days.valueChanged.connect(self._quiet_days_changed)
        bar.addWidget(self.quiet_days)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = StationTableModel(self)
        self.table = make_table(self.model, "stations_table", StationTableModel.GAPS)
        # What needs the clerk (open conflicts, an old program version) shows beside the
        # status, also on a 1024×768 screen in 特大; the gaps, last, take the room left.
        # Only the view's order changes (the model's columns stay).
        header = self.table.horizontalHeader()
        header.moveSection(header.visualIndex(StationTableModel.GAPS), header.count() - 1)
        for place, column in enumerate((StationTableModel.CONFLICTS, StationTableModel.VERSION),
                                       start=StationTableModel.STATUS + 1):
            header.moveSection(header.visualIndex(column), place)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_details())
        splitter.addWidget(self.table)
        splitter.addWidget(self._details_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        layout.addWidget(self._key_box())
        self._update_buttons()

    def _details_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Selected station"))
        inner = QVBoxLayout(box)
        self.details_label = QLabel(self.tr("Select a station to see its bundles."))
        self.details_label.setObjectName("station_details")
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.details_label)
        self.received_model = ReceivedTableModel(self)
        self.received_table = make_table(self.received_model, "received_bundles",
                                         ReceivedTableModel.FILE)
        inner.addWidget(self.received_table, 1)
        return box

    def _key_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("County center's public key"))
        row = QHBoxLayout(box)
        self.key_label = QLabel(ELLIPSIS)  # until loaded
        self.key_label.setObjectName("county_key_number")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.key_label)
        note = hint(self.tr("Every station imports this key file on its Sync page before it "
                            "can export bundles."))
        row.addWidget(note, 1)
        self.copy_key_button = QPushButton(self.tr("Copy public key"))
        self.copy_key_button.setObjectName("copy_county_key")
        self.save_key_button = QPushButton(self.tr("Save public key file..."))
        self.save_key_button.setObjectName("save_county_key")
        for button in (self.copy_key_button, self.save_key_button):
            button.setProperty("role", "wide")
            row.addWidget(button)
        self.copy_key_button.clicked.connect(self.copy_county_key)
        self.save_key_button.clicked.connect(self.save_county_key)
        return box

    # -- loading -----------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: load_stations(db), on_done=self.show_state,
                            on_error=self._load_failed)

    def _load_failed(self, error: BaseException) -> None:
        self.summary_label.setText(self.tr("Could not read the stations."))
        show_error(self, self.tr("Stations"), error)

    def show_state(self, state: StationsState) -> None:
        selected = self.selected_station()
        self.state = state
        self.model.set_state(state.stations, state.now, self.quiet_days.value())
        self.key_label.setText(self.tr("Key number %1").replace(
            "%1", self.ctx.key_fingerprint[:FINGERPRINT_DIGITS]))
        self._show_summary()
        if state.stations:
            codes = [s.division_code for s in state.stations]
            row = codes.index(selected.division_code) if (
                selected and selected.division_code in codes) else 0
            self.table.selectRow(row)
        self.show_details()
        self._update_buttons()

    def _show_summary(self) -> None:
        state = self.state
        if state is None:
            return
        stations = state.stations
        if not stations:
            self.summary_label.setText(self.tr(
                "No station is registered yet. Register each station with the public key file "
                "from its Sync page."))
            return
        revoked = sum(1 for s in stations if s.revoked)
        quiet = sum(1 for s in stations if self.model.quiet(s))
        gaps = sum(1 for s in stations if s.has_gap)
        text = self.tr("%1 stations registered (%2 revoked). No bundle for %3 days or more: "
                       "%4. Missing or refused bundles: %5.").replace(
            "%1", str(len(stations))).replace("%2", str(revoked)).replace(
            "%3", str(self.quiet_days.value())).replace("%4", str(quiet)).replace(
            "%5", str(gaps))
        self.summary_label.setText(text)

    def _quiet_days_changed(self, days: int) -> None:
        QSettings().setValue(SETTING_QUIET_DAYS, days)
        self.model.set_quiet_days(days)
        self._show_summary()

    # -- details -----------------------------------------------------------------------------

    def selected_station(self) -> StationOverview | None:
        index = self.table.currentIndex()
        return self.model.station_at(index.row()) if index.isValid() else None

    def show_details(self) -> None:
        s = self.selected_station()
        self._update_buttons()
        if s is None:
            self.details_label.setText(self.tr("Select a station to see its bundles."))
            self.received_model.set_items([])
            return
        self.details_label.setText(self.details_text(s))
        db, code = self.ctx.db, s.division_code

        def load() -> list[ReceivedBundle]:
            from workstation.county.overview import station_bundles

            return station_bundles(db, code)

        self.ctx.runner.run(load, on_done=lambda rows: self._show_received(code, rows))
        if s.open_conflicts:
            self.ctx.runner.run(lambda: load_open_conflicts(db, code),
                                on_done=lambda rows: self._show_conflicts(code, rows))

    def _show_received(self, code: str, rows: list[ReceivedBundle]) -> None:
        current = self.selected_station()
        if current is not None and current.division_code == code:
            self.received_model.set_items(rows)

    def _show_conflicts(self, code: str, rows: list[Any]) -> None:
        """The first open conflicts under the station's details (all are in every
        acknowledgement for the station)."""
        current = self.selected_station()
        if current is None or current.division_code != code or not rows:
            return
        lines = [self.details_text(current)]
        for r in rows[:CONFLICTS_SHOWN]:
            versions = self.tr("county version %1, station version %2").replace(
                "%1", str(r.county_version)).replace("%2", str(r.station_version))
            lines.append(f"  · {record_type_label(r.table)} {r.label or r.record_id[:8]}："
                         f"{r.reason_text}（{versions}）")
        if len(rows) > CONFLICTS_SHOWN:
            lines.append(self.tr("... and %1 more").replace(
                "%1", str(len(rows) - CONFLICTS_SHOWN)))
        self.details_label.setText("\n".join(lines))

    def details_text(self, s: StationOverview) -> str:
        lines = [self.tr("%1 %2, registered %3, key number %4.").replace(
            "%1", s.division_code).replace("%2", s.name or "").replace(
            "%3", local_time(s.registered_at)).replace(
            "%4", s.key_fingerprint[:FINGERPRINT_DIGITS])]
        if s.epoch > 1:
            lines.append(self.epoch_text(s))
        if s.needed:
            lines.append(self.tr(
                "Bundle No. %1 has not arrived and its changes are missing: ask the station to "
                "bring it, or to export again.").replace("%1", numbers(s.needed)))
        for refusal in s.refused:
            lines.append(self.tr("Bundle No. %1 was refused (%2): %3").replace(
                "%1", str(refusal.seq)).replace("%2", local_time(refusal.refused_at)).replace(
                "%3", refusal.reason))
        if s.skipped:
            lines.append(self.tr(
                "Bundle No. %1 never arrived, but a later bundle brought its changes: nothing "
                "is missing.").replace("%1", numbers(s.skipped)))
        if s.audit_chain is not None:
            for b, at in s.audit_chain.breaks:
                lines.append(self.tr(
                    "Audit trail: entries %1 (found %2). Someone may have deleted or changed "
                    "the station's audit entries: check with the station.").replace(
                    "%1", b.label).replace("%2", local_time(parse_time(at))))
        if s.open_conflicts:
            lines.append(self.tr(
                "%1 record(s) of its bundles differ from what the county holds: every "
                "acknowledgement lists them until the station settles them.").replace(
                "%1", str(s.open_conflicts)))
        if s.revoked:
            lines.append(self.tr("The registration is revoked: its bundles are refused."))
        return "\n".join(lines)

    def epoch_text(self, s: StationOverview) -> str:
        """When, which and why the station's chain epoch changed (docs/sync-bundle.md)."""
        why = (self.tr("its data went back to an older state") if s.epoch_reason == "rollback"
               else self.tr("its data was restored from a backup"))
        return self.tr(
            "Chain No. %1 began here on %2 (%3): the station sent all its records again and "
            "they were merged record by record; nothing held here was lost. Bundles of the "
            "older chain are refused; bundle numbers count from No. %4 again.").replace(
            "%1", str(s.epoch)).replace("%2", local_time(s.epoch_started_at)).replace(
            "%3", why).replace("%4", str(s.epoch_first_seq))

    # -- actions -----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        s = self.selected_station()
        ready = self.state is not None and not self.busy
        self.register_button.setEnabled(ready)
        self.revoke_button.setEnabled(ready and s is not None and not s.revoked)
        self.copy_key_button.setEnabled(ready)
        self.save_key_button.setEnabled(ready)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    def open_register_dialog(self) -> None:
        from .station_dialog import RegisterStationDialog

        known = {s.division_code for s in self.state.stations} if self.state else set()
        dialog = RegisterStationDialog(self.ctx, known, self)
        dialog.registered.connect(self._registered)
        self.register_dialog = dialog
        dialog.finished.connect(lambda *_: setattr(self, "register_dialog", None))
        dialog.open()

    def _registered(self, code: str, fingerprint: str) -> None:
        self.ctx.signals.status_message.emit(self.tr(
            "Station %1 registered (key number %2).").replace("%1", code).replace(
            "%2", fingerprint[:FINGERPRINT_DIGITS]))
        self.refresh()

    def revoke_selected(self) -> None:
        s = self.selected_station()
        if s is None or s.revoked or self.busy:
            return
        if not confirm(self, self.tr("Revoke registration"), self.tr(
                "Revoke the registration of %1 %2?\nIts bundles will be refused from now "
                "on; what was imported stays.").replace("%1", s.division_code).replace(
                "%2", s.name)):
            return
        from workstation.county.service import revoke_station

        db, code, actor = self.ctx.db, s.division_code, self.ctx.actor
        self._set_busy(True)
        self.ctx.runner.run(lambda: revoke_station(db, code, actor=actor), write=True,
                            on_done=lambda _r: self._revoked(code),
                            on_error=self._action_failed(self.tr("Could not revoke")))

    def _revoked(self, code: str) -> None:
        self._set_busy(False)
        self.ctx.signals.status_message.emit(self.tr("Registration of %1 revoked.").replace(
            "%1", code))
        self.refresh()

    def copy_county_key(self) -> None:
        if self.state is not None:
            QGuiApplication.clipboard().setText(self.state.county_key)
            self.ctx.signals.status_message.emit(self.tr("The county's public key was copied."))
            from workstation.county.service import export_public_key

            db, actor = self.ctx.db, self.ctx.actor
            self.ctx.runner.run(lambda: export_public_key(db, "剪贴板", actor=actor),
                                write=True)

    def save_county_key(self) -> None:
        if self.state is None:
            return
        start = Path(remembered(SETTING_KEY_DIR, str(Path.home()))) / self.tr(
            "county-public-key.pem")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the county's public key"), str(start),
            self.tr("Key files (*.pem);;All files (*)"))
        if not path:
            return
        QSettings().setValue(SETTING_KEY_DIR, str(Path(path).parent))
        text, db, actor = self.state.county_key, self.ctx.db, self.ctx.actor
        self._set_busy(True)
        self.ctx.runner.run(lambda: save_county_key(text, path, db, actor),
                            on_done=self._key_saved,
                            on_error=self._action_failed(self.tr("Could not save the key")))

    def _key_saved(self, path: Path) -> None:
        self._set_busy(False)
        QMessageBox.information(self, self.tr("County center's public key"), self.tr(
            "Saved to %1.\nGive this file to the stations: they import it on their Sync page.")
            .replace("%1", str(path)))

    def _action_failed(self, title: str):  # type: ignore[no-untyped-def]
        def handle(error: BaseException) -> None:
            self._set_busy(False)
            show_error(self, title, error)

        return handle
