"""Photos of an activity: a strip of thumbnails with 添加照片… / 删除照片, and a viewer.

Picked files are read, decoded and downscaled on a worker thread (``services.photos``), with
a progress dialog that can cancel; files that are not pictures are named in one message and
left out. The strip keeps photos already saved (by id), photos added since (prepared, not yet
saved) and the ids of saved photos removed since; the form saves all of it in one go.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.publicity import MAX_PHOTOS
from workstation.domain.wording import ELIDED

from ..context import AppContext
from ..widgets.forms import show_error
from ..widgets.progress import TaskProgress

SETTING_PHOTO_DIR = "publicity/photo_dir"
THUMB_SIZE = QSize(128, 96)


@dataclass(frozen=True)
class PhotoEntry:
    """A photo shown in the strip: saved (``photo_id``) or added and not yet saved
    (``prepared``: a ``services.photos.PreparedPhoto``)."""

    file_name: str
    thumbnail: bytes
    photo_id: str | None = None
    prepared: Any = None


def pixmap(data: bytes) -> QPixmap:
    image = QPixmap()
    image.loadFromData(data)
    return image


def read_photos(paths: list[str], control: Any) -> tuple[list[Any], list[str]]:
    """Prepared photos and the Chinese reasons for the files refused (worker thread)."""
    from workstation.domain.errors import ValidationError
    from workstation.services.photos import read_photo_file

    prepared, refused = [], []
    for done, path in enumerate(paths):
        control.check()
        try:
            prepared.append(read_photo_file(path))
        except ValidationError as exc:
            refused.append(str(exc))
        control.progress(done + 1, len(paths))
    return prepared, refused


class PhotoStrip(QWidget):
    """Thumbnails of an activity's photos with buttons to add and remove them."""

    #: The set of photos changed (added or removed).
    changed = Signal()
    #: A batch of picked files finished loading (tests wait for it).
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[PhotoEntry] = []
        self.removed: list[str] = []
        self.progress: TaskProgress | None = None
        self.viewer: PhotoViewer | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("photo_list")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB_SIZE)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setSpacing(6)
        self.list.setMinimumHeight(THUMB_SIZE.height() + 52)
        self.list.setMaximumHeight(2 * THUMB_SIZE.height() + 90)
        self.list.itemDoubleClicked.connect(self._open_item)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add photos..."))
        self.add_button.setObjectName("add_photos")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("Remove selected photos"))
        self.remove_button.setObjectName("remove_photos")
        self.remove_button.clicked.connect(self.remove_selected)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "hint")
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self._refresh()

    # -- state --------------------------------------------------------------------------------

    def set_saved(self, photos: list[Any]) -> None:
        """Show the saved photos of an activity (``services.publicity.PhotoInfo``); forget
        anything added or removed since."""
        self.entries = [PhotoEntry(p.file_name, p.thumbnail, photo_id=p.id) for p in photos]
        self.removed = []
        self._refresh()

    def clear(self) -> None:
        self.set_saved([])

    def pending(self) -> list[Any]:
        """Photos added and not yet saved (``PreparedPhoto``), in order."""
        return [e.prepared for e in self.entries if e.prepared is not None]

    def removed_ids(self) -> list[str]:
        return list(self.removed)

    def add_prepared(self, photos: list[Any]) -> int:
        """Add prepared photos up to the limit; returns how many were left out."""
        room = max(0, MAX_PHOTOS - len(self.entries))
        for photo in photos[:room]:
            self.entries.append(PhotoEntry(photo.file_name, photo.thumbnail, prepared=photo))
        if photos[:room]:
            self._refresh()
            self.changed.emit()
        return max(0, len(photos) - room)

    def remove_selected(self) -> None:
        rows = sorted({self.list.row(item) for item in self.list.selectedItems()}, reverse=True)
        if not rows:
            return
        for row in rows:
            entry = self.entries.pop(row)
            if entry.photo_id is not None:
                self.removed.append(entry.photo_id)
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self.list.clear()
        for entry in self.entries:
            item = QListWidgetItem(QIcon(pixmap(entry.thumbnail)), _short(entry.file_name))
            item.setToolTip(entry.file_name)
            if entry.photo_id is None:
                item.setToolTip(self.tr("%1 (not saved yet)").replace("%1", entry.file_name))
            self.list.addItem(item)
        self.count_label.setText(self.tr("%1 of at most %2 photos").replace(
            "%1", str(len(self.entries))).replace("%2", str(MAX_PHOTOS)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.progress is not None
        self.add_button.setEnabled(not busy and len(self.entries) < MAX_PHOTOS)
        self.remove_button.setEnabled(not busy and bool(self.list.selectedItems()))

    # -- adding files ---------------------------------------------------------------------------

    def choose_files(self) -> None:
        from workstation.services.photos import IMAGE_SUFFIXES

        patterns = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
        folder = str(QSettings().value(SETTING_PHOTO_DIR, "") or "")
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), folder,
            self.tr("Pictures (%1);;All files (*)").replace("%1", patterns))
        if paths:
            QSettings().setValue(SETTING_PHOTO_DIR, str(Path(paths[0]).parent))
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        """Read, check and downscale ``paths`` in the background, then add them."""
        if not paths or self.progress is not None:
            return
        progress = TaskProgress(self, self.tr("Reading photos..."),
                                title=self.tr("Add photos"), cancel=self.tr("Cancel"))
        self.progress = progress
        self._update_buttons()
        progress.run(self.ctx.runner, lambda c: read_photos(list(paths), c),
                     on_done=self._files_read, on_error=self._read_failed)

    def _end_progress(self) -> None:
        progress, self.progress = self.progress, None
        if progress is not None:
            progress.close()
        self._update_buttons()

    def _files_read(self, result: tuple[list[Any], list[str]]) -> None:
        self._end_progress()
        prepared, refused = result
        left_out = self.add_prepared(prepared)
        problems = list(refused)
        if left_out:
            problems.append(self.tr("%1 photos were left out: an activity keeps at most %2 "
                                    "photos.").replace("%1", str(left_out))
                            .replace("%2", str(MAX_PHOTOS)))
        if problems:
            QMessageBox.warning(self, self.tr("Some files were not added"), "\n".join(problems))
        self.loaded.emit()

    def _read_failed(self, error: BaseException) -> None:
        from ..tasks import Cancelled

        self._end_progress()
        if not isinstance(error, Cancelled):
            show_error(self, self.tr("Could not add the photos"), error)
        self.loaded.emit()

    # -- viewing ----------------------------------------------------------------------------------

    def _open_item(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.entries):
            self.open_photo(self.entries[row])

    def open_photo(self, entry: PhotoEntry) -> None:
        """Show a photo full size (a saved one is read from the database in the background)."""
        if entry.prepared is not None:
            self._show(entry.file_name, entry.prepared.data)
            return
        from workstation.services.publicity import photo_image

        db, photo_id = self.ctx.db, entry.photo_id
        self.ctx.runner.run(lambda: photo_image(db, photo_id or ""),
                            on_done=lambda data: self._show(entry.file_name, data),
                            on_error=lambda exc: show_error(self, self.tr("Could not open"),
                                                            exc))

    def _show(self, title: str, data: bytes) -> None:
        viewer = PhotoViewer(title, data, self.window())
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer = viewer
        viewer.finished.connect(lambda *_: setattr(self, "viewer", None))
        viewer.open()


def _short(name: str, size: int = 16) -> str:
    return name if len(name) <= size else name[: size - 1] + ELIDED


class PhotoViewer(QDialog):
    """One photo, scaled to the screen, in a scroll area."""

    def __init__(self, title: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.image = QLabel()
        self.image.setObjectName("photo_view")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture = pixmap(data)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and not picture.isNull():
            bounds = QSize(int(screen.width() * 0.8), int(screen.height() * 0.75))
            if picture.width() > bounds.width() or picture.height() > bounds.height():
                picture = picture.scaled(bounds, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(picture)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(picture.width() + 40, picture.height() + 80)
