"""Managing the units: add, rename, change group, reorder, deactivate or activate, delete.

Each action is one store call, audited there. A unit that already has figures cannot be deleted (the store says
so); the dialog shows that message and offers 停用 instead, which keeps its data and its history.
All actions have keys: F2 rename, Ctrl+↑/↓ move, Delete delete, Enter in the name field adds.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yc_desktop.core.units import MAX_NAME_LENGTH, UNIT_GROUPS
from yc_desktop.store.errors import StoreError
from yc_desktop.store.service import Store, UnitInfo
from yc_desktop.ui.dialog_helpers import no_default_buttons, show_refusal
from yc_desktop.ui.rows_model import RowsTableModel, read_only_table

Index = QModelIndex | QPersistentModelIndex
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS: tuple[str, ...] = ("名称", "类别", "顺序", "状态")
NAME, GROUP, ORDER, STATE = range(len(COLUMNS))
INACTIVE_COLOUR = "#80868b"


class UnitsListModel(RowsTableModel):
    """All units, active or not, in display order."""

    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[UnitInfo] = []

    def unit_at(self, row: int) -> UnitInfo:
        return self._rows[row]

    def row_of_unit(self, unit_id: int) -> int | None:
        return next((i for i, unit in enumerate(self._rows) if unit.id == unit_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        unit = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return unit.name
            if column == GROUP:
                return unit.group
            if column == ORDER:
                return str(index.row() + 1)  # the position in the list, whatever gaps deletions left
            if column == STATE:
                return "启用" if unit.active else "停用"
        if role == Qt.ItemDataRole.ForegroundRole and not unit.active:
            return QBrush(QColor(INACTIVE_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column == ORDER else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and not unit.active:
            return "已停用:不出现在录入、排名和评分表中,数据保留"
        if role == UNIT_ID_ROLE:
            return unit.id
        return None


def _ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class UnitsDialog(QDialog):
    """The list of all units with the actions on the selected one."""

    unitsChanged = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("单位管理")
        self._store = store

        add_box = QGroupBox("新增单位", self)
        self._name_edit = QLineEdit(add_box)
        self._name_edit.setObjectName("newUnitName")
        self._name_edit.setMaxLength(MAX_NAME_LENGTH)
        self._name_edit.setPlaceholderText("例如:区民政局、上城街道")
        self._group_combo = QComboBox(add_box)
        self._group_combo.setObjectName("newUnitGroup")
        self._group_combo.addItems(list(UNIT_GROUPS))
        self._add_button = QPushButton("新增(&N)", add_box)
        self._add_button.setObjectName("addUnitButton")
        name_label = QLabel("名称(&M):", add_box)
        name_label.setBuddy(self._name_edit)
        group_label = QLabel("类别(&L):", add_box)
        group_label.setBuddy(self._group_combo)
        add_row = QHBoxLayout(add_box)
        add_row.addWidget(name_label)
        add_row.addWidget(self._name_edit, 1)
        add_row.addWidget(group_label)
        add_row.addWidget(self._group_combo)
        add_row.addWidget(self._add_button)

        self._model = UnitsListModel(self)
        self._table = read_only_table(self._model, self, "unitsTable", NAME)
        self._table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

        self._rename_button = self._action_button("改名(&R)…", "renameButton", "F2")
        self._group_button = self._action_button("修改类别(&G)…", "groupButton", "")
        self._up_button = self._action_button("上移(&U)", "upButton", "Ctrl+↑")
        self._down_button = self._action_button("下移(&D)", "downButton", "Ctrl+↓")
        self._active_button = self._action_button("停用(&S)", "activeButton", "")
        self._delete_button = self._action_button("删除(&X)…", "deleteButton", "Delete")
        actions = QVBoxLayout()
        for button in (self._rename_button, self._group_button):
            actions.addWidget(button)
        actions.addSpacing(12)
        actions.addWidget(self._up_button)
        actions.addWidget(self._down_button)
        actions.addSpacing(12)
        actions.addWidget(self._active_button)
        actions.addWidget(self._delete_button)
        actions.addStretch(1)

        hint = QLabel("停用的单位不参加录入和排名,数据保留,可随时重新启用;已有考核数据的单位不能删除。", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close_box.rejected.connect(self.reject)

        middle = QHBoxLayout()
        middle.addWidget(self._table, 1)
        middle.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.addWidget(add_box)
        layout.addLayout(middle, 1)
        layout.addWidget(hint)
        layout.addWidget(close_box)
        self.resize(640, 560)

        self._add_button.clicked.connect(self.add_unit)
        self._name_edit.returnPressed.connect(self.add_unit)
        self._rename_button.clicked.connect(self.rename_selected)
        self._group_button.clicked.connect(self.change_group_of_selected)
        self._up_button.clicked.connect(lambda: self.move_selected(-1))
        self._down_button.clicked.connect(lambda: self.move_selected(+1))
        self._active_button.clicked.connect(self.toggle_active_of_selected)
        self._delete_button.clicked.connect(self.delete_selected)
        self._table.doubleClicked.connect(lambda _index: self.rename_selected())
        # Delete is bound to the table only, so that Delete in the name field still deletes characters; the
        # other keys mean nothing in the fields and work anywhere in the dialog.
        for keys, slot, context in (
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected, Qt.ShortcutContext.WidgetShortcut),
            (QKeySequence(Qt.Key.Key_F2), self.rename_selected, Qt.ShortcutContext.WindowShortcut),
            (QKeySequence("Ctrl+Up"), lambda: self.move_selected(-1), Qt.ShortcutContext.WindowShortcut),
            (QKeySequence("Ctrl+Down"), lambda: self.move_selected(+1), Qt.ShortcutContext.WindowShortcut),
        ):
            shortcut = QShortcut(keys, self._table)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self._table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._reload()
        if self._model.rowCount():
            self._table.selectRow(0)
        self._name_edit.setFocus()
        no_default_buttons(self)

    def _action_button(self, text: str, name: str, keys: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        if keys:
            button.setToolTip(f"快捷键:{keys}")
        return button

    # -- public ---------------------------------------------------------------------------------------------

    def model(self) -> UnitsListModel:
        return self._model

    def table(self) -> QTableView:
        return self._table

    def selected_unit(self) -> UnitInfo | None:
        rows = self._table.selectionModel().selectedRows()
        return self._model.unit_at(rows[0].row()) if rows else None

    def select_unit(self, unit_id: int) -> bool:
        row = self._model.row_of_unit(unit_id)
        if row is None:
            return False
        self._table.selectRow(row)
        return True

    # -- actions (also reachable from buttons and keys) -----------------------------------------------------

    def add_unit(self) -> None:
        name = self._name_edit.text().strip()
        if not name:
            self._name_edit.setFocus()
            return
        try:
            unit = self._store.add_unit(name, self._group_combo.currentText())
        except StoreError as error:
            show_refusal(self, "无法新增单位", error)
            return
        self._name_edit.clear()
        self._changed(unit.id)

    def rename_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        name, ok = QInputDialog.getText(
            self, "单位改名", f"「{unit.name}」的新名称:", QLineEdit.EchoMode.Normal, unit.name
        )
        if not ok or name.strip() == unit.name:
            return
        try:
            self._store.rename_unit(unit.id, name)
        except StoreError as error:
            show_refusal(self, "无法改名", error)
            return
        self._changed(unit.id)

    def change_group_of_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        groups = list(UNIT_GROUPS)
        current = groups.index(unit.group) if unit.group in groups else 0
        group, ok = QInputDialog.getItem(self, "修改单位类别", f"「{unit.name}」的类别:", groups, current, False)
        if not ok or group == unit.group:
            return
        try:
            self._store.set_unit_group(unit.id, group)
        except StoreError as error:
            show_refusal(self, "无法修改类别", error)
            return
        self._changed(unit.id)

    def move_selected(self, step: int) -> None:
        unit = self.selected_unit()
        row = self._model.row_of_unit(unit.id) if unit else None
        if unit is None or row is None or not 0 <= row + step < self._model.rowCount():
            return
        try:
            self._store.move_unit(unit.id, row + step)
        except StoreError as error:
            show_refusal(self, "无法调整顺序", error)
            return
        self._changed(unit.id)

    def toggle_active_of_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        self._set_active(unit, not unit.active)

    def delete_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None or not _ask(self, "删除单位", f"确定删除「{unit.name}」吗?删除后不能恢复。"):
            return
        try:
            self._store.delete_unit(unit.id)
        except StoreError as error:
            if unit.active and _ask(self, "不能删除", f"{error.message_zh}\n\n现在停用「{unit.name}」吗?"):
                self._set_active(unit, False)
            elif not unit.active:
                show_refusal(self, "不能删除", error)
            return
        row = self._model.row_of_unit(unit.id) or 0
        self._reload()
        if self._model.rowCount():
            self._table.selectRow(min(row, self._model.rowCount() - 1))
        self.unitsChanged.emit()

    # -- internals ------------------------------------------------------------------------------------------

    def _set_active(self, unit: UnitInfo, active: bool) -> None:
        try:
            self._store.set_unit_active(unit.id, active)
        except StoreError as error:
            show_refusal(self, "无法启用" if active else "无法停用", error)
            return
        self._changed(unit.id)

    def _changed(self, unit_id: int) -> None:
        self._reload()
        self.select_unit(unit_id)
        self.unitsChanged.emit()

    def _reload(self) -> None:
        self._model.set_rows(self._store.units(include_inactive=True))
        self._update_buttons()

    def _update_buttons(self) -> None:
        unit = self.selected_unit()
        row = self._model.row_of_unit(unit.id) if unit else None
        for button in (self._rename_button, self._group_button, self._active_button, self._delete_button):
            button.setEnabled(unit is not None)
        self._up_button.setEnabled(row is not None and row > 0)
        self._down_button.setEnabled(row is not None and row < self._model.rowCount() - 1)
        self._active_button.setText("启用(&S)" if unit is not None and not unit.active else "停用(&S)")
