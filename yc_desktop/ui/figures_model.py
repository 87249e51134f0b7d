"""The figures of one unit as a table: the ten inputs, then the computed rates and scores; 自评 | 考核 | 差异说明.

The model holds the typed figures of both sides and the assessor's difference reasons, and recomputes every
computed row with the core (exact, never float) after each change. Edits through `setData` go on the undo stack,
one command each; `load_figures`, `load_reasons` and `restore` replace values without undo (loading, reverting).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QUndoStack

from yc_desktop.core.figures import FIELD_LABELS, FIELD_NAMES
from yc_desktop.core.rules import RuleSet
from yc_desktop.core.scoring import NO_CASES_WARNING
from yc_desktop.core.targets import Targets
from yc_desktop.ui.count_input import parse_count
from yc_desktop.ui.figures_rows import (
    INPUT_ROW_COUNT,
    SIDE_LABELS,
    Side,
    SideResult,
    computed_rows,
    computed_text,
    evaluate_side,
    format_percent,
    item_criteria,
)
from yc_desktop.ui.undo import ValueCommand

SIDE_COLUMNS: dict[Side, int] = {Side.SELF: 0, Side.ASSESSOR: 1}
COLUMN_SIDES: dict[int, Side] = {column: side for side, column in SIDE_COLUMNS.items()}
REASON_COLUMN = 2
COLUMN_COUNT = 3
MAX_REASON_LENGTH = 200
REASON_PLACEHOLDER = "请填写差异原因"

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1  # str | None: why this input cannot be scored (the core's reason)
DIFFERS_ROLE = Qt.ItemDataRole.UserRole + 2  # bool: 自评 and 考核 differ on this input

# A calm palette: tints, not saturated fills, so that a page of figures stays readable.
ERROR_BACKGROUND = QColor("#fdecea")
ERROR_BORDER = QColor("#c5221f")
ERROR_TEXT = QColor("#a50e0e")
DIFFERENCE_BACKGROUND = QColor("#fff4d6")
COMPUTED_BACKGROUND = QColor("#f4f6f8")
RESULT_BACKGROUND = QColor("#e8edf3")
PLACEHOLDER_TEXT = QColor("#8a8f98")

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class FiguresState:
    """Everything the user can change in the model, for the dirty check and for revert."""

    values: tuple[tuple[Side, tuple[int | None, ...]], ...]
    reasons: tuple[tuple[str, str], ...]


class FiguresModel(QAbstractTableModel):
    """Rows: the ten inputs in form order, then the computed rows. Columns: 自评, 考核, 差异说明."""

    contentChanged = Signal()  # after any change of figures or reasons, once the scores are recomputed

    def __init__(self, rules: RuleSet, targets: Targets, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rules = rules
        self._targets = targets
        self._undo_stack = undo_stack
        self._computed = computed_rows(rules)
        self._values: dict[Side, dict[str, int | None]] = {side: dict.fromkeys(FIELD_NAMES) for side in Side}
        self._reasons: dict[str, str] = {}
        self._editable = dict.fromkeys(Side, True)
        self._visible = dict.fromkeys(Side, True)
        self._results = {side: evaluate_side(self._values[side], targets, rules) for side in Side}
        self._pushing_edit = False

    # --- reading -------------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else INPUT_ROW_COUNT + len(self._computed)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def value(self, side: Side, field: str) -> int | None:
        return self._values[side][field]

    def values(self, side: Side) -> dict[str, int | None]:
        return dict(self._values[side])

    def result(self, side: Side) -> SideResult:
        return self._results[side]

    def differs(self, field: str) -> bool:
        """Both sides have a figure for `field` and they are not equal."""
        own, checked = self._values[Side.SELF][field], self._values[Side.ASSESSOR][field]
        return own is not None and checked is not None and own != checked

    def reason(self, field: str) -> str:
        return self._reasons.get(field, "")

    def is_pushing_edit(self) -> bool:
        """True while a `setData` edit goes onto the undo stack (as opposed to an undo, redo or revert)."""
        return self._pushing_edit

    def side_editable(self, side: Side) -> bool:
        return self._editable[side]

    def side_visible(self, side: Side) -> bool:
        return self._visible[side]

    def targets(self) -> Targets:
        return self._targets

    def rules(self) -> RuleSet:
        return self._rules

    def row_label(self, row: int) -> str:
        if row < INPUT_ROW_COUNT:
            return FIELD_LABELS[FIELD_NAMES[row]]
        return self._computed[row - INPUT_ROW_COUNT].label

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self._column_header(section) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < self.rowCount():
            return None
        roles: dict[int, Any] = {
            Qt.ItemDataRole.DisplayRole: self.row_label(section),
            Qt.ItemDataRole.TextAlignmentRole: _LEFT,
        }
        if self._is_result_row(section):
            roles[Qt.ItemDataRole.FontRole] = _bold_font()
        return roles.get(role)

    def _column_header(self, column: int) -> str | None:
        if column == REASON_COLUMN:
            return "差异说明"
        side = COLUMN_SIDES.get(column)
        if side is None:
            return None
        return SIDE_LABELS[side] + ("" if self._editable[side] else "(只读)")

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row, column = index.row(), index.column()
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if row >= INPUT_ROW_COUNT:
            return flags
        field = FIELD_NAMES[row]
        if column == REASON_COLUMN:
            editable = self._editable[Side.ASSESSOR] and self._visible[Side.ASSESSOR] and self.differs(field)
        else:
            side = COLUMN_SIDES[column]
            editable = self._editable[side] and self._visible[side]
        return flags | Qt.ItemFlag.ItemIsEditable if editable else flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == REASON_COLUMN:
            roles = self._reason_roles(row)
        elif row < INPUT_ROW_COUNT:
            roles = self._input_roles(COLUMN_SIDES[column], FIELD_NAMES[row])
        else:
            roles = self._computed_roles(COLUMN_SIDES[column], row)
        return roles.get(role)

    # Each cell is described as {role: value}; 60 cells make this cheaper than it looks and easy to read.

    def _compares_sides(self) -> bool:
        return all(self._visible.values())

    def _is_result_row(self, row: int) -> bool:
        return row >= INPUT_ROW_COUNT and self._computed[row - INPUT_ROW_COUNT].is_result

    def _input_roles(self, side: Side, field: str) -> dict[int, Any]:
        value = self._values[side][field]
        problem = self._results[side].problem_for(field)
        differs = self.differs(field) and self._compares_sides()
        roles: dict[int, Any] = {
            Qt.ItemDataRole.DisplayRole: "" if value is None else f"{value:,}",
            Qt.ItemDataRole.EditRole: value,
            Qt.ItemDataRole.TextAlignmentRole: _RIGHT,
            PROBLEM_ROLE: problem,
            DIFFERS_ROLE: differs,
        }
        if problem:
            roles[Qt.ItemDataRole.ToolTipRole] = problem
            roles[Qt.ItemDataRole.BackgroundRole] = ERROR_BACKGROUND
        elif differs:
            own, checked = self._values[Side.SELF][field], self._values[Side.ASSESSOR][field]
            assert own is not None and checked is not None
            roles[Qt.ItemDataRole.ToolTipRole] = f"自评 {own:,},考核 {checked:,},相差 {checked - own:+,}"
            roles[Qt.ItemDataRole.BackgroundRole] = DIFFERENCE_BACKGROUND
        return roles

    def _computed_roles(self, side: Side, row: int) -> dict[int, Any]:
        computed = self._computed[row - INPUT_ROW_COUNT]
        result = self._results[side]
        unscored_text = "" if result.is_empty else "—"
        text = unscored_text if result.score is None else computed_text(computed.key, result.score)
        roles: dict[int, Any] = {
            Qt.ItemDataRole.DisplayRole: text,
            Qt.ItemDataRole.TextAlignmentRole: _RIGHT,
            Qt.ItemDataRole.BackgroundRole: RESULT_BACKGROUND if computed.is_result else COMPUTED_BACKGROUND,
            Qt.ItemDataRole.ToolTipRole: self._computed_tooltip(computed.key, result),
        }
        if computed.is_result:
            roles[Qt.ItemDataRole.FontRole] = _bold_font()
        lowest_grade = self._rules.grades[-1].name
        if computed.key == "grade" and result.score is not None and result.score.grade == lowest_grade:
            roles[Qt.ItemDataRole.ForegroundRole] = ERROR_TEXT
        return roles

    def _computed_tooltip(self, key: str, result: SideResult) -> str | None:
        kind, _, item = key.partition(":")
        if result.score is None:
            return None if result.is_empty else "全部数据填写正确后自动计算"
        if kind == "rate" and result.score.rates[item] is None:
            return f"{NO_CASES_WARNING}:总业务量为 0,此项无法计算"
        if kind == "rate":
            return f"标准值(年度目标){format_percent(self._targets.get(item))}"
        return item_criteria(self._rules, item) if kind == "score" else None

    def _reason_roles(self, row: int) -> dict[int, Any]:
        if row >= INPUT_ROW_COUNT:  # keeps the band of the computed row across the table
            background = RESULT_BACKGROUND if self._is_result_row(row) else COMPUTED_BACKGROUND
            return {Qt.ItemDataRole.DisplayRole: "", Qt.ItemDataRole.BackgroundRole: background}
        field = FIELD_NAMES[row]
        reason = self._reasons.get(field, "")
        roles: dict[int, Any] = {Qt.ItemDataRole.EditRole: reason, Qt.ItemDataRole.TextAlignmentRole: _LEFT}
        if not (self.differs(field) and self._compares_sides()):
            roles[Qt.ItemDataRole.DisplayRole] = ""
        elif reason:
            roles[Qt.ItemDataRole.DisplayRole] = reason
            roles[Qt.ItemDataRole.ToolTipRole] = reason
        else:
            roles[Qt.ItemDataRole.DisplayRole] = REASON_PLACEHOLDER if self._editable[Side.ASSESSOR] else ""
            roles[Qt.ItemDataRole.ForegroundRole] = PLACEHOLDER_TEXT
            roles[Qt.ItemDataRole.BackgroundRole] = DIFFERENCE_BACKGROUND
        return roles

    # --- editing -------------------------------------------------------------------------------------------

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        """One committed edit → one undo command. Counts may come as int, None (cleared) or typed text."""
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        field = FIELD_NAMES[index.row()]
        label = FIELD_LABELS[field]
        if index.column() == REASON_COLUMN:
            text = str(value or "").strip()[:MAX_REASON_LENGTH]
            old_reason = self.reason(field)
            if text != old_reason:
                write = partial(self.write_reason, field)
                self._push(ValueCommand(f"修改差异说明 · {label}", write, old_reason, text))
            return True
        try:
            count = _as_count(value)
        except ValueError:
            return False
        side = COLUMN_SIDES[index.column()]
        old_count = self._values[side][field]
        if count != old_count:
            write_count = partial(self.write_figure, side, field)
            self._push(ValueCommand(f"修改{SIDE_LABELS[side]} · {label}", write_count, old_count, count))
        return True

    def _push(self, command: ValueCommand[Any]) -> None:
        self._pushing_edit = True
        try:
            self._undo_stack.push(command)
        finally:
            self._pushing_edit = False

    def paste_column(self, start: QModelIndex, text: str) -> int:
        """Figures copied from a spreadsheet column, one per line, into the column from `start` down, as one
        undo step. Nothing is pasted when a line is not a count or there are more lines than editable cells;
        returns how many cells were filled."""
        if not start.isValid() or start.column() == REASON_COLUMN:
            return 0
        lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
        targets = [self.index(start.row() + offset, start.column()) for offset in range(len(lines))]
        if not all(t.isValid() and self.flags(t) & Qt.ItemFlag.ItemIsEditable for t in targets):
            return 0
        try:
            counts = [_as_count(line.split("\t")[0]) for line in lines]
        except ValueError:
            return 0
        side = COLUMN_SIDES[start.column()]
        self._undo_stack.beginMacro(f"粘贴{SIDE_LABELS[side]} {len(lines)} 项")
        for target, count in zip(targets, counts, strict=True):
            self.setData(target, count)
        self._undo_stack.endMacro()
        return len(lines)

    def write_figure(self, side: Side, field: str, value: int | None) -> None:
        """Set one figure without undo (used by the undo commands themselves)."""
        self._values[side][field] = value
        self._changed()

    def write_reason(self, field: str, reason: str) -> None:
        self._reasons[field] = reason
        self._changed()

    def load_figures(self, side: Side, figures: Mapping[str, int | None]) -> None:
        """Replace one side's figures (missing keys → not entered); not an undoable edit."""
        unknown = set(figures) - set(FIELD_NAMES)
        if unknown:
            raise KeyError(f"unknown figure fields: {sorted(unknown)}")
        for field, value in figures.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise TypeError(f"{field} must be an int or None, got {value!r}")
        self._values[side] = {field: figures.get(field) for field in FIELD_NAMES}
        self._changed()

    def load_reasons(self, reasons: Mapping[str, str]) -> None:
        unknown = set(reasons) - set(FIELD_NAMES)
        if unknown:
            raise KeyError(f"unknown figure fields: {sorted(unknown)}")
        self._reasons = {field: text[:MAX_REASON_LENGTH] for field, text in reasons.items() if text}
        self._changed()

    def state(self) -> FiguresState:
        values = tuple((side, tuple(self._values[side][f] for f in FIELD_NAMES)) for side in Side)
        reasons = tuple(sorted((field, text) for field, text in self._reasons.items() if text))
        return FiguresState(values, reasons)

    def restore(self, state: FiguresState) -> None:
        for side, values in state.values:
            self._values[side] = dict(zip(FIELD_NAMES, values, strict=True))
        self._reasons = dict(state.reasons)
        self._changed()

    # --- configuration -------------------------------------------------------------------------------------

    def set_side_editable(self, side: Side, editable: bool) -> None:
        self._editable[side] = editable
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        self._emit_all_changed()

    def set_side_visible(self, side: Side, visible: bool) -> None:
        self._visible[side] = visible
        self._emit_all_changed()

    def set_targets(self, targets: Targets) -> None:
        self._targets = targets
        self._changed()

    def set_rules(self, rules: RuleSet) -> None:
        self._rules = rules
        self._computed = computed_rows(rules)
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)
        self._changed()

    def _changed(self) -> None:
        self._results = {side: evaluate_side(self._values[side], self._targets, self._rules) for side in Side}
        self._emit_all_changed()
        self.contentChanged.emit()

    def _emit_all_changed(self) -> None:
        # 20 × 3 cells: repainting all of them is cheaper than working out which computed cells moved.
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, COLUMN_COUNT - 1))


def _bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _as_count(value: object) -> int | None:
    """`value` as a count (None = cleared); ValueError when it cannot be one."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_count(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"not a count: {value!r}")
    return value
