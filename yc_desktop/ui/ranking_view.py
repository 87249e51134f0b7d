"""The year's ranking: overall or within a group, the grade counts, and charts of the selected unit.

Ranks, totals and grades come from `Store.year_overview` unchanged (考核 figures where they exist, else 自评), so
this view can never disagree with the overview or the printed form. Other years' results, needed only for the
trend chart, are read once and kept until `refresh()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yc_desktop.core.units import UNIT_GROUPS
from yc_desktop.store.service import Store, UnitYearView
from yc_desktop.ui.charts import RatesChart, TrendChart, YearTotals
from yc_desktop.ui.rows_model import RowsTableModel, read_only_table
from yc_desktop.ui.units_model import GRADE_COLOURS, shown_score

Index = QModelIndex | QPersistentModelIndex
ALL_GROUPS = "全部"
UNSCORED = "未评分"
TOTAL = "合计"
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS: tuple[str, ...] = ("排名", "单位", "类别", "自评得分", "考核得分", "等级")
RANK, NAME, GROUP, SELF_TOTAL, ASSESSOR_TOTAL, GRADE = range(len(COLUMNS))
NUMERIC_COLUMNS = {RANK, SELF_TOTAL, ASSESSOR_TOTAL}


@dataclass(frozen=True, slots=True)
class RankingRow:
    rank: int | None  # overall or within the group, as the table shows it
    view: UnitYearView


def ranking_rows(views: Sequence[UnitYearView], group: str | None) -> list[RankingRow]:
    """The units of `group` (None: all) best first; units without any figures last, in display order."""
    chosen = [view for view in views if group is None or view.unit.group == group]
    rows = [RankingRow(view.rank if group is None else view.group_rank, view) for view in chosen]
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0, row.view.unit.display_order))


def grade_counts(views: Sequence[UnitYearView], grades: Sequence[str]) -> dict[str, dict[str, int]]:
    """How many units have each grade, for 全部 and each group; units without figures count as 未评分."""
    counts = {key: dict.fromkeys((*grades, UNSCORED), 0) for key in (ALL_GROUPS, *UNIT_GROUPS)}
    for view in views:
        score = shown_score(view)
        grade = score.grade if score else UNSCORED
        for key in (ALL_GROUPS, view.unit.group):
            if key in counts:
                counts[key][grade] = counts[key].get(grade, 0) + 1
    return counts


def _total_text(total: Decimal | None) -> str:
    return "—" if total is None else f"{total:f}"


class RankingModel(RowsTableModel):
    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RankingRow] = []

    def row_of_unit(self, unit_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.view.unit.id == unit_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column in NUMERIC_COLUMNS else Qt.AlignmentFlag.AlignLeft
            if column in (RANK, GRADE):
                horizontal = Qt.AlignmentFlag.AlignHCenter
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == GRADE:
            score = shown_score(row.view)
            return QBrush(QColor(GRADE_COLOURS[score.grade])) if score and score.grade in GRADE_COLOURS else None
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return f"{row.view.unit.name}({row.view.unit.group})"  # the cell may be cut short in a narrow pane
        if role == Qt.ItemDataRole.ToolTipRole and column in (RANK, GRADE):
            if row.view.assessor_score:
                return "按考核得分"
            return "尚无考核数据,按自评得分" if row.view.self_score else "尚无数据,不参加排名"
        if role == UNIT_ID_ROLE:
            return row.view.unit.id
        return None

    @staticmethod
    def _text(row: RankingRow, column: int) -> str:
        view = row.view
        if column == RANK:
            return "—" if row.rank is None else str(row.rank)
        if column == NAME:
            return view.unit.name
        if column == GROUP:
            return view.unit.group
        if column == SELF_TOTAL:
            return _total_text(view.self_score.total if view.self_score else None)
        if column == ASSESSOR_TOTAL:
            return _total_text(view.assessor_score.total if view.assessor_score else None)
        if column == GRADE:
            score = shown_score(view)
            return score.grade if score else "—"
        return ""


class GradeCountsBox(QGroupBox):
    """A small grid: one row per group (全部, 镇街, …), one column per grade and 合计, the chosen group in bold.

    The labels are made once for a set of grades and only their texts change afterwards.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("等级分布(单位数)", parent)
        self.setObjectName("gradeCounts")
        self._grid = QGridLayout(self)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        self._columns: list[str] = []
        self._cells: dict[tuple[str, str], QLabel] = {}  # (group, grade or 合计) → label; grade "" is the name

    def set_counts(self, counts: dict[str, dict[str, int]], highlighted: str) -> None:
        columns = [*next(iter(counts.values()), {}), TOTAL]
        if columns != self._columns or any((group, "") not in self._cells for group in counts):
            self._build(columns, list(counts))
        for group, by_grade in counts.items():
            style = "font-weight: bold;" if group == highlighted else ""
            self._cells[(group, "")].setStyleSheet(style)
            for grade in columns:
                cell = self._cells[(group, grade)]
                cell.setText(str(sum(by_grade.values()) if grade == TOTAL else by_grade.get(grade, 0)))
                cell.setStyleSheet(style)

    def _build(self, columns: list[str], groups: list[str]) -> None:
        for label in self.findChildren(QLabel):
            self._grid.removeWidget(label)
            label.deleteLater()
        self._columns = columns
        self._cells.clear()
        for column, grade in enumerate(columns, start=1):
            header = QLabel(grade, self)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            colour = GRADE_COLOURS.get(grade)
            if colour:
                header.setStyleSheet(f"background: {colour}; border-radius: 3px; padding: 1px 5px;")
            self._grid.addWidget(header, 0, column)
        for row, group in enumerate(groups, start=1):
            self._cells[(group, "")] = QLabel(group, self)
            self._grid.addWidget(self._cells[(group, "")], row, 0)
            for column, grade in enumerate(columns, start=1):
                cell = QLabel(self)
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self._grid.addWidget(cell, row, column)
                self._cells[(group, grade)] = cell
        self._grid.setColumnStretch(len(columns) + 1, 1)

    def shown_count(self, group: str, grade: str) -> int:
        """The number the grid shows for `group` and `grade` (or 合计)."""
        return int(self._cells[(group, grade)].text())


class RankingView(QWidget):
    """Ranking of one year. `set_year` first; `refresh()` after figures, targets or units change."""

    unitSelected = Signal(int)  # unit id of the row chosen in the table

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._year: int | None = None
        self._views: list[UnitYearView] = []
        self._other_years: dict[int, dict[int, UnitYearView]] = {}

        self._heading = QLabel(self)
        self._heading.setObjectName("rankingHeading")
        self._group_combo = QComboBox(self)
        self._group_combo.setObjectName("groupCombo")
        self._group_combo.addItems([ALL_GROUPS, *UNIT_GROUPS])
        group_label = QLabel("类别(&G):", self)
        group_label.setBuddy(self._group_combo)

        self._model = RankingModel(self)
        self._table = read_only_table(self._model, self, "rankingTable", NAME)
        self._table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._counts_box = GradeCountsBox(self)

        self.rates_chart = RatesChart(self)
        self.trend_chart = TrendChart(self)

        top = QHBoxLayout()
        top.addWidget(self._heading, 1)
        top.addWidget(group_label)
        top.addWidget(self._group_combo)
        left = QWidget(self)
        # Wider than its six columns need, the table only adds white space that the charts can use better.
        samples = ("排名", "区经济和信息化局局局", "区直部门", "自评得分", "考核得分", "不合格")
        left.setMaximumWidth(sum(self.fontMetrics().horizontalAdvance(text) + 18 for text in samples) + 24)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._table, 1)
        left_layout.addWidget(self._counts_box)
        right = QFrame(self)
        right.setFrameShape(QFrame.Shape.StyledPanel)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(1, 1, 1, 1)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.rates_chart, 1)
        right_layout.addWidget(self.trend_chart, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([550, 450])  # proportions: names in the table stay whole in the main window's tab
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._group_combo.currentIndexChanged.connect(self._show_rows)
        self._table.selectionModel().selectionChanged.connect(self._selection_changed)

    # -- public ---------------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        """Another database file: forget everything read from the old one (call `set_year` next)."""
        self._store = store
        self._year = None
        self._views = []
        self._other_years.clear()
        self._model.set_rows([])
        self.rates_chart.clear()
        self.trend_chart.clear()

    def year(self) -> int | None:
        return self._year

    def set_year(self, year: int) -> None:
        self._year = year
        self.refresh()

    def refresh(self) -> None:
        """Read the year's results again (and forget other years' results, read again when needed)."""
        if self._year is None:
            return
        self._other_years.clear()
        self._views = self._store.year_overview(self._year)
        self._heading.setText(f"{self._year} 年度排名  ·  按考核得分;尚无考核数据的单位按自评得分")
        self._show_rows()

    def set_group(self, group: str | None) -> None:
        self._group_combo.setCurrentText(group or ALL_GROUPS)

    def group(self) -> str | None:
        text = self._group_combo.currentText()
        return None if text == ALL_GROUPS else text

    def select_unit(self, unit_id: int) -> bool:
        row = self._model.row_of_unit(unit_id)
        if row is None:
            return False
        self._table.selectRow(row)
        return True

    def selected_unit_id(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        return self._model.row_at(rows[0].row()).view.unit.id if rows else None

    def table(self) -> QTableView:
        return self._table

    def model(self) -> RankingModel:
        return self._model

    def counts_box(self) -> GradeCountsBox:
        return self._counts_box

    # -- internals ------------------------------------------------------------------------------------------

    def _grade_names(self) -> list[str]:
        if self._year is None:
            return []
        return [grade.name for grade in self._store.rules_for(self._year).grades]

    def _show_rows(self) -> None:
        keep = self.selected_unit_id()
        self._model.set_rows(ranking_rows(self._views, self.group()))
        self._counts_box.set_counts(grade_counts(self._views, self._grade_names()), self.group() or ALL_GROUPS)
        if self._model.rowCount() == 0:
            self.rates_chart.clear()
            self.trend_chart.clear()
        elif keep is None or not self.select_unit(keep):
            self._table.selectRow(0)

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is None or self._year is None:
            self.rates_chart.clear()
            self.trend_chart.clear()
            return
        view = self._model.row_at(self._model.row_of_unit(unit_id) or 0).view
        self.rates_chart.set_unit(view.unit.name, view.self_score, view.assessor_score, view.targets)
        self.trend_chart.set_series(view.unit.name, self._history(unit_id), self._grade_lines())
        self.unitSelected.emit(unit_id)

    def _grade_lines(self) -> list[tuple[str, Decimal]]:
        if self._year is None:
            return []
        grades = self._store.rules_for(self._year).grades
        return [(g.name, Decimal(g.min_total.numerator) / Decimal(g.min_total.denominator)) for g in grades]

    def _history(self, unit_id: int) -> list[YearTotals]:
        points: list[YearTotals] = []
        for year in self._store.years():
            if year == self._year:
                by_unit = {view.unit.id: view for view in self._views}
            else:
                if year not in self._other_years:
                    overview = self._store.year_overview(year, include_inactive=True)
                    self._other_years[year] = {view.unit.id: view for view in overview}
                by_unit = self._other_years[year]
            view = by_unit.get(unit_id)
            own = view.self_score.total if view and view.self_score else None
            checked = view.assessor_score.total if view and view.assessor_score else None
            points.append(YearTotals(year, own, checked))
        return points
