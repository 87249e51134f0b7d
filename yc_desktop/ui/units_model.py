"""The units overview: one row per unit for a year, as a table model with a filtering, sorting proxy.

Rows are the store's UnitYearView objects; text is formatted only when a cell is painted, so 10,000 rows cost
little more than the list itself. Sorting uses exact integer keys (hundredths), never floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from yc_desktop.core.scoring import UnitScore
from yc_desktop.store.service import UnitYearView
from yc_desktop.ui.rows_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS: tuple[str, ...] = (
    "单位", "类别", "进驻率", "受理率", "办结率", "满意系数", "自评得分", "考核得分", "差值", "等级", "排名", "状态",
)  # fmt: skip
(NAME, GROUP, ONBOARDING, ACCEPTANCE, COMPLETION, COEFFICIENT, SELF_TOTAL, ASSESSOR_TOTAL, DIFFERENCE, GRADE, RANK,
 STATE) = range(len(COLUMNS))  # fmt: skip
RATE_COLUMNS = {ONBOARDING: "onboarding", ACCEPTANCE: "acceptance", COMPLETION: "completion"}
NUMERIC_COLUMNS = {*RATE_COLUMNS, COEFFICIENT, SELF_TOTAL, ASSESSOR_TOTAL, DIFFERENCE, RANK}

GRADE_COLOURS = {"优秀": "#dff0d8", "良好": "#e3eefa", "合格": "#fcf3d9", "不合格": "#f8dcdc"}
DIFFERENCE_COLOUR = "#b3261e"
DEFAULT_MARGIN = Decimal("1.00")


def shown_score(view: UnitYearView) -> UnitScore | None:
    """The side the overview's rates, grade and rank speak of: 考核 once it exists, else 自评."""
    return view.assessor_score or view.self_score


def difference(view: UnitYearView) -> Decimal | None:
    if view.self_score is None or view.assessor_score is None:
        return None
    return view.assessor_score.total - view.self_score.total


def _cents(value: Decimal | None) -> int:
    """Exact sort key; missing values sort below every real one."""
    return -(10**15) if value is None else int(value * 100)


class UnitsTableModel(RowsTableModel):
    columns = COLUMNS
    numbered_rows = True

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[UnitYearView] = []
        self.margin = DEFAULT_MARGIN
        self.self_only = False  # a liaison sees only its own figures, never the assessor's
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content --------------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[UnitYearView]) -> None:
        self.beginResetModel()
        self._rows = self._sorted(rows)
        self.endResetModel()

    def refresh_rows(self, rows: Sequence[UnitYearView]) -> None:
        """New figures for the same units (after a save): kept in sort order, selection and scroll kept.

        Rows that are the same objects as before are unchanged (`rerank` keeps them); when no changed row's sort
        key moved, only those rows are repainted — a re-sort of 10,000 rows costs more than the save itself.
        """
        if self._repaint_in_place(rows):
            return
        self.layoutAboutToBeChanged.emit()
        self._reorder(rows)
        self.layoutChanged.emit()

    def _reorder(self, rows: Sequence[UnitYearView]) -> None:
        """Take `rows` in sort order and move persistent indexes (selection, current) with their units."""
        old = self.persistentIndexList()
        old_ids = [self._rows[index.row()].unit.id if index.row() < len(self._rows) else None for index in old]
        self._rows = self._sorted(rows)
        where = {view.unit.id: row for row, view in enumerate(self._rows)}
        new = [
            self.index(where[unit_id], index.column()) if unit_id in where else QModelIndex()
            for unit_id, index in zip(old_ids, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)

    def _repaint_in_place(self, rows: Sequence[UnitYearView]) -> bool:
        if len(rows) != len(self._rows):
            return False
        where = {view.unit.id: row for row, view in enumerate(self._rows)}
        changed: list[tuple[int, UnitYearView]] = []
        for view in rows:
            row = where.get(view.unit.id)
            if row is None:
                return False
            old = self._rows[row]
            if view is not old:
                if self._sort_column >= 0 and self._sort_key(view, self._sort_column) != self._sort_key(
                    old, self._sort_column
                ):
                    return False
                changed.append((row, view))
        for row, view in changed:
            self._rows[row] = view
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, one exact key per row: a proxy sort calls back into Python for every comparison, which
        took seconds for 10,000 units."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._reorder(self._rows)
        self.layoutChanged.emit()

    def _sorted(self, rows: Sequence[UnitYearView]) -> list[UnitYearView]:
        ordered = list(rows)
        if 0 <= self._sort_column < len(COLUMNS):
            column = self._sort_column
            ordered.sort(
                key=lambda view: self._sort_key(view, column), reverse=self._sort_order == Qt.SortOrder.DescendingOrder
            )
        return ordered

    def set_margin(self, margin: Decimal) -> None:
        self.margin = margin
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def set_self_only(self, self_only: bool) -> None:
        self.beginResetModel()
        self.self_only = self_only
        self.endResetModel()

    def shown(self, view: UnitYearView) -> UnitScore | None:
        return view.self_score if self.self_only else shown_score(view)

    def row_view(self, row: int) -> UnitYearView:
        return self._rows[row]

    def row_of_unit(self, unit_id: int) -> int | None:
        return next((i for i, view in enumerate(self._rows) if view.unit.id == unit_id), None)

    # -- QAbstractTableModel --------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == SORT_ROLE:
            return self._sort_key(view, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column in NUMERIC_COLUMNS else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == GRADE:
            score = self.shown(view)
            return QBrush(QColor(GRADE_COLOURS[score.grade])) if score and score.grade in GRADE_COLOURS else None
        if role == Qt.ItemDataRole.ForegroundRole and column == DIFFERENCE and self._differs(view):
            return QBrush(QColor(DIFFERENCE_COLOUR))
        if role == Qt.ItemDataRole.FontRole and column in (NAME, DIFFERENCE) and self._differs(view):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(view, column)
        if role == UNIT_ID_ROLE:
            return view.unit.id
        if role == GROUP_ROLE:
            return view.unit.group
        return None

    # -- formatting -----------------------------------------------------------------------------------------

    def _differs(self, view: UnitYearView) -> bool:
        gap = difference(view)
        return gap is not None and abs(gap) > self.margin

    def _text(self, view: UnitYearView, column: int) -> str:
        score = self.shown(view)
        if column == NAME:
            return view.unit.name if view.unit.active else f"{view.unit.name}(已停用)"
        if column == GROUP:
            return view.unit.group
        if column in RATE_COLUMNS:
            rate = score.rates[RATE_COLUMNS[column]] if score else None
            return "—" if rate is None else f"{rate}%"
        if column == COEFFICIENT:
            return str(score.rates["satisfaction_coefficient"]) if score else "—"
        if column == SELF_TOTAL:
            return str(view.self_score.total) if view.self_score else "—"
        if column == ASSESSOR_TOTAL:
            return str(view.assessor_score.total) if view.assessor_score else "—"
        if column == DIFFERENCE:
            gap = difference(view)
            return "—" if gap is None else f"{gap:+.2f}"
        if column == GRADE:
            return score.grade if score else "—"
        if column == RANK:
            return "—" if view.rank is None else str(view.rank)
        if column == STATE:
            return view.state
        return ""

    def _sort_key(self, view: UnitYearView, column: int) -> Any:
        score = self.shown(view)
        if column == NAME:
            return view.unit.display_order
        if column in (GROUP, STATE):
            return self._text(view, column)
        if column in RATE_COLUMNS:
            return _cents(score.rates[RATE_COLUMNS[column]] if score else None)
        if column == COEFFICIENT:
            return _cents(score.rates["satisfaction_coefficient"] * 100 if score else None)
        if column == SELF_TOTAL:
            return _cents(view.self_score.total if view.self_score else None)
        if column == GRADE:
            return _cents(score.total if score else None)
        if column == ASSESSOR_TOTAL:
            return _cents(view.assessor_score.total if view.assessor_score else None)
        if column == DIFFERENCE:
            return _cents(difference(view))
        if column == RANK:
            return view.rank if view.rank is not None else 10**9
        return 0

    def _tooltip(self, view: UnitYearView, column: int) -> str | None:
        score = self.shown(view)
        if column in (*RATE_COLUMNS, COEFFICIENT, GRADE, RANK) and score is not None:
            side = "考核" if view.assessor_score and not self.self_only else "自评"
            warning = f";{'、'.join(score.warnings)}" if score.warnings else ""
            return f"按{side}数据{warning}"
        if column == DIFFERENCE and self._differs(view):
            return f"考核得分与自评得分相差超过 {self.margin} 分"
        return None


class UnitsFilterProxy(QSortFilterProxyModel):
    """Filters by group (None: all) and by a piece of the unit's name; sorts on exact keys."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._group: str | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast); the proxy only filters and keeps the source order."""
        source = self.sourceModel()
        if isinstance(source, UnitsTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def set_group(self, group: str | None) -> None:
        self.beginFilterChange()
        self._group = group
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, UnitsTableModel):
            return True
        view = model.row_view(source_row)
        if self._group and view.unit.group != self._group:
            return False
        return not self._text or self._text in view.unit.name
