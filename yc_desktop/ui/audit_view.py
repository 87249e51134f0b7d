"""The audit log (修改记录): who changed what, when, from which value to which, and why; newest first.

The log only grows, to tens of thousands of entries over the years, so the model reads the newest page first and
more as the table scrolls to the end (canFetchMore / fetchMore) instead of everything at once. Field keys are shown
with their Chinese names and stored values (True, 0-based positions) as people say them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yc_desktop.core.figures import FIELD_LABELS
from yc_desktop.core.targets import TARGET_LABELS
from yc_desktop.store.models import AuditEntry
from yc_desktop.store.service import Store
from yc_desktop.ui.rows_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 500
MAX_CELL_CHARS = 60  # longer texts (佐证说明 up to 2,000 characters) are cut in the cell and shown whole in the tooltip
ALL_UNITS = "全部单位"

COLUMNS: tuple[str, ...] = ("时间", "操作人", "身份", "操作", "单位", "年度", "字段", "原值", "新值", "原因")
AT, ACTOR, ROLE, ACTION, UNIT, YEAR, FIELD, BEFORE, AFTER, REASON = range(len(COLUMNS))
LONG_TEXT_COLUMNS = {BEFORE, AFTER, REASON}

INDICATOR_LABELS: dict[str, str] = {
    "onboarding": "网上进驻率",
    "acceptance": "网上受理率",
    "completion": "网上办结率",
    "satisfaction": "群众满意率",
}
OTHER_FIELD_LABELS: dict[str, str] = {
    "note": "备注",
    "state": "状态",
    "name": "名称",
    "group": "类别",
    "active": "启用状态",
    "display_order": "顺序",
}


def field_label(action: str, field: str) -> str:
    """The Chinese name of an audited field; evidence notes name an indicator, not a target, by the same key."""
    if not field:
        return ""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    if "佐证说明" in action and field in INDICATOR_LABELS:
        return INDICATOR_LABELS[field]
    if field in TARGET_LABELS:
        return TARGET_LABELS[field]
    return OTHER_FIELD_LABELS.get(field, INDICATOR_LABELS.get(field, field))


def value_text(action: str, field: str, text: str) -> str:
    """A stored before/after value as people read it."""
    if field == "active" and text in ("True", "False"):
        return "启用" if text == "True" else "停用"
    if field == "display_order" and text.isdigit():
        return f"第 {int(text) + 1} 位"  # the store records 0-based positions
    if field in TARGET_LABELS and "佐证说明" not in action and _is_number(text):
        return f"{text}%"
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return bool(text)


def time_text(at: str) -> str:
    return at.replace("T", " ")


def _qdate(date: dt.date) -> QDate:
    return QDate(date.year, date.month, date.day)


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_CELL_CHARS else flat[: MAX_CELL_CHARS - 1] + "…"


class AuditModel(RowsTableModel):
    """Audit entries matching a filter, newest first, read from the store a page at a time."""

    columns = COLUMNS

    def __init__(self, store: Store, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._store = store
        self._page_size = page_size
        self._rows: list[AuditEntry] = []
        self._more = False
        self._inserting = False  # views and testers may ask for more while rows are being inserted
        self._unit: str | None = None
        self._since: str | None = None
        self._until: str | None = None

    # -- content --------------------------------------------------------------------------------------------

    def set_filter(self, unit: str | None = None, since: str | None = None, until: str | None = None) -> None:
        """Unit name (None: all) and ISO dates (inclusive); reads the first page again."""
        self._unit, self._since, self._until = unit or None, since or None, until or None
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._store.audit_entries(self._unit, self._since, self._until, limit=self._page_size)
        self._more = len(self._rows) == self._page_size
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row]

    def _next_page(self) -> list[AuditEntry]:
        """The entries after the last one shown.

        The store can only limit, not skip, so the next page is the tail of a longer read; growing each read by
        half of what is loaded keeps the total work linear. A cursor on the time would be cheaper but would skip
        entries written while the clock was set wrong. Entries written since the first page are left out by id.
        """
        loaded = len(self._rows)
        limit = loaded + max(self._page_size, loaded // 2)
        fetched = self._store.audit_entries(self._unit, self._since, self._until, limit=limit)
        self._more = len(fetched) == limit
        last_id = self._rows[-1].get_id()
        return [entry for entry in fetched if entry.get_id() < last_id]

    # -- QAbstractTableModel --------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more and bool(self._rows) and not self._inserting

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._next_page()
        if not page:
            self._more = False
            return
        self._inserting = True
        try:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._inserting = False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.full_text(entry, column)
            return _one_line(text) if column in LONG_TEXT_COLUMNS else text
        if role == Qt.ItemDataRole.ToolTipRole and column in LONG_TEXT_COLUMNS:
            text = self.full_text(entry, column)
            return text if _one_line(text) != text else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == YEAR:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def full_text(entry: AuditEntry, column: int) -> str:
        if column == AT:
            return time_text(entry.at)
        if column == ACTOR:
            return entry.actor
        if column == ROLE:
            return entry.role
        if column == ACTION:
            return entry.action
        if column == UNIT:
            return entry.unit
        if column == YEAR:
            return "" if entry.year is None else str(entry.year)
        if column == FIELD:
            return field_label(entry.action, entry.field)
        if column == BEFORE:
            return value_text(entry.action, entry.field, entry.before)
        if column == AFTER:
            return value_text(entry.action, entry.field, entry.after)
        if column == REASON:
            return entry.reason
        return ""


class AuditView(QWidget):
    """The audit log with filters by unit and by date range; put it in a dialog or a tab."""

    filterChanged = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._model = AuditModel(store, self)

        self._unit_combo = QComboBox(self)
        self._unit_combo.setObjectName("auditUnitCombo")
        self._unit_combo.setMinimumContentsLength(10)
        unit_label = QLabel("单位(&U):", self)
        unit_label.setBuddy(self._unit_combo)
        self._date_check = QCheckBox("日期(&D):", self)
        self._date_check.setObjectName("auditDateCheck")
        today = QDate.currentDate()
        self._since_edit = self._date_edit("auditSince", today.addDays(-30))
        self._until_edit = self._date_edit("auditUntil", today)
        self._count_label = QLabel(self)
        self._count_label.setObjectName("auditCount")
        self._count_label.setStyleSheet("color: #5f6368;")
        self._refresh_button = QPushButton("刷新(&R)", self)

        self._table = QTableView(self)
        self._table.setObjectName("auditTable")
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setAlternatingRowColors(True)
        self._table.setWordWrap(False)
        self._table.verticalHeader().hide()
        self._table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        # Fixed widths from sample texts: measuring thousands of rows (ResizeToContents) would stall scrolling.
        for column, sample in (
            (AT, "2014-12-31 23:59:59"),
            (ACTOR, "操作人员名"),
            (ROLE, "考核员"),
            (ACTION, "保存考核数据(自评文件)"),
            (UNIT, "区经济和信息化局"),
            (YEAR, "年度"),
            (FIELD, "网上办结业务量"),
            (BEFORE, "000000000000"),
            (AFTER, "000000000000"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)

        filters = QHBoxLayout()
        filters.addWidget(unit_label)
        filters.addWidget(self._unit_combo)
        filters.addSpacing(16)
        filters.addWidget(self._date_check)
        filters.addWidget(self._since_edit)
        filters.addWidget(QLabel("至", self))
        filters.addWidget(self._until_edit)
        filters.addSpacing(16)
        filters.addWidget(self._count_label, 1)
        filters.addWidget(self._refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self._table, 1)

        self._fill_units()
        self._set_dates_enabled(False)
        self._unit_combo.currentIndexChanged.connect(self._apply_filter)
        self._date_check.toggled.connect(self._dates_toggled)
        self._since_edit.dateChanged.connect(self._since_changed)
        self._until_edit.dateChanged.connect(self._until_changed)
        self._refresh_button.clicked.connect(self.refresh)
        self._model.rowsInserted.connect(self._show_count)
        self._model.modelReset.connect(self._show_count)
        self._apply_filter()

    def _date_edit(self, name: str, date: QDate) -> QDateEdit:
        edit = QDateEdit(date, self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # -- public ---------------------------------------------------------------------------------------------

    def model(self) -> AuditModel:
        return self._model

    def table(self) -> QTableView:
        return self._table

    def refresh(self) -> None:
        """Read units and entries again (after changes elsewhere), keeping the filters."""
        self._fill_units()
        self._model.reload()

    def set_unit_filter(self, unit: str | None) -> None:
        index = self._unit_combo.findText(unit) if unit else 0
        self._unit_combo.setCurrentIndex(max(0, index))

    def set_date_range(self, since: dt.date | None, until: dt.date | None) -> None:
        """Both None: all dates. Otherwise entries on or after `since` and on or before `until`."""
        if since is None and until is None:
            self._date_check.setChecked(False)
            return
        self._since_edit.setDate(_qdate(since) if since else QDate(2000, 1, 1))
        self._until_edit.setDate(_qdate(until) if until else QDate.currentDate())
        self._date_check.setChecked(True)
        self._apply_filter()

    # -- internals ------------------------------------------------------------------------------------------

    def _fill_units(self) -> None:
        current = self._unit_combo.currentText()
        self._unit_combo.blockSignals(True)
        self._unit_combo.clear()
        self._unit_combo.addItem(ALL_UNITS)
        # Names from the log itself: a renamed or deleted unit's history stays findable.
        names = [unit.name for unit in self._store.units(include_inactive=True)]
        self._unit_combo.addItems(names + [name for name in self._store.audit_units() if name not in names])
        self._unit_combo.setCurrentIndex(max(0, self._unit_combo.findText(current)))
        self._unit_combo.blockSignals(False)

    def _set_dates_enabled(self, enabled: bool) -> None:
        self._since_edit.setEnabled(enabled)
        self._until_edit.setEnabled(enabled)

    def _dates_toggled(self, checked: bool) -> None:
        self._set_dates_enabled(checked)
        self._apply_filter()

    def _since_changed(self, date: QDate) -> None:
        if date > self._until_edit.date():
            self._until_edit.setDate(date)  # keeps the range non-empty; its own signal re-filters
        else:
            self._apply_filter()

    def _until_changed(self, date: QDate) -> None:
        if date < self._since_edit.date():
            self._since_edit.setDate(date)
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        unit = self._unit_combo.currentText()
        since = until = None
        if self._date_check.isChecked():
            since = self._since_edit.date().toString("yyyy-MM-dd")
            until = self._until_edit.date().toString("yyyy-MM-dd")
        self._model.set_filter(None if unit == ALL_UNITS else unit, since, until)
        self.filterChanged.emit()

    def _show_count(self) -> None:
        count = self._model.rowCount()
        if count == 0:
            self._count_label.setText("没有符合条件的记录")
        elif self._model.canFetchMore(QModelIndex()):
            self._count_label.setText(f"已显示最新的 {count} 条,向下滚动显示更早的记录")
        else:
            self._count_label.setText(f"共 {count} 条记录")
