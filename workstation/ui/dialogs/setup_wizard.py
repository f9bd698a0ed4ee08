"""First-run setup: the station's identity, the first admin account, and (once the encrypted
station exists) its recovery code, shown once with a print button and a confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from workstation.domain.committees import CommitteeType, suggest_committee
from workstation.domain.errors import ValidationError
from workstation.services.stations import StationSetup, default_case_prefix, validate_setup

from ..security.recovery_code import RecoveryCodePanel
from ..tasks import TaskRunner
from ..widgets.forms import ErrorLabel, combo_for, combo_value, set_combo_value

STATION_FIELDS = ("station_name", "division_code", "county_center", "case_prefix")
ADMIN_FIELDS = ("admin_username", "admin_name", "admin_password")


class _Page(QWizardPage):
    """A wizard page of labelled line edits, each with an error label."""

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.edits: dict[str, QLineEdit] = {}
        self.error_labels: dict[str, ErrorLabel] = {}
        outer = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        outer.addWidget(text)
        self.form = QFormLayout()
        outer.addLayout(self.form)

    def add(self, field: str, label: str, placeholder: str = "", *,
            password: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        edit.setPlaceholderText(placeholder)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        error = ErrorLabel()
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(edit)
        lay.addWidget(error)
        self.form.addRow(label, box)
        self.edits[field] = edit
        self.error_labels[field] = error
        return edit

    def show_errors(self, by_field: dict[str, str]) -> bool:
        """Show errors of this page's fields; True when there are none."""
        clean = True
        for field, label in self.error_labels.items():
            message = by_field.get(field)
            label.show_message(message)
            clean = clean and not message
        return clean


class _CommitteePage(_Page):
    """The people's mediation committee the station prints for: its name exactly as on its
    seal (suggested from the station's name until the user types one) and its type."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__("", "")
        self.setTitle(self.tr("Mediation committee"))
        intro = QLabel(self.tr(
            "Mediation documents are issued in the name of the people's mediation committee "
            "and carry its seal. Enter its name exactly as on the seal; more committees (e.g. "
            "village committees) can be added later under Settings."))
        intro.setWordWrap(True)
        self.layout().insertWidget(0, intro)
        self._wizard = wizard
        self.name_edit = self.add("committee_name", self.tr("Committee name (as on its seal)"))
        self.kind = combo_for(CommitteeType, searchable=False)
        self.kind.setObjectName("committee_kind")
        kind_error = ErrorLabel()
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.kind)
        lay.addWidget(kind_error)
        self.form.addRow(self.tr("Committee type"), box)
        self.error_labels["committee_kind"] = kind_error
        self._suggested = ""
        self.name_edit.textEdited.connect(self._typed)
        self._touched = False

    def _typed(self, _text: str) -> None:
        self._touched = True

    def initializePage(self) -> None:
        name, kind = suggest_committee(self._wizard._value("station_name"))
        if not self._touched or not self.name_edit.text().strip():
            self.name_edit.setText(name)
            set_combo_value(self.kind, kind.value)
            self._touched = False


class _RecoveryPage(QWizardPage):
    """The last page: complete once the code is confirmed as recorded."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self.setTitle(self.tr("Recovery code"))
        layout = QVBoxLayout(self)
        self.panel = RecoveryCodePanel(runner, "", "", self)
        self.panel.confirmed_changed.connect(lambda *_: self.completeChanged.emit())
        layout.addWidget(self.panel)

    def isComplete(self) -> bool:
        return self.panel.confirm.isChecked()


class SetupWizard(QWizard):
    """Collects a ``StationSetup``; ``create(setup)`` (→ ``security.Unlocked``, with the new
    station's recovery code) runs in the background, then the code is shown."""

    def __init__(self, runner: TaskRunner, create: Callable[[StationSetup], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._create = create
        self.actor: Any = None
        #: What ``create`` returned (the open station).
        self.result_value: Any = None
        self._finishing = False
        self.setWindowTitle(self.tr("Set up this station"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(560, 420)

        self.station_page = _Page(
            self.tr("Station"),
            self.tr("This computer has no station yet. Enter the station's details as they "
                    "appear on its nameplate and in the county's list."))
        name = self.station_page.add("station_name", self.tr("Station name"),
                                     self.tr("e.g. Haigang Town Public Legal Service Station"))
        self.station_page.add("division_code", self.tr("Division code (12 digits)"),
                              "130302100000")
        self.station_page.add("county_center", self.tr("County center"))
        prefix = self.station_page.add("case_prefix", self.tr("Case number prefix"))
        self.station_page.add("phone", self.tr("Station phone"))
        name.textChanged.connect(
            lambda text: prefix.setPlaceholderText(default_case_prefix(text)))

        self.committee_page = _CommitteePage(self)

        self.admin_page = _Page(
            self.tr("Administrator"),
            self.tr("Create the first account. The administrator manages operators and "
                    "settings. Keep the password safe."))
        self.admin_page.add("admin_username", self.tr("User name"), "admin")
        self.admin_page.add("admin_name", self.tr("Full name"))
        self.admin_page.add("admin_password", self.tr("Password"), password=True)
        self.admin_page.add("admin_password2", self.tr("Repeat password"), password=True)

        self.recovery_page = _RecoveryPage(runner)
        self.addPage(self.station_page)
        self.addPage(self.committee_page)
        self.addPage(self.admin_page)
        self.addPage(self.recovery_page)
        # Once the station exists there is no going back, and no cancelling it.
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)

    @property
    def recovery_confirmed(self) -> bool:
        return self.recovery_page.panel.confirm.isChecked()

    def reject(self) -> None:
        if self.result_value is not None:  # closed on the last page: the station exists
            self.accept()
            return
        super().reject()

    def _value(self, field: str) -> str:
        for page in (self.station_page, self.committee_page, self.admin_page):
            if field in page.edits:
                return page.edits[field].text()
        return ""

    def setup(self) -> StationSetup:
        return StationSetup(
            station_name=self._value("station_name"),
            division_code=self._value("division_code"),
            county_center=self._value("county_center"),
            case_prefix=self._value("case_prefix"),
            admin_username=self._value("admin_username"),
            admin_name=self._value("admin_name"),
            admin_password=self._value("admin_password"),
            phone=self._value("phone"),
            committee_name=self._value("committee_name"),
            committee_kind=combo_value(self.committee_page.kind) or "",
        )

    def _errors(self) -> dict[str, str]:
        try:
            validate_setup(self.setup())
        except ValidationError as exc:
            errors = exc.by_field
        else:
            errors = {}
        if self._value("admin_password") != self._value("admin_password2"):
            errors.setdefault("admin_password2", self.tr("The two passwords differ."))
        return errors

    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if not isinstance(page, _Page) or self.actor is not None:
            return True  # QWizard.accept() validates again after the station was created
        if not page.show_errors(self._errors()):
            return False
        if page is self.admin_page and not self._finishing:
            self._finishing = True
            self.button(QWizard.WizardButton.NextButton).setEnabled(False)
            setup = self.setup()  # read the widgets here, on the GUI thread
            self.runner.run(lambda: self._create(setup), write=True,
                            on_done=self._created, on_error=self._failed)
            return False
        return True

    def _created(self, result: Any) -> None:
        self.result_value = result
        self.actor = getattr(result, "actor", result)
        self._finishing = False
        self.button(QWizard.WizardButton.NextButton).setEnabled(True)
        code = getattr(result, "recovery_code", None)
        if not code:
            self.accept()
            return
        self.recovery_page.panel.set_code(self.setup().station_name.strip(), code)
        self.next()

    def _failed(self, error: BaseException) -> None:
        self._finishing = False
        self.button(QWizard.WizardButton.NextButton).setEnabled(True)
        if isinstance(error, ValidationError):
            self.station_page.show_errors(error.by_field)
            self.committee_page.show_errors(error.by_field)
            self.admin_page.show_errors(error.by_field)
            return
        QMessageBox.warning(self, self.tr("Setup failed"), str(error))
