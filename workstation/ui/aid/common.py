"""Pieces shared by the legal aid form and the referral view: the urgent banner, the
materials checklist with its one-time notification (一次性告知), and small helpers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.deadlines import AID_URGENT_DAYS
from workstation.domain.eligibility import Material, one_time_notice

from ..widgets.check_group import CheckGroup


def urgent_text() -> str:
    """The art. 44 banner text."""
    return QCoreApplication.translate(
        "Aid", "Urgent: less than %1 days to the deadline; legal aid may be provided first "
        "(Legal Aid Law art. 44)").replace("%1", str(AID_URGENT_DAYS))


class UrgentBanner(QLabel):
    """A prominent red strip shown while a referral is urgent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(urgent_text(), parent)
        self.setObjectName("urgent_banner")
        self.setProperty("role", "urgent")
        self.setWordWrap(True)
        self.hide()


def aid_center_name(county_center: str) -> str:
    """The county legal aid center's usual name, from the county public legal service center.

    "海港区公共法律服务中心" → "海港区法律援助中心"; a name that already is a legal aid center
    is kept.
    """
    name = county_center.strip()
    if not name or "法律援助" in name:
        return name
    for suffix in ("公共法律服务中心", "公共法律服务站", "中心"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name + "法律援助中心"


class MaterialsChecklist(QWidget):
    """Checkboxes of the required materials and the one-time notice of what is missing."""

    #: A box was ticked or unticked by the user.
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._materials: list[Material] = []
        self._boxes: dict[str, QCheckBox] = {}
        #: The boxes as one Tab stop (arrows move, Space ticks), rebuilt with the list.
        self.group: CheckGroup | None = None
        #: Codes ticked so far, kept while the required list changes (route or matter edits).
        self._ticked: set[str] = set()
        self._name = ""
        self._editable = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "warning")
        layout.addWidget(self.hint)
        self._box_area = QVBoxLayout()
        self._box_area.setSpacing(4)
        layout.addLayout(self._box_area)
        title = QLabel(self.tr("One-time notification of missing materials"))
        title.setProperty("role", "strong")
        layout.addWidget(title)
        self._anchor = title  # the boxes go right after it in the Tab chain (see set_required)
        self.notice = QPlainTextEdit()
        self.notice.setObjectName("one_time_notice")
        self.notice.setReadOnly(True)
        self.notice.setMinimumHeight(110)
        self.notice.setMaximumHeight(170)
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("copy_notice")
        self.copy_button.setToolTip(self.tr("Copy the notice, e.g. to paste it into a text "
                                            "message"))
        self.copy_button.clicked.connect(self.copy_notice)
        self.copied = QLabel()
        row.addWidget(self.copy_button)
        row.addWidget(self.copied)
        row.addStretch(1)
        layout.addLayout(row)
        self._refresh_notice()

    # -- contents -------------------------------------------------------------------------------

    def set_required(self, materials: Sequence[Material], hint: str = "") -> None:
        """Show one checkbox per required material, keeping what was ticked before."""
        if [m.code for m in materials] == [m.code for m in self._materials] and \
                hint == self.hint.text():
            return
        had_focus = self.group is not None and self.group.has_focus()
        if self.group is not None:
            self._box_area.removeWidget(self.group)
            self.group.hide()
            self.group.deleteLater()
        self._materials = list(materials)
        self.group = CheckGroup([(m.code, m.label) for m in self._materials], columns=1,
                                name_prefix="material_")
        self.group.setObjectName("materials_group")
        self._boxes = dict(self.group.boxes)
        for code, box in self._boxes.items():
            box.setChecked(code in self._ticked)
            box.setEnabled(self._editable)
            box.toggled.connect(lambda on, code=code: self._toggled(code, on))
        self._box_area.addWidget(self.group)
        self.group.show()  # at once (a layout shows a new child only later)
        chain = self.group.chain()
        if chain:
            # New widgets join the end of the window's Tab chain: put the boxes back where
            # they stand on screen, right before the notice.
            order = [self._anchor, *chain, self.notice, self.copy_button]
            for first, second in pairwise(order):
                QWidget.setTabOrder(first, second)
            if had_focus:
                self.group.move_to(0)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self._refresh_notice()

    def set_received(self, codes: Iterable[str]) -> None:
        self._ticked = set(codes)
        for code, box in self._boxes.items():
            box.blockSignals(True)
            box.setChecked(code in self._ticked)
            box.blockSignals(False)
        self._refresh_notice()

    def set_applicant_name(self, name: str) -> None:
        if name != self._name:
            self._name = name
            self._refresh_notice()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for box in self._boxes.values():
            box.setEnabled(editable)

    def boxes(self) -> dict[str, QCheckBox]:
        return dict(self._boxes)

    def received(self) -> tuple[str, ...]:
        """Ticked codes among the materials shown, in checklist order."""
        return tuple(m.code for m in self._materials if m.code in self._ticked)

    def missing(self) -> list[Material]:
        return [m for m in self._materials if m.code not in self._ticked]

    def notice_text(self) -> str:
        return self.notice.toPlainText()

    # -- internals ------------------------------------------------------------------------------

    def _toggled(self, code: str, on: bool) -> None:
        if on:
            self._ticked.add(code)
        else:
            self._ticked.discard(code)
        self._refresh_notice()
        self.changed.emit()

    def _refresh_notice(self) -> None:
        if not self._materials:
            self.notice.setPlainText("")
            self.copy_button.setEnabled(False)
            return
        name = self._name or self.tr("Applicant")
        self.notice.setPlainText(one_time_notice(name, self.missing()))
        self.copy_button.setEnabled(True)
        self.copied.clear()

    def copy_notice(self) -> None:
        QApplication.clipboard().setText(self.notice.toPlainText())
        self.copied.setText(self.tr("Copied"))
