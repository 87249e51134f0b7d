"""The table of the figures editor, tuned for typing a column of counts from a paper list without the mouse.

Entry order is down a column: all of 自评, then all of 考核, then the difference reasons that are asked for.
An assessor copies one source document at a time (the unit's list, then the verified list), top to bottom, so
the cursor follows the paper instead of zig-zagging across sides. Tab and Enter both move to the next entry
cell and open its editor, so typing is "digits, Enter, digits, Enter…"; Shift reverses. Typing on a cell
replaces its value; Delete clears it; Ctrl+V pastes a column copied from a spreadsheet.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from yc_desktop.ui.count_input import CountValidator
from yc_desktop.ui.figures_model import (
    COLUMN_COUNT,
    ERROR_BORDER,
    MAX_REASON_LENGTH,
    PROBLEM_ROLE,
    REASON_COLUMN,
    FiguresModel,
)

REASON_COLUMN_CHARACTERS = 16  # a reason such as "其中 10 件为窗口办结,已核减" fits without eliding
REASON_COLUMN_MIN_CHARACTERS = 8
EDITING_BORDER = "#2f6fd0"
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
_CLEAR_KEYS = {Qt.Key.Key_Delete, Qt.Key.Key_Backspace}


class FiguresDelegate(QStyledItemDelegate):
    """Line editors for counts (digits only) and reasons; Enter commits and moves on like Tab."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        # A clear box around the cell being typed in: the eye finds the cursor after looking at the paper.
        editor.setStyleSheet(f"QLineEdit {{ border: 2px solid {EDITING_BORDER}; padding: 0 2px; }}")
        if index.column() == REASON_COLUMN:
            editor.setMaxLength(MAX_REASON_LENGTH)
        else:
            editor.setValidator(CountValidator(editor))
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setText("" if value is None else str(value))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(editor, QLineEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _ENTER_KEYS:
                backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                hint = QAbstractItemDelegate.EndEditHint
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, hint.EditPreviousItem if backwards else hint.EditNextItem)
                return True
        return super().eventFilter(editor, event)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        if index.data(PROBLEM_ROLE):
            # The red border is the mark people look for on a form; the tint alone is easy to miss.
            painter.save()
            painter.setPen(QPen(ERROR_BORDER, 2))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()


class FiguresTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(FiguresDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.setSectionsClickable(False)
        self.horizontalHeader().setSectionsClickable(False)
        self.horizontalHeader().setHighlightSections(False)
        rows.setHighlightSections(False)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        columns = self.horizontalHeader()
        count_width = self.fontMetrics().horizontalAdvance("0,000,000,000,000") + 24  # MAX_COUNT, grouped
        for column in range(COLUMN_COUNT):
            if column == REASON_COLUMN:
                columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                columns.resizeSection(column, count_width)
        self._fit_width_to_columns()

    def setColumnHidden(self, column: int, hide: bool) -> None:
        super().setColumnHidden(column, hide)
        self._fit_width_to_columns()

    def _fit_width_to_columns(self) -> None:
        # Only the reason column may take spare width; without it the table keeps to its columns, so no blank
        # band opens beside the figures.
        policy = QSizePolicy.Policy.Fixed if self.isColumnHidden(REASON_COLUMN) else QSizePolicy.Policy.Expanding
        self.setSizePolicy(policy, QSizePolicy.Policy.Fixed)
        self.updateGeometry()

    def figures_model(self) -> FiguresModel:
        model = self.model()
        assert isinstance(model, FiguresModel)
        return model

    # --- entry order -----------------------------------------------------------------------------------------

    def entry_cells(self) -> list[QModelIndex]:
        """Editable cells of the shown columns in entry order: column by column, top to bottom."""
        model = self.model()
        return [
            model.index(row, column)
            for column in range(model.columnCount())
            if not self.isColumnHidden(column)
            for row in range(model.rowCount())
            if model.flags(model.index(row, column)) & Qt.ItemFlag.ItemIsEditable
        ]

    def focus_first_entry(self) -> None:
        cells = self.entry_cells()
        if cells:
            self.setCurrentIndex(cells[0])
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the open cell editor --------------------------------------------------------------------------------

    def open_editor(self) -> QWidget | None:
        """The line editor open on the current cell, if the user is typing in one."""
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        return self.indexWidget(self.currentIndex())

    def commit_open_editor(self) -> None:
        """Keep what is typed in the open cell (before saving, or leaving the unit)."""
        editor = self.open_editor()
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def discard_open_editor(self) -> None:
        """Drop the open cell editor without committing: its text is stale once the value changed under it."""
        editor = self.open_editor()
        if editor is not None:
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Next/previous follow the entry order; at either end the index is invalid, so Tab leaves the table."""
        if action not in {QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious}:
            return super().moveCursor(action, modifiers)
        rows = self.model().rowCount()
        current = self.currentIndex()
        here = current.column() * rows + current.row() if current.isValid() else -1
        cells = self.entry_cells()
        if action == QAbstractItemView.CursorAction.MoveNext:
            return next((cell for cell in cells if cell.column() * rows + cell.row() > here), QModelIndex())
        if not current.isValid():
            return QModelIndex()
        return next((cell for cell in reversed(cells) if cell.column() * rows + cell.row() < here), QModelIndex())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        editable = current.isValid() and bool(self.model().flags(current) & Qt.ItemFlag.ItemIsEditable)
        if event.key() in _ENTER_KEYS and self.state() != QAbstractItemView.State.EditingState:
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            action = QAbstractItemView.CursorAction
            target = self.moveCursor(action.MovePrevious if backwards else action.MoveNext, event.modifiers())
            if target.isValid():
                self.setCurrentIndex(target)
            event.accept()
            return
        if event.key() in _CLEAR_KEYS and editable and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.model().setData(current, None if current.column() != REASON_COLUMN else "")
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Paste) and editable:
            pasted = self.figures_model().paste_column(current, QGuiApplication.clipboard().text())
            if not pasted:
                QApplication.beep()
            event.accept()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        """Every row (the computed rows are the point of the editor and must not scroll away) and every column,
        with room for a short reason."""
        return self._size_for(REASON_COLUMN_CHARACTERS)

    def minimumSizeHint(self) -> QSize:
        return self._size_for(REASON_COLUMN_MIN_CHARACTERS)

    def _size_for(self, reason_characters: int) -> QSize:
        columns = self.horizontalHeader()
        width = self.verticalHeader().sizeHint().width() + 2 * self.frameWidth()
        for column in range(COLUMN_COUNT):
            if self.isColumnHidden(column):
                continue
            if column == REASON_COLUMN:
                width += self.fontMetrics().horizontalAdvance("字") * reason_characters
            else:
                width += columns.sectionSize(column)
        height = columns.sizeHint().height() + self.verticalHeader().length() + 2 * self.frameWidth()
        return QSize(width, height)
