"""The main window: the units overview on the left, the selected unit's editor, form and ranking on the right.

The window holds no data of its own: it asks the store for the year's overview, loads one unit into the editor,
and saves through `Store.save_entry` (one transaction). Whatever role is active decides which side is editable.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelection, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from yc_desktop.core.units import UNIT_GROUPS
from yc_desktop.store.errors import StoreError
from yc_desktop.store.service import (
    ASSESSOR,
    DRAFT,
    FINAL,
    LIAISON,
    REVIEWED,
    SUBMITTED,
    Store,
    UnitYearView,
    rerank,
)
from yc_desktop.ui.figures_editor import FiguresEditor
from yc_desktop.ui.form_preview import FormPreview
from yc_desktop.ui.roles import RoleChoice

if TYPE_CHECKING:
    from yc_desktop.ui.ranking_view import RankingView
from yc_desktop.ui.units_model import (
    ASSESSOR_TOTAL,
    DIFFERENCE,
    GROUP,
    NAME,
    RANK,
    UNIT_ID_ROLE,
    UnitsFilterProxy,
    UnitsTableModel,
)

APP_TITLE = "源城分厅建设工作量化评分"
ALL_GROUPS = "全部类别"


class MainWindow(QMainWindow):
    def __init__(self, store: Store, choice: RoleChoice, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.choice = choice
        self.settings = settings
        self.year: int | None = None
        self.unit_id: int | None = None
        self._view: UnitYearView | None = None
        self._switching = False
        self.jobs: list[object] = []  # running background jobs, kept alive until done
        store.role, store.actor = choice.role, choice.actor

        self.model = UnitsTableModel(self)
        self.proxy = UnitsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        # Sized once per load (see _fit_columns), not on every change: ResizeToContents re-measures rows each time.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setResizeContentsPrecision(200)  # QTableView samples rows through this one
        self._columns_fitted = False
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.editor = FiguresEditor()
        self.editor.changed.connect(self._editor_changed)
        self.editor.dirtyChanged.connect(self._dirty_changed)
        self.preview = FormPreview()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, "数据录入")
        self.tabs.addTab(self.preview, "评分表预览")
        # The ranking is built and filled when its tab is first looked at: it recomputes the whole year and every
        # other year's totals, which a start or a year change should not wait for.
        self.ranking: RankingView | None = None
        self._ranking_stale = True
        self.ranking_tab = QWidget()
        QVBoxLayout(self.ranking_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.ranking_tab, "排名与图表")
        self.tabs.currentChanged.connect(lambda _: self._refresh_ranking_if_shown())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.setCentralWidget(self.splitter)

        self._build_toolbar()
        self._build_actions()
        self._build_menus()
        self.role_label = QLabel()
        self.statusBar().addPermanentWidget(self.role_label)
        self._restore_settings()
        self._apply_role()
        self.reload_years()

    # -- construction ---------------------------------------------------------------------------------------

    def _ensure_ranking(self) -> RankingView:
        if self.ranking is None:
            from yc_desktop.ui.ranking_view import RankingView

            self.ranking = RankingView(self.store, self.ranking_tab)
            self.ranking.unitSelected.connect(self._ranking_unit_chosen)
            layout = self.ranking_tab.layout()
            assert layout is not None
            layout.addWidget(self.ranking)
        return self.ranking

    def _build_toolbar(self) -> None:
        self.year_combo = QComboBox()
        self.year_combo.setMinimumContentsLength(8)
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        self.group_combo = QComboBox()
        self.group_combo.addItems([ALL_GROUPS, *UNIT_GROUPS])
        self.group_combo.currentTextChanged.connect(
            lambda text: self.proxy.set_group(None if text == ALL_GROUPS else text)
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找单位(Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        self.search.textChanged.connect(self.proxy.set_text)
        self.margin = QDoubleSpinBox()
        self.margin.setRange(0, 116)
        self.margin.setDecimals(2)
        self.margin.setValue(1.0)
        self.margin.setSuffix(" 分")
        self.margin.setToolTip("自评与考核得分相差超过此值的单位标红")
        # The spin box's text is decimal; read it as text so no binary float reaches the comparison.
        self.margin.valueChanged.connect(lambda _: self.model.set_margin(Decimal(self.margin.cleanText())))
        bar = QToolBar("工具栏")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" 年度:"))
        bar.addWidget(self.year_combo)
        # Toolbar widgets are shown and hidden through their actions; these are the assessor's tools.
        self.assessor_tools = [
            bar.addSeparator(),
            bar.addWidget(QLabel(" 类别:")),
            bar.addWidget(self.group_combo),
            bar.addWidget(QLabel(" ")),
            bar.addWidget(self.search),
            bar.addSeparator(),
            bar.addWidget(QLabel(" 差值标红阈值:")),
            bar.addWidget(self.margin),
        ]
        self.toolbar = bar
        self.addToolBar(bar)

    def _action(self, text: str, slot: object, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.save_action = self._action("保存(&S)", self.save, QKeySequence.StandardKey.Save, "保存当前单位的数据")
        self.revert_action = self._action("放弃修改(&R)", self.revert, None, "恢复到上次保存的数据")
        self.undo_action = self.editor.undo_stack.createUndoAction(self, "撤销(&U)")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.editor.undo_stack.createRedoAction(self, "重做(&R)")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.find_action = self._action("查找单位", self._focus_search, QKeySequence.StandardKey.Find)
        self.submit_action = self._action("提交自评(&T)", self.submit, None, "把本单位自评数据提交给考核员")
        self.return_action = self._action("退回修改…", self.return_to_draft)
        self.review_action = self._action("审核通过(&V)", self.review)
        self.finalise_action = self._action("定稿(&F)", self.finalise, None, "定稿后数据只读,结果被固定")
        self.reopen_action = self._action("重新打开…", self.reopen, None, "重新打开已定稿的单位,需填写原因")
        self.new_year_action = self._action("新建考核年度…", self.new_year)
        self.targets_action = self._action("年度目标…", self.open_targets)
        self.units_action = self._action("单位管理…", self.open_units)
        self.audit_action = self._action("操作日志…", self.open_audit)
        self.open_action = self._action("打开数据库…", self.open_database, QKeySequence.StandardKey.Open)
        self.new_db_action = self._action("新建数据库…", self.new_database, QKeySequence.StandardKey.New)
        self.sample_action = self._action("打开示例数据", self.open_sample, None, "一个虚构的示例区,用来熟悉本程序")
        self.backup_action = self._action("备份数据库…", self.backup)
        self.restore_action = self._action("从备份恢复…", self.restore)
        self.role_action = self._action("切换身份…", self.switch_role)
        exchange = self._exchange_action
        self.export_unit_action = exchange("导出本单位评分表…", "export_unit_form", shortcut="Ctrl+E",
                                           tip="当前单位的评分表(xlsx 或 PDF)")  # fmt: skip
        self.export_year_action = exchange(
            "导出全部评分表与排名…", "export_year", tip="全部单位的评分表(含排名)和排名表"
        )
        self.export_pdf_action = exchange("导出全部评分表(PDF)…", "export_year_pdf")
        self.print_unit_action = exchange(
            "打印本单位评分表…", "print_forms", True, shortcut=QKeySequence.StandardKey.Print
        )
        self.print_all_action = exchange("打印全部评分表…", "print_forms", False)
        self.export_selfeval_action = exchange("导出自评文件…", "export_selfeval", tip="交给考核员的自评文件(含校验)")
        self.import_selfeval_action = exchange(
            "导入自评文件…", "import_selfeval", tip="导入联络员交来的自评文件,可多选"
        )
        self.import_bulk_action = exchange("导入汇总表(CSV/Excel)…", "import_bulk")
        self.quit_action = self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        self.about_action = self._action("关于", self.about)
        self.toolbar.insertAction(self.toolbar.actions()[0], self.save_action)
        self.toolbar.insertAction(self.toolbar.actions()[1], self.undo_action)
        self.toolbar.insertAction(self.toolbar.actions()[2], self.redo_action)
        self.toolbar.insertSeparator(self.toolbar.actions()[3])
        self.addAction(self.find_action)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("文件(&F)")
        self.file_menu = file_menu
        for action in (self.open_action, self.new_db_action, self.sample_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.revert_action)
        file_menu.addSeparator()
        for action in (self.export_unit_action, self.export_year_action, self.export_pdf_action,
                       self.print_unit_action, self.print_all_action):  # fmt: skip
            file_menu.addAction(action)
        file_menu.addSeparator()
        for action in (self.export_selfeval_action, self.import_selfeval_action, self.import_bulk_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.role_action)
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("编辑(&E)")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        flow = menus.addMenu("考核(&K)")
        for action in (self.submit_action, self.return_action, self.review_action, self.finalise_action,
                       self.reopen_action):  # fmt: skip
            flow.addAction(action)
        setup = menus.addMenu("设置(&O)")
        for action in (self.new_year_action, self.targets_action, self.units_action, self.audit_action):
            setup.addAction(action)
        help_menu = menus.addMenu("帮助(&H)")
        help_menu.addAction(self.about_action)

    # -- settings and role ----------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:  # the overview needs room for its twelve columns; the editor scrolls less than the table
            self.splitter.setSizes([int(self.width() * 0.45), int(self.width() * 0.55)])

    def _save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        if self.year is not None:
            self.settings.setValue("last/year", self.year)
        if self.unit_id is not None:
            self.settings.setValue("last/unit", self.unit_id)
        self.settings.sync()

    @property
    def editable_side(self) -> str:
        return "assessor" if self.choice.role == ASSESSOR else "self"

    def _apply_role(self) -> None:
        assessor = self.choice.role == ASSESSOR
        self.editor.set_side_visible("assessor", assessor)
        for tool in self.assessor_tools:
            tool.setVisible(assessor)
        self.model.set_self_only(not assessor)
        self.tabs.setTabVisible(self.tabs.indexOf(self.ranking_tab), assessor)
        for action in (self.return_action, self.review_action, self.finalise_action, self.reopen_action,
                       self.targets_action, self.units_action, self.export_year_action, self.export_pdf_action,
                       self.print_all_action, self.import_selfeval_action, self.import_bulk_action):  # fmt: skip
            action.setVisible(assessor)
        self.export_selfeval_action.setVisible(not assessor)
        self.submit_action.setVisible(not assessor)
        for column in (ASSESSOR_TOTAL, DIFFERENCE, RANK, GROUP):
            self.table.setColumnHidden(column, not assessor)
        self.role_label.setText(f"  {self.choice.role}:{self.choice.actor}  ")
        self._update_title()

    def _update_title(self) -> None:
        parts = [APP_TITLE, self.store.path.name]
        if self.year is not None:
            parts.append(f"{self.year} 年度")
        title = " — ".join(parts)
        if self.store.is_sample:
            title += " 【示例数据】"
        self.setWindowTitle(title + ("[*]" if "[*]" not in title else ""))

    # -- years and overview ---------------------------------------------------------------------------------

    def reload_years(self) -> None:
        years = self.store.years()
        wanted = self.year or int(self.settings.value("last/year", 0) or 0)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(f"{year} 年", year)
        self.year_combo.blockSignals(False)
        if not years:
            self.year = None
            self.model.set_rows([])
            self._load_unit(None)
            self.statusBar().showMessage("还没有考核年度:请用“设置 → 新建考核年度”开始。")
            return
        index = self.year_combo.findData(wanted)
        self.year_combo.setCurrentIndex(index if index >= 0 else len(years) - 1)
        self._year_chosen()

    def _year_chosen(self, *_: object) -> None:
        year = self.year_combo.currentData()
        if year is None or year == self.year:
            return
        if not self.maybe_save():
            self.year_combo.blockSignals(True)
            self.year_combo.setCurrentIndex(self.year_combo.findData(self.year))
            self.year_combo.blockSignals(False)
            return
        self.year = int(year)
        self.refresh_overview(reselect=True)
        self._ranking_stale = True
        self._refresh_ranking_if_shown()
        self._update_title()

    def _overview_rows(self) -> list[UnitYearView]:
        assert self.year is not None
        rows = self.store.year_overview(self.year)
        if self.choice.role == LIAISON:
            rows = [row for row in rows if row.unit.id == self.choice.unit_id]
        return rows

    def _refresh_ranking_if_shown(self) -> None:
        """The ranking recomputes the whole year: do it when it is looked at, not after every save."""
        if not self._ranking_stale or self.year is None or self.tabs.currentWidget() is not self.ranking_tab:
            return
        self._ranking_stale = False
        ranking = self._ensure_ranking()
        if ranking.store is not self.store:
            ranking.store = self.store
        ranking.set_year(self.year)  # reads the year afresh
        if self.unit_id is not None:
            ranking.select_unit(self.unit_id)

    def _ranking_unit_chosen(self, unit_id: int) -> None:
        if unit_id != self.unit_id and self.model.row_of_unit(unit_id) is not None:
            self.select_unit(unit_id)

    def refresh_overview(self, reselect: bool = False) -> None:
        if self.year is None:
            return
        self._ranking_stale = True
        self._refresh_ranking_if_shown()
        rows = self._overview_rows()
        if reselect:
            self.model.set_rows(rows)
            if rows and not self._columns_fitted:  # once: later years keep the widths the user sees (and set)
                self._columns_fitted = True
                self.table.resizeColumnsToContents()
            wanted = self.unit_id or int(self.settings.value("last/unit", 0) or 0)
            self.select_unit(wanted if self.model.row_of_unit(wanted) is not None else None)
        else:
            self.model.refresh_rows(rows)
            if self.unit_id is not None:
                row = self.model.row_of_unit(self.unit_id)
                self._view = self.model.row_view(row) if row is not None else None
                self._update_actions()

    def refresh_unit(self, unit_id: int) -> None:
        """After one unit changed: re-read that unit, re-rank the year from what is loaded (no full reload)."""
        row = self.model.row_of_unit(unit_id)
        if row is None or self.year is None:
            self.refresh_overview()
            return
        rows = self.model.rows()
        rows[row] = self.store.unit_view(unit_id, self.year)
        self.model.refresh_rows(rerank(rows))
        if unit_id == self.unit_id:
            self._view = self.model.row_view(row)
        self._update_actions()
        self._ranking_stale = True
        self._refresh_ranking_if_shown()

    def select_unit(self, unit_id: int | None) -> None:
        """Select a unit in the table (the first visible row when None); loading follows the selection."""
        target = None
        for proxy_row in range(self.proxy.rowCount()):
            index = self.proxy.index(proxy_row, 0)
            if unit_id is None or index.data(UNIT_ID_ROLE) == unit_id:
                target = index
                break
        if target is None:
            self._load_unit(None)
            return
        self.unit_id = None  # force a load even when the same unit is selected again
        self.table.selectRow(target.row())
        self.table.scrollTo(target)
        if self.unit_id is None:  # selection did not change: load it directly
            self._load_unit(target.data(UNIT_ID_ROLE))

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self._switching:
            return
        indexes = selected.indexes()
        if not indexes:
            return
        unit_id = indexes[0].data(UNIT_ID_ROLE)
        if unit_id == self.unit_id:
            return
        if not self.maybe_save():
            self._switching = True
            previous = self.model.row_of_unit(self.unit_id) if self.unit_id is not None else None
            if previous is not None:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(previous, 0)).row())
            self._switching = False
            return
        self._load_unit(unit_id)

    def _load_unit(self, unit_id: int | None) -> None:
        self.unit_id = unit_id
        row = self.model.row_of_unit(unit_id) if unit_id is not None else None
        self._view = self.model.row_view(row) if row is not None else None
        view = self._view
        if view is None or self.year is None:
            self.editor.setEnabled(False)
            self.preview.clear()
            self._update_actions()
            return
        self.editor.setEnabled(True)
        self.editor.set_rules(self.store.rules_for(self.year))
        self.editor.set_targets(view.targets)
        empty = dict.fromkeys(self.editor.figures("self"), None)
        self.editor.set_figures("self", view.self_figures.as_dict() if view.self_figures else empty)
        self.editor.set_figures("assessor", view.assessor_figures.as_dict() if view.assessor_figures else empty)
        for side in ("self", "assessor"):
            self.editor.set_evidence_notes(side, self.store.evidence_notes(view.unit.id, self.year, side))
        self.editor.set_difference_reasons(self.store.difference_reasons(view.unit.id, self.year))
        self.editor.mark_saved()
        self._update_actions()
        self._editor_changed()
        if self.ranking is not None and self.ranking.selected_unit_id() != view.unit.id:
            self.ranking.select_unit(view.unit.id)
        self.statusBar().showMessage(f"{view.unit.name}:{view.state}", 4000)

    # -- editing --------------------------------------------------------------------------------------------

    def _side_editable(self) -> bool:
        view = self._view
        if view is None:
            return False
        if self.choice.role == ASSESSOR:
            return view.state != FINAL
        return view.state == DRAFT

    def _update_actions(self) -> None:
        view = self._view
        state = view.state if view else None
        editable = self._side_editable()
        self.editor.set_side_editable("self", editable and self.choice.role == LIAISON)
        self.editor.set_side_editable("assessor", editable and self.choice.role == ASSESSOR)
        dirty = self.editor.is_dirty()
        self.save_action.setEnabled(editable and dirty)
        self.revert_action.setEnabled(dirty)
        self.submit_action.setEnabled(state == DRAFT and view is not None and view.self_figures is not None)
        self.return_action.setEnabled(state == SUBMITTED)
        self.review_action.setEnabled(state in (DRAFT, SUBMITTED) and view is not None and view.assessor_figures
                                      is not None)  # fmt: skip
        self.finalise_action.setEnabled(state == REVIEWED)
        self.reopen_action.setEnabled(state == FINAL)
        for action in (self.submit_action, self.review_action, self.finalise_action):
            action.setEnabled(action.isEnabled() and not dirty)

    def _editor_changed(self) -> None:
        view = self._view
        if view is None or self.year is None:
            return
        self.preview.set_form(
            view.unit.name, self.year, self.store.rules_for(self.year), self.editor.score("self"),
            self.editor.score("assessor") if self.choice.role == ASSESSOR else None, view.targets,
        )  # fmt: skip

    def _dirty_changed(self, dirty: bool) -> None:
        self.setWindowModified(dirty)
        self._update_actions()

    def save(self) -> bool:
        self.editor.commit_pending_edits()  # what is typed in an open cell or note counts
        view = self._view
        if view is None or self.year is None or not self._side_editable():
            return False
        side = self.editable_side
        if not self.editor.is_valid(side):
            QMessageBox.warning(self, "无法保存", f"数据有误,未保存:\n{self.editor.message_text()}")
            return False
        reasons = self.editor.difference_reasons() if side == "assessor" else None
        try:
            self.store.save_entry(
                view.unit.id, self.year, side, self.editor.figures(side), self.editor.evidence_notes(side), reasons
            )
        except StoreError as exc:
            QMessageBox.warning(self, "保存失败", exc.message_zh)
            return False
        self.editor.mark_saved()
        self.refresh_unit(view.unit.id)
        self.statusBar().showMessage(f"已保存 {view.unit.name} 的{'考核' if side == 'assessor' else '自评'}数据", 5000)
        return True

    def revert(self) -> None:
        self.editor.revert()

    def maybe_save(self) -> bool:
        """Ask what to do with unsaved edits; False means the user chose to stay."""
        self.editor.commit_pending_edits()
        if not self.editor.is_dirty():
            return True
        name = self._view.unit.name if self._view else ""
        answer = QMessageBox.question(
            self, "尚未保存", f"「{name}」的修改尚未保存。要保存吗?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.editor.revert()
            return True
        return False

    # -- workflow -------------------------------------------------------------------------------------------

    def _workflow(self, action: str, reason_prompt: str | None = None) -> None:
        view = self._view
        if view is None or self.year is None:
            return
        args: list[object] = [view.unit.id, self.year]
        if reason_prompt is not None:
            reason, ok = QInputDialog.getText(self, reason_prompt, f"「{view.unit.name}」:请填写原因")
            if not ok:
                return
            args.append(reason)
        try:
            state = getattr(self.store, action)(*args)
        except StoreError as exc:
            QMessageBox.warning(self, "无法完成", exc.message_zh)
            return
        self.refresh_unit(view.unit.id)
        self.statusBar().showMessage(f"{view.unit.name}:{state}", 5000)

    def submit(self) -> None:
        self._workflow("submit")

    def return_to_draft(self) -> None:
        self._workflow("return_to_draft", "退回修改")

    def review(self) -> None:
        self._workflow("review")

    def finalise(self) -> None:
        name = self._view.unit.name if self._view else ""
        answer = QMessageBox.question(self, "定稿", f"定稿后「{name}」的数据将只读,结果被固定。确定定稿吗?")
        if answer == QMessageBox.StandardButton.Yes:
            self._workflow("finalise")

    def reopen(self) -> None:
        self._workflow("reopen", "重新打开")

    # -- setup ----------------------------------------------------------------------------------------------

    def new_year(self) -> None:
        from datetime import date

        last = max(self.store.years(), default=date.today().year - 1)
        year, ok = QInputDialog.getInt(self, "新建考核年度", "年度:", last + 1, 2000, 2100)
        if not ok or not self.maybe_save():
            return
        try:
            self.store.ensure_year(year)
        except StoreError as exc:
            QMessageBox.warning(self, "无法新建年度", exc.message_zh)
            return
        self.year = None
        self.settings.setValue("last/year", year)
        self.reload_years()

    def _run_dialog(self, dialog: QWidget) -> None:
        dialog.exec()  # type: ignore[attr-defined]
        self.year, year = None, self.year
        if year is not None:
            self.settings.setValue("last/year", year)
        self.reload_years()

    def open_targets(self) -> None:
        if self.year is None or not self.maybe_save():
            return
        from yc_desktop.ui.setup_dialogs import TargetsDialog

        self._run_dialog(TargetsDialog(self.store, self.year, self))

    def open_units(self) -> None:
        if not self.maybe_save():
            return
        from yc_desktop.ui.setup_dialogs import UnitsDialog

        self._run_dialog(UnitsDialog(self.store, self))

    def open_audit(self) -> None:
        from PySide6.QtWidgets import QDialog, QVBoxLayout

        from yc_desktop.ui.audit_view import AuditView

        dialog = QDialog(self)
        dialog.setWindowTitle("操作日志")
        layout = QVBoxLayout(dialog)
        layout.addWidget(AuditView(self.store, dialog))
        dialog.resize(1100, 600)
        dialog.exec()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def about(self) -> None:
        from yc_desktop import __version__

        QMessageBox.about(
            self, "关于",
            f"<b>{APP_TITLE}</b> {__version__}<br>依据《源城分厅建设工作量化评分表(暂行)》精确计算“四率”得分。<br>"
            f"数据库:{self.store.path}",
        )  # fmt: skip

    # -- database files -------------------------------------------------------------------------------------

    def open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "打开数据库", str(self.store.path.parent), "考核数据库 (*.db);;所有文件 (*)"
        )
        if path:
            self.switch_database(Path(path))

    def new_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "新建数据库", str(self.store.path.parent / "新数据库.db"),
                                              "考核数据库 (*.db)")  # fmt: skip
        if path:
            if Path(path).exists():
                QMessageBox.warning(self, "新建数据库", "该文件已存在;请用“打开数据库”打开它。")
                return
            self.switch_database(Path(path))

    def open_sample(self) -> None:
        from yc_desktop.store.database import default_data_dir
        from yc_desktop.store.sample import SAMPLE_FILE_NAME, create_sample_database

        path = default_data_dir() / SAMPLE_FILE_NAME
        if not path.exists():
            try:
                create_sample_database(path)
            except (StoreError, OSError) as exc:
                QMessageBox.warning(self, "示例数据", getattr(exc, "message_zh", str(exc)))
                return
        self.switch_database(path)

    def switch_database(self, path: Path) -> bool:
        """Open another file and ask who works on it (the assessor password belongs to the file)."""
        if not self.maybe_save():
            return False
        from yc_desktop.ui.roles import RoleDialog

        old = self.store
        try:
            new = Store(path, actor=self.choice.actor, role=self.choice.role)
        except StoreError as exc:
            old.activate()
            QMessageBox.critical(self, "无法打开数据库", exc.message_zh)
            return False
        dialog = RoleDialog(new, self.choice.actor, self.choice.role, None, self)
        if not dialog.exec() or dialog.choice is None:
            new.close()
            old.activate()
            return False
        old.close()
        self.store = new
        self.choice = dialog.choice
        new.role, new.actor = self.choice.role, self.choice.actor
        self.settings.setValue("last/db", str(path))
        self._ranking_stale = True
        self.year = self.unit_id = None
        self._apply_role()
        self.reload_years()
        return True

    def switch_role(self) -> None:
        if not self.maybe_save():
            return
        from yc_desktop.ui.roles import RoleDialog

        dialog = RoleDialog(self.store, self.choice.actor, self.choice.role, self.choice.unit_id, self)
        if dialog.exec() and dialog.choice is not None:
            self.choice = dialog.choice
            self.store.role, self.store.actor = self.choice.role, self.choice.actor
            self.settings.setValue("last/role", self.choice.role)
            self.settings.setValue("last/actor", self.choice.actor)
            self.year = None
            self._apply_role()
            self.reload_years()

    def backup(self) -> None:
        from datetime import datetime

        from PySide6.QtWidgets import QFileDialog

        from yc_desktop.store.backup import backup_database

        suggested = self.store.path.parent / f"{self.store.path.stem}-备份-{datetime.now():%Y%m%d-%H%M}.db"
        path, _ = QFileDialog.getSaveFileName(self, "备份数据库", str(suggested), "考核数据库 (*.db)")
        if not path:
            return
        try:
            backup_database(self.store.path, Path(path))
        except StoreError as exc:
            QMessageBox.warning(self, "备份失败", exc.message_zh)
            return
        self.statusBar().showMessage(f"已备份到 {path}", 6000)

    def restore(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from yc_desktop.store.backup import restore_database

        path, _ = QFileDialog.getOpenFileName(self, "从备份恢复", str(self.store.path.parent / "备份"),
                                              "考核数据库 (*.db)")  # fmt: skip
        if not path or not self.maybe_save():
            return
        answer = QMessageBox.question(
            self, "从备份恢复", f"用备份「{Path(path).name}」替换当前数据吗?\n当前文件会先另存一份到“备份”文件夹。"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        target = self.store.path
        self.store.close()
        try:
            restore_database(Path(path), target)
        except StoreError as exc:
            QMessageBox.warning(self, "恢复失败", exc.message_zh)
        try:
            self.store = Store(target, actor=self.choice.actor, role=self.choice.role)
        except StoreError as exc:
            QMessageBox.critical(self, "无法打开数据库", exc.message_zh)
            self.close()
            return
        self._ranking_stale = True
        self.year = self.unit_id = None
        self.reload_years()

    # -- closing --------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._save_settings()
        event.accept()

    def _exchange_action(
        self, text: str, function: str, *args: object, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        """An action running `exchange_actions.<function>(window, *args)`; the module (and openpyxl with it) is
        imported on first use, not at start-up."""

        def run() -> None:
            from yc_desktop.ui import exchange_actions

            getattr(exchange_actions, function)(self, *args)

        return self._action(text, run, shortcut, tip)

    @property
    def current_view(self) -> UnitYearView | None:
        return self._view

    def make_preview_dialog(self, title: str, text: str, importable: int) -> QDialog:
        """The import preview (a seam for tests, which answer it without a person)."""
        from yc_desktop.ui.exchange_actions import PreviewDialog

        return PreviewDialog(title, text, importable, self)
