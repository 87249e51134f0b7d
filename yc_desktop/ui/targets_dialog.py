"""The year's targets (标准值) and per-unit target overrides, and creating a new assessment year.

Targets are typed as text and turned into `Decimal` from that text, never through a float, so 72.5 is stored as
exactly 72.5. Every change is one store call; a refusal (a finalised year or unit, a bad value) is shown with the
store's own Chinese message and the dialog stays open with what was typed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from yc_desktop.core.rules import RATE_ITEMS
from yc_desktop.core.targets import TARGET_LABELS, Targets, default_targets
from yc_desktop.store.errors import StoreError
from yc_desktop.store.service import FINAL, Store, UnitYearView
from yc_desktop.ui.dialog_helpers import no_default_buttons, show_refusal
from yc_desktop.ui.rows_model import RowsTableModel, read_only_table

PERCENT_PLACES = 2
_TO_ASCII = str.maketrans("０１２３４５６７８９．。", "0123456789..", "%％ \u3000")
RATE_NAMES: dict[str, str] = {"onboarding": "网上进驻率", "acceptance": "网上受理率", "completion": "网上办结率"}


# -- exact percent input ----------------------------------------------------------------------------------------


def normalise_percent_text(text: str) -> str:
    """Full-width digits and points (from a Chinese input method) made ASCII; spaces and % signs dropped."""
    return text.strip().translate(_TO_ASCII)


def parse_percent(text: str) -> Decimal:
    """The exact percent typed in `text` (0–100, at most two decimals); ValueError with a Chinese reason."""
    digits = normalise_percent_text(text)
    if not digits:
        raise ValueError("请输入目标值")
    whole, _point, decimals = digits.partition(".")
    if not (whole or decimals) or not (whole + decimals).isascii() or not (whole + decimals).isdigit():
        raise ValueError(f"「{text}」不是数字")
    if len(decimals) > PERCENT_PLACES:
        raise ValueError(f"目标值最多 {PERCENT_PLACES} 位小数")
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the checks above leave only valid decimals
        raise ValueError(f"「{text}」不是数字") from exc
    if value > 100:
        raise ValueError("目标值必须在 0 到 100 之间")
    return value


def format_exact(value: Fraction | Decimal) -> str:
    """A target as people write it, exactly: 90, 72.5, 33.33 (no trailing zeros, no exponent)."""
    exact = value if isinstance(value, Decimal) else Decimal(value.numerator) / Decimal(value.denominator)
    return f"{exact.normalize():f}"


class PercentValidator(QValidator):
    """Digits with at most two decimals, 0–100; what can still become valid (empty, "72.") is Intermediate."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits = normalise_percent_text(text)
        pos = max(0, min(len(digits), pos - (len(text) - len(digits))))
        whole, point, decimals = digits.partition(".")
        if (whole + decimals) and not ((whole + decimals).isascii() and (whole + decimals).isdigit()):
            return QValidator.State.Invalid, text, pos
        if "." in decimals or len(decimals) > PERCENT_PLACES or len(whole) > 3:
            return QValidator.State.Invalid, text, pos
        if not whole and not decimals:
            return QValidator.State.Intermediate, digits, pos
        if Decimal(f"{whole or 0}.{decimals or 0}") > 100:
            return QValidator.State.Invalid, text, pos
        if point and not decimals:
            return QValidator.State.Intermediate, digits, pos
        return QValidator.State.Acceptable, digits, pos


def percent_edit(parent: QWidget, object_name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(object_name)
    edit.setValidator(PercentValidator(edit))
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("100.00") * 2 + 24)
    edit.setPlaceholderText("0–100")
    return edit


# -- per-unit overrides ---------------------------------------------------------------------------------------

Index = QModelIndex | QPersistentModelIndex
OVERRIDE_COLUMNS: tuple[str, ...] = ("单位", "指标", "调整后目标", "年度目标")
UNIT_COLUMN, ITEM_COLUMN, VALUE_COLUMN, YEAR_VALUE_COLUMN = range(len(OVERRIDE_COLUMNS))


@dataclass(frozen=True, slots=True)
class TargetOverrideRow:
    unit_id: int
    unit_name: str
    item: str
    value: Fraction
    year_value: Fraction


def override_rows(
    views: Sequence[UnitYearView], year_targets: Targets, also: Collection[tuple[int, str]] = ()
) -> list[TargetOverrideRow]:
    """The overrides of a year, from the effective targets of each unit (`UnitYearView.targets`).

    `also` names the (unit id, item) pairs the store holds an override for, so one equal to the year's target
    is listed too (it still pins the unit's target if the year's changes).
    """
    rows: list[TargetOverrideRow] = []
    for view in views:
        for item in RATE_ITEMS:
            value, base = view.targets.get(item), year_targets.get(item)
            if value != base or (view.unit.id, item) in also:
                rows.append(TargetOverrideRow(view.unit.id, view.unit.name, item, value, base))
    return rows


class TargetOverridesModel(RowsTableModel):
    columns = OVERRIDE_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TargetOverrideRow] = []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == UNIT_COLUMN:
                return row.unit_name
            if column == ITEM_COLUMN:
                return RATE_NAMES[row.item]
            if column == VALUE_COLUMN:
                return f"{format_exact(row.value)}%"
            if column == YEAR_VALUE_COLUMN:
                return f"{format_exact(row.year_value)}%"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column >= VALUE_COLUMN else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None


# -- the dialog -------------------------------------------------------------------------------------------------


class TargetsDialog(QDialog):
    """Targets of one year (switchable to any stored year) and their per-unit overrides; creates new years."""

    targetsChanged = Signal(int)  # year whose targets or overrides were saved
    yearCreated = Signal(int)

    def __init__(self, store: Store, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("年度目标设置")
        self._store = store
        self._year = year
        self._stored: Targets | None = None
        self._known_overrides: set[tuple[int, str]] = set()

        self._year_combo = QComboBox(self)
        self._year_combo.setObjectName("yearCombo")
        year_label = QLabel("年度(&Y):", self)
        year_label.setBuddy(self._year_combo)
        self._rules_label = QLabel(self)
        self._rules_label.setObjectName("rulesLabel")
        self._rules_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._new_year_spin = QSpinBox(self)
        self._new_year_spin.setObjectName("newYearSpin")
        self._new_year_spin.setRange(2000, 2100)
        self._new_year_spin.setSuffix(" 年")
        self._new_year_button = QPushButton("新建年度(&N)", self)
        self._new_year_button.setObjectName("newYearButton")
        self._new_year_button.setToolTip("按规则集的默认目标新建该年度的考核")

        self._target_edits: dict[str, QLineEdit] = {}
        self._default_labels: dict[str, QLabel] = {}
        targets_box = QGroupBox("年度目标(标准值)", self)
        grid = QGridLayout(targets_box)
        grid.setHorizontalSpacing(10)
        grid.addWidget(_quiet_label("指标", targets_box), 0, 0)
        grid.addWidget(_quiet_label("目标值", targets_box), 0, 1, 1, 2)
        grid.addWidget(_quiet_label("规则集默认值", targets_box), 0, 3)
        for row, item in enumerate(RATE_ITEMS, start=1):
            edit = percent_edit(targets_box, f"target_{item}")
            label = QLabel(f"{TARGET_LABELS[item]}:", targets_box)
            label.setBuddy(edit)
            default = QLabel(targets_box)
            default.setObjectName(f"default_{item}")
            self._target_edits[item] = edit
            self._default_labels[item] = default
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(QLabel("%", targets_box), row, 2)
            grid.addWidget(default, row, 3)
            edit.textEdited.connect(self._update_buttons)
            edit.returnPressed.connect(self._save_year_targets)
        grid.setColumnStretch(4, 1)
        self._lock_label = QLabel("该年度已有单位定稿,年度目标不能再修改。", targets_box)
        self._lock_label.setObjectName("lockLabel")
        self._lock_label.setStyleSheet("color: #8a5a00;")
        self._lock_label.hide()
        self._locked = False
        self._restore_button = QPushButton("填入默认值", targets_box)
        self._save_button = QPushButton("保存年度目标(&S)", targets_box)
        self._save_button.setObjectName("saveTargetsButton")
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self._lock_label)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self._restore_button)
        buttons_row.addWidget(self._save_button)
        grid.addLayout(buttons_row, len(RATE_ITEMS) + 1, 0, 1, 5)

        overrides_box = QGroupBox("单位目标调整(只对所列单位适用,其余单位按年度目标)", self)
        self._overrides_model = TargetOverridesModel(self)
        self._overrides_table = read_only_table(
            self._overrides_model, overrides_box, "overridesTable", None, alternating=False
        )
        self._override_unit = QComboBox(overrides_box)
        self._override_unit.setObjectName("overrideUnit")
        self._override_item = QComboBox(overrides_box)
        self._override_item.setObjectName("overrideItem")
        for item in RATE_ITEMS:
            self._override_item.addItem(RATE_NAMES[item], item)
        self._override_value = percent_edit(overrides_box, "overrideValue")
        self._set_override_button = QPushButton("设置调整(&A)", overrides_box)
        self._set_override_button.setObjectName("setOverrideButton")
        self._remove_override_button = QPushButton("取消所选调整(&R)", overrides_box)
        self._remove_override_button.setObjectName("removeOverrideButton")
        unit_label = QLabel("单位(&U):", overrides_box)
        unit_label.setBuddy(self._override_unit)
        override_row = QHBoxLayout()
        override_row.addWidget(unit_label)
        override_row.addWidget(self._override_unit, 2)
        override_row.addWidget(QLabel("指标:", overrides_box))
        override_row.addWidget(self._override_item, 1)
        override_row.addWidget(QLabel("目标值:", overrides_box))
        override_row.addWidget(self._override_value)
        override_row.addWidget(QLabel("%", overrides_box))
        override_row.addWidget(self._set_override_button)
        remove_row = QHBoxLayout()
        remove_row.addWidget(_quiet_label("选中一行可修改或取消该调整;已定稿单位的目标不能修改。", overrides_box), 1)
        remove_row.addWidget(self._remove_override_button)
        overrides_layout = QVBoxLayout(overrides_box)
        overrides_layout.addWidget(self._overrides_table, 1)
        overrides_layout.addLayout(override_row)
        overrides_layout.addLayout(remove_row)

        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close_box.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self._year_combo)
        top.addSpacing(12)
        top.addWidget(self._rules_label, 1)
        top.addWidget(self._new_year_spin)
        top.addWidget(self._new_year_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(targets_box)
        layout.addWidget(overrides_box, 1)
        layout.addWidget(close_box)
        self.resize(760, 600)

        self._fill_years(year)
        self._year_combo.activated.connect(self._year_chosen)
        self._new_year_button.clicked.connect(self._create_year)
        self._restore_button.clicked.connect(self._fill_defaults)
        self._save_button.clicked.connect(self._save_year_targets)
        self._set_override_button.clicked.connect(self._set_override)
        self._override_value.returnPressed.connect(self._set_override)
        self._remove_override_button.clicked.connect(self._remove_override)
        self._overrides_table.selectionModel().selectionChanged.connect(self._override_selected)
        self._load_year()
        no_default_buttons(self)

    # -- public ---------------------------------------------------------------------------------------------

    def year(self) -> int:
        return self._year

    def overrides_model(self) -> TargetOverridesModel:
        return self._overrides_model

    def target_edit(self, item: str) -> QLineEdit:
        return self._target_edits[item]

    def has_unsaved_changes(self) -> bool:
        return bool(self._typed_changes(strict=False))

    # -- loading --------------------------------------------------------------------------------------------

    def _fill_years(self, selected: int) -> None:
        years = self._store.years()
        self._year_combo.clear()
        for year in years:
            self._year_combo.addItem(f"{year} 年", year)
        if years:
            self._year = selected if selected in years else years[-1]
            self._year_combo.setCurrentIndex(years.index(self._year))
        self._new_year_spin.setValue(min(2100, max(years, default=2013) + 1))

    def _load_year(self) -> None:
        has_year = self._year in self._store.years()
        for widget in (*self._override_widgets(), *self._target_edits.values(), self._restore_button):
            widget.setEnabled(has_year)
        if not has_year:
            self._stored = None
            self._rules_label.setText("还没有任何考核年度,请先新建年度")
            self._update_buttons()
            return
        rules = self._store.rules_for(self._year)
        self._rules_label.setText(f"规则集:{rules.name}  ·  {rules.title}")
        self._stored = self._store.year_targets(self._year)
        views = self._store.year_overview(self._year, include_inactive=True)
        # The store refuses new year targets once a unit is finalised; say so before anyone types in vain.
        self._locked = any(view.state == FINAL for view in views)
        self._lock_label.setVisible(self._locked)
        self._restore_button.setEnabled(not self._locked)
        defaults = default_targets(self._year, rules)
        for item in RATE_ITEMS:
            self._target_edits[item].setText(format_exact(self._stored.get(item)))
            self._target_edits[item].setReadOnly(self._locked)
            self._default_labels[item].setText(f"{format_exact(defaults.get(item))}%")
        self._load_overrides(views)
        self._update_buttons()

    def _override_widgets(self) -> tuple[QWidget, ...]:
        return (self._overrides_table, self._override_unit, self._override_item, self._override_value,
                self._set_override_button)  # fmt: skip

    def _load_overrides(self, views: Sequence[UnitYearView] | None = None) -> None:
        if self._stored is None:
            return
        if views is None:
            views = self._store.year_overview(self._year, include_inactive=True)
        overridden = set(self._known_overrides) | set(self._store.target_overrides(self._year))
        self._overrides_model.set_rows(override_rows(views, self._stored, overridden))
        current = self._override_unit.currentData()
        self._override_unit.clear()
        for view in views:
            marks = [
                mark for mark, shown in (("已停用", not view.unit.active), ("已定稿", view.state == FINAL)) if shown
            ]
            suffix = f"({'、'.join(marks)})" if marks else ""
            self._override_unit.addItem(f"{view.unit.name}{suffix}", view.unit.id)
        if current is not None and (index := self._override_unit.findData(current)) >= 0:
            self._override_unit.setCurrentIndex(index)

    def _typed_changes(self, strict: bool) -> dict[str, Decimal]:
        """The year targets typed differently from the stored ones; with `strict`, a bad entry raises ValueError."""
        changes: dict[str, Decimal] = {}
        if self._stored is None:
            return changes
        for item, edit in self._target_edits.items():
            try:
                value = parse_percent(edit.text())
            except ValueError as exc:
                if strict:
                    raise ValueError(f"{TARGET_LABELS[item]}:{exc}") from exc
                changes[item] = Decimal(-1)  # unparseable text is still an unsaved change
                continue
            if Fraction(value) != self._stored.get(item):
                changes[item] = value
        return changes

    def _update_buttons(self) -> None:
        self._save_button.setEnabled(self._stored is not None and not self._locked and self.has_unsaved_changes())
        self._remove_override_button.setEnabled(bool(self._overrides_table.selectionModel().selectedRows()))

    def _confirm_discard(self) -> bool:
        if not self.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self,
            "放弃修改",
            f"{self._year} 年度目标的修改还没有保存,放弃这些修改吗?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- actions --------------------------------------------------------------------------------------------

    def _year_chosen(self, index: int) -> None:
        chosen = self._year_combo.itemData(index)
        if chosen == self._year:
            return
        if not self._confirm_discard():
            self._year_combo.setCurrentIndex(self._year_combo.findData(self._year))
            return
        self._year = chosen
        self._known_overrides.clear()
        self._load_year()

    def _create_year(self) -> None:
        year = self._new_year_spin.value()
        if year in self._store.years():
            QMessageBox.information(self, "新建年度", f"{year} 年度已经存在。")
            return
        if not self._confirm_discard():
            return
        try:
            self._store.ensure_year(year)
        except StoreError as error:
            show_refusal(self, "无法新建年度", error)
            return
        self._known_overrides.clear()
        self._fill_years(year)
        self._load_year()
        self.yearCreated.emit(year)

    def _fill_defaults(self) -> None:
        defaults = default_targets(self._year, self._store.rules_for(self._year))
        for item, edit in self._target_edits.items():
            edit.setText(format_exact(defaults.get(item)))
        self._update_buttons()

    def _save_year_targets(self) -> None:
        try:
            changes = self._typed_changes(strict=True)
        except ValueError as error:
            show_refusal(self, "目标值无效", error)
            return
        if not changes:
            return
        try:
            # One call for the year's targets: the store applies them in one transaction, all or none.
            self._store.set_year_targets(self._year, changes)
        except StoreError as error:
            show_refusal(self, "无法保存年度目标", error)
            return
        self._load_year()
        self.targetsChanged.emit(self._year)

    def _set_override(self) -> None:
        unit_id = self._override_unit.currentData()
        item = self._override_item.currentData()
        if unit_id is None:
            return
        try:
            value = parse_percent(self._override_value.text())
        except ValueError as error:
            show_refusal(self, "目标值无效", error)
            return
        try:
            self._store.set_target_override(unit_id, self._year, item, value)
        except StoreError as error:
            show_refusal(self, "无法调整单位目标", error)
            return
        self._known_overrides.add((unit_id, item))
        self._load_overrides()
        self._select_override(unit_id, item)
        self.targetsChanged.emit(self._year)

    def _remove_override(self) -> None:
        selected = self._overrides_table.selectionModel().selectedRows()
        if not selected:
            return
        row = self._overrides_model.row_at(selected[0].row())
        try:
            self._store.set_target_override(row.unit_id, self._year, row.item, None)
        except StoreError as error:
            show_refusal(self, "无法取消单位目标调整", error)
            return
        self._known_overrides.discard((row.unit_id, row.item))
        self._load_overrides()
        self._update_buttons()
        self.targetsChanged.emit(self._year)

    def _select_override(self, unit_id: int, item: str) -> None:
        for index, row in enumerate(self._overrides_model.rows()):
            if (row.unit_id, row.item) == (unit_id, item):
                self._overrides_table.selectRow(index)
                return

    def _override_selected(self) -> None:
        selected = self._overrides_table.selectionModel().selectedRows()
        if selected:
            row = self._overrides_model.row_at(selected[0].row())
            self._override_unit.setCurrentIndex(self._override_unit.findData(row.unit_id))
            self._override_item.setCurrentIndex(self._override_item.findData(row.item))
            self._override_value.setText(format_exact(row.value))
        self._update_buttons()

    def reject(self) -> None:
        if self._confirm_discard():
            super().reject()


def _quiet_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet("color: #5f6368;")
    return label
