"""Who is working: 联络员 (one unit, 自评) or 考核员 (all units, 考核, behind the assessor password).

The dialog asks for the person's name (it goes on every audit entry), the unit for a liaison, and the password
for an assessor — set on first use, twice. The password check itself lives in store.auth.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from yc_desktop.core.units import UNIT_GROUPS
from yc_desktop.store.auth import has_assessor_password, set_assessor_password, verify_assessor_password
from yc_desktop.store.errors import StoreError
from yc_desktop.store.service import ASSESSOR, LIAISON, Store


@dataclass(frozen=True, slots=True)
class RoleChoice:
    role: str
    actor: str
    unit_id: int | None  # the liaison's unit


def authenticate_assessor(store: Store, password: str, confirm: str | None) -> str | None:
    """None when the assessor may enter, else the Chinese reason. With `confirm`, sets the first password."""
    try:
        if not has_assessor_password(store):
            if confirm is None:
                return "请设置考核员密码"
            if password != confirm:
                return "两次输入的密码不一致"
            set_assessor_password(store, password)
            return None
        return None if verify_assessor_password(store, password) else "密码不正确"
    except StoreError as exc:
        return exc.message_zh


class RoleDialog(QDialog):
    def __init__(self, store: Store, actor: str = "", role: str = LIAISON, unit_id: int | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("选择身份")
        self._store = store
        self.choice: RoleChoice | None = None
        self._first_password = not has_assessor_password(store)

        self._liaison = QRadioButton("联络员(填报本单位自评)")
        self._assessor = QRadioButton("考核员(区监察局,审核全部单位)")
        buttons = QButtonGroup(self)
        buttons.addButton(self._liaison)
        buttons.addButton(self._assessor)
        (self._assessor if role == ASSESSOR else self._liaison).setChecked(True)

        self._name = QLineEdit(actor)
        self._name.setPlaceholderText("姓名(记入操作日志)")
        self._unit = QComboBox()
        for unit in store.units():
            self._unit.addItem(unit.name, unit.id)
        if unit_id is not None and (index := self._unit.findData(unit_id)) >= 0:
            self._unit.setCurrentIndex(index)
        self._new_unit = QLineEdit()
        self._new_unit.setPlaceholderText("本单位名称")
        self._new_group = QComboBox()
        self._new_group.addItems(UNIT_GROUPS)
        self._password = QLineEdit()
        self._password.setEchoMode(QLineEdit.EchoMode.Password)
        self._confirm = QLineEdit()
        self._confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self._message = QLabel()
        self._message.setStyleSheet("color: #a50e0e")
        self._message.setWordWrap(True)

        form = QFormLayout()
        form.addRow("姓名:", self._name)
        self._unit_row = QWidget()
        unit_layout = QHBoxLayout(self._unit_row)
        unit_layout.setContentsMargins(0, 0, 0, 0)
        if self._unit.count():
            unit_layout.addWidget(self._unit)
        else:
            unit_layout.addWidget(self._new_unit, 1)
            unit_layout.addWidget(self._new_group)
        form.addRow("本单位:", self._unit_row)
        password_label = "设置考核员密码:" if self._first_password else "考核员密码:"
        form.addRow(password_label, self._password)
        if self._first_password:
            form.addRow("再次输入密码:", self._confirm)
        self._form = form

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("进入")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self._try_accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._liaison)
        layout.addWidget(self._assessor)
        layout.addLayout(form)
        layout.addWidget(self._message)
        layout.addWidget(box)
        self._liaison.toggled.connect(self._update_rows)
        self._update_rows()
        self.resize(460, self.sizeHint().height())

    def _update_rows(self) -> None:
        liaison = self._liaison.isChecked()
        self._form.setRowVisible(self._unit_row, liaison)
        self._form.setRowVisible(self._password, not liaison)
        if self._first_password:
            self._form.setRowVisible(self._confirm, not liaison)
        self._message.clear()

    def _try_accept(self) -> None:
        actor = self._name.text().strip()
        if not actor:
            self._message.setText("请填写姓名:每一项修改都会记录操作人。")
            return
        if self._liaison.isChecked():
            self._accept_liaison(actor)
        else:
            confirm = self._confirm.text() if self._first_password else None
            problem = authenticate_assessor(self._store, self._password.text(), confirm)
            self._password.clear()
            self._confirm.clear()
            if problem:
                self._message.setText(problem)
                return
            self.choice = RoleChoice(ASSESSOR, actor, None)
            self.accept()

    def _accept_liaison(self, actor: str) -> None:
        if self._unit.count():
            self.choice = RoleChoice(LIAISON, actor, self._unit.currentData())
            self.accept()
            return
        self._store.role, self._store.actor = LIAISON, actor
        try:
            unit = self._store.add_unit(self._new_unit.text(), self._new_group.currentText())
        except StoreError as exc:
            self._message.setText(exc.message_zh)
            return
        self.choice = RoleChoice(LIAISON, actor, unit.id)
        self.accept()
