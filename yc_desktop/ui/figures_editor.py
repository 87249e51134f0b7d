"""The figures editor of one unit: 自评 | 考核 side by side, live scores, problems marked, evidence notes.

The table (figures_model + figures_view) holds the figures and the difference reasons; this widget adds the
targets line, the message line under the table, the evidence notes of each side, undo, and the dirty flag. Loading
(`set_*`) clears the undo history — undoing into another unit's data would be wrong — and does not touch the
saved state: call `mark_saved()` after loading what is stored.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from yc_desktop.core.figures import FIELD_NAMES, FigureProblem
from yc_desktop.core.rules import RATE_ITEMS, RuleSet
from yc_desktop.core.scoring import ITEM_KEYS, NO_CASES_WARNING, UnitScore
from yc_desktop.core.targets import Targets, default_targets
from yc_desktop.resources import rule_set
from yc_desktop.ui.evidence_panel import MAX_NOTE_LENGTH, EvidencePanel
from yc_desktop.ui.figures_model import REASON_COLUMN, SIDE_COLUMNS, FiguresModel, FiguresState
from yc_desktop.ui.figures_rows import SIDE_LABELS, Side, format_percent, item_labels, readable_problem
from yc_desktop.ui.figures_view import FiguresTableView
from yc_desktop.ui.note_edit import NoteEdit
from yc_desktop.ui.undo import ValueCommand

__all__ = ["FiguresEditor", "Side"]

_ERROR_COLOUR = "#a50e0e"
_NOTICE_COLOUR = "#8a5a00"
_QUIET_COLOUR = "#5f6368"


@dataclass(frozen=True, slots=True)
class EditorState:
    figures: FiguresState
    notes: tuple[tuple[Side, str, str], ...]


class FiguresEditor(QWidget):
    """Two-column 自评 | 考核 editor for one unit. Sides are `Side.SELF`/`Side.ASSESSOR` (or "self"/"assessor")."""

    dirtyChanged = Signal(bool)
    changed = Signal()  # after any edit, undo, redo, revert or load; scores are already recomputed

    def __init__(
        self, rules: RuleSet | None = None, targets: Targets | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        rules = rules or rule_set()
        targets = targets or default_targets(rules.targets.base_year, rules)
        self._undo_stack = QUndoStack(self)
        self._model = FiguresModel(rules, targets, self._undo_stack, self)
        self._notes: dict[Side, dict[str, str]] = {side: dict.fromkeys(ITEM_KEYS, "") for side in Side}
        self._dirty = False

        self._targets_label = QLabel(self)
        self._targets_label.setObjectName("targetsLabel")
        self._view = FiguresTableView(self)
        self._view.setModel(self._model)
        self._message_label = QLabel(self)
        self._message_label.setObjectName("messageLabel")
        self._message_label.setWordWrap(True)
        self._message_label.setTextFormat(Qt.TextFormat.RichText)
        self._message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._evidence = EvidencePanel(self)
        self._evidence.noteCommitted.connect(self._commit_note)
        self._evidence.setMinimumWidth(240)
        self._evidence.setMaximumWidth(380)

        table_column = QVBoxLayout()
        table_column.addWidget(self._view)
        table_column.addWidget(self._message_label)
        table_column.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(table_column, 1)
        columns.addWidget(self._evidence)
        layout = QVBoxLayout(self)
        layout.addWidget(self._targets_label)
        layout.addLayout(columns, 1)

        previous: QWidget = self._view
        for edit in self._evidence.note_edits_in_order():
            QWidget.setTabOrder(previous, edit)
            previous = edit

        self._model.contentChanged.connect(self._content_changed)
        self._undo_stack.indexChanged.connect(self._undo_index_changed)
        self._saved = self._state()
        self._show_rules_text()
        self._show_messages()

    # --- what is shown -------------------------------------------------------------------------------------

    @property
    def undo_stack(self) -> QUndoStack:
        """For the main window's Undo/Redo actions (`createUndoAction`/`createRedoAction`)."""
        return self._undo_stack

    @property
    def model(self) -> FiguresModel:
        return self._model

    @property
    def view(self) -> FiguresTableView:
        return self._view

    def is_valid(self, side: Side | str) -> bool:
        """Every figure of `side` entered and accepted by the core."""
        return self._model.result(Side(side)).score is not None

    def figures(self, side: Side | str) -> dict[str, int | None]:
        """The ten figures of `side` in form order; None = not entered."""
        return self._model.values(Side(side))

    def score(self, side: Side | str) -> UnitScore | None:
        """The core's score for `side`, or None while it is incomplete or invalid."""
        return self._model.result(Side(side)).score

    def problems(self, side: Side | str) -> list[FigureProblem]:
        return list(self._model.result(Side(side)).problems)

    def difference_reasons(self) -> dict[str, str]:
        """For each field where 考核 differs from 自评: the assessor's reason ("" while not yet given)."""
        return {field: self._model.reason(field) for field in FIELD_NAMES if self._model.differs(field)}

    def evidence_notes(self, side: Side | str) -> dict[str, str]:
        """佐证说明 of `side` by indicator: onboarding, acceptance, completion, satisfaction ("" = none)."""
        return dict(self._notes[Side(side)])

    @property
    def evidence_panel(self) -> EvidencePanel:
        return self._evidence

    @property
    def dirty(self) -> bool:
        return self._dirty

    def is_dirty(self) -> bool:
        return self._dirty

    # --- loading and configuration -------------------------------------------------------------------------

    def set_figures(self, side: Side | str, figures: Mapping[str, int | None]) -> None:
        self._view.discard_open_editor()
        self._model.load_figures(Side(side), figures)
        self._undo_stack.clear()

    def set_difference_reasons(self, reasons: Mapping[str, str]) -> None:
        self._view.discard_open_editor()
        self._model.load_reasons(reasons)
        self._undo_stack.clear()

    def set_evidence_notes(self, side: Side | str, notes: Mapping[str, str]) -> None:
        unknown = set(notes) - set(ITEM_KEYS)
        if unknown:
            raise KeyError(f"unknown indicators: {sorted(unknown)}")
        for item in ITEM_KEYS:
            self._write_note(Side(side), item, notes.get(item, "")[:MAX_NOTE_LENGTH])
        self._undo_stack.clear()

    def set_side_editable(self, side: Side | str, editable: bool) -> None:
        """A read-only side (figures and evidence notes) is shown but not typed into."""
        side = Side(side)
        self._view.discard_open_editor()
        self._model.set_side_editable(side, editable)
        self._evidence.set_side_editable(side, editable)
        self._show_messages()

    def set_side_visible(self, side: Side | str, visible: bool) -> None:
        """Roles: a liaison sees only 自评. Hiding 考核 hides the difference reasons with it."""
        side = Side(side)
        self._model.set_side_visible(side, visible)
        self._view.setColumnHidden(SIDE_COLUMNS[side], not visible)
        if side == Side.ASSESSOR:
            self._view.setColumnHidden(REASON_COLUMN, not visible)
        self._evidence.set_side_visible(side, visible)
        self._show_messages()

    def set_targets(self, targets: Targets) -> None:
        self._model.set_targets(targets)
        self._show_rules_text()

    def set_rules(self, rules: RuleSet) -> None:
        self._model.set_rules(rules)
        self._show_rules_text()

    def focus_first_entry(self) -> None:
        """Put the cursor on the first cell this user types into."""
        self._view.focus_first_entry()

    # --- saving state --------------------------------------------------------------------------------------

    def commit_pending_edits(self) -> None:
        """Take in what is still being typed (an open cell, a note with the cursor in it): call before saving."""
        self._view.commit_open_editor()
        focus = self.focusWidget()
        if isinstance(focus, NoteEdit):
            focus.commit()

    def mark_saved(self) -> None:
        """What is shown now is what is stored: not dirty, and `revert()` comes back here."""
        self._saved = self._state()
        self._undo_stack.setClean()
        self._update_dirty()

    def revert(self) -> None:
        """Back to the last saved state, as one undoable step (an accidental revert costs nothing)."""
        current = self._state()
        if current != self._saved:
            self._undo_stack.push(ValueCommand("还原为已保存的数据", self._restore, current, self._saved))

    def _state(self) -> EditorState:
        notes = tuple((side, item, self._notes[side][item]) for side in Side for item in ITEM_KEYS)
        return EditorState(self._model.state(), notes)

    def _restore(self, state: EditorState) -> None:
        for side, item, text in state.notes:
            self._notes[side][item] = text
            self._evidence.set_note(side, item, text)
        self._model.restore(state.figures)  # emits contentChanged once, for notes and figures together

    def _commit_note(self, side_name: str, item: str, text: str) -> None:
        side = Side(side_name)
        old = self._notes[side][item]
        if text != old:
            label = f"{SIDE_LABELS[side]}佐证说明 · {item_labels(self._model.rules())[item]}"
            self._undo_stack.push(ValueCommand(f"修改{label}", partial(self._write_note, side, item), old, text))

    def _write_note(self, side: Side, item: str, text: str) -> None:
        self._notes[side][item] = text
        self._evidence.set_note(side, item, text)
        self._content_changed()

    def _undo_index_changed(self) -> None:
        # Undo, redo or revert changed values under an open cell editor; committing its stale text later
        # would silently redo the change. An edit being pushed is the editor's own commit: leave it alone.
        if not self._model.is_pushing_edit():
            self._view.discard_open_editor()

    def _content_changed(self) -> None:
        self._show_messages()
        self._update_dirty()
        self.changed.emit()

    def _update_dirty(self) -> None:
        dirty = self._state() != self._saved
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirtyChanged.emit(dirty)

    # --- text around the table -----------------------------------------------------------------------------

    def _show_rules_text(self) -> None:
        rules, targets = self._model.rules(), self._model.targets()
        labels = item_labels(rules)
        parts = [f"{labels[item]} {format_percent(targets.get(item))}" for item in RATE_ITEMS]
        self._targets_label.setText("标准值(年度目标):" + "    ".join(parts))
        self._evidence.set_labels(labels)

    def message_lines(self) -> list[tuple[str, str]]:
        """(kind, text) lines under the table: "error" problems first, then notices and quiet remarks."""
        errors: list[tuple[str, str]] = []
        others: list[tuple[str, str]] = []
        shown = [side for side in Side if self._model.side_visible(side)]
        for side in shown:
            result, name = self._model.result(side), SIDE_LABELS[side]
            errors += [("error", f"{name}:{readable_problem(p.message_zh)}") for p in result.problems]
            if result.missing and not result.is_empty:
                others.append(("quiet", f"{name}:还有 {len(result.missing)} 项未填写"))
            if result.score is not None and NO_CASES_WARNING in result.score.warnings:
                others.append(("notice", f"{name}:{NO_CASES_WARNING},网上受理率、网上办结率两项计 0 分"))
        if len(shown) == len(Side) and self._model.side_editable(Side.ASSESSOR):
            unexplained = [field for field, reason in self.difference_reasons().items() if not reason]
            if unexplained:
                others.append(("notice", f"考核:{len(unexplained)} 项与自评不同,请在“差异说明”栏填写原因"))
        return errors + others

    def _show_messages(self) -> None:
        colours = {"error": _ERROR_COLOUR, "notice": _NOTICE_COLOUR, "quiet": _QUIET_COLOUR}
        lines = self.message_lines()
        self._message_label.setText(
            "<br>".join(f'<span style="color:{colours[kind]}">{html.escape(text)}</span>' for kind, text in lines)
        )
        self._message_label.setVisible(bool(lines))

    def message_text(self) -> str:
        """The message line as plain text, one line per problem or remark."""
        return "\n".join(text for _, text in self.message_lines())
