"""Screenshots of the figures editor and the form preview in real windows, to look at before a release.

    xvfb-run -s "-screen 0 1366x768x24" python build_scripts/screenshot_widgets.py out/

Writes one PNG per scene into the folder given (default out/) and prints their paths. The figures are the worked
example of SCORING.md (40/38, 1000/760/350, SMS 10/5/2/1, 3 complaints, targets 90/70/30 → 99.64, 优秀).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from yc_desktop.core.targets import default_targets
from yc_desktop.resources import rule_set
from yc_desktop.ui.app import create_application
from yc_desktop.ui.figures_editor import FiguresEditor, Side
from yc_desktop.ui.form_preview import FormPreview

WORKED_EXAMPLE: dict[str, int | None] = {
    "items_required": 40,
    "items_onboarded": 38,
    "cases_total": 1000,
    "cases_online_accepted": 760,
    "cases_online_completed": 350,
    "sms_very_satisfied": 10,
    "sms_satisfied": 5,
    "sms_basically_satisfied": 2,
    "sms_unsatisfied": 1,
    "complaints": 3,
}
SELF_NOTES = {
    "onboarding": "事项目录见区政务服务事项清单(2014版)",
    "acceptance": "网上办事大厅后台统计报表,2014年1—12月",
    "completion": "同上",
    "satisfaction": "短信评价平台导出记录",
}
YEAR = 2014


def _editor(figures_by_side: dict[Side, dict[str, int | None]]) -> FiguresEditor:
    rules = rule_set()
    editor = FiguresEditor(rules, default_targets(YEAR, rules))
    for side, figures in figures_by_side.items():
        editor.set_figures(side, figures)
    editor.set_evidence_notes(Side.SELF, SELF_NOTES)
    editor.mark_saved()
    return editor


def assessor_with_error() -> QWidget:
    """An assessor's view: 自评 read-only; 考核 has one figure that the core refuses (accepted > total)."""
    checked = {**WORKED_EXAMPLE, "cases_online_accepted": 1200, "cases_online_completed": 340}
    editor = _editor({Side.SELF: WORKED_EXAMPLE, Side.ASSESSOR: checked})
    editor.set_difference_reasons({"cases_online_completed": "其中 10 件为窗口办结,已核减"})
    editor.set_side_editable(Side.SELF, False)
    editor.mark_saved()
    return editor


def assessor_with_differences() -> QWidget:
    """Both sides valid; two figures differ, one explained, one still waiting for its reason."""
    checked = {**WORKED_EXAMPLE, "cases_online_accepted": 700, "cases_online_completed": 340}
    editor = _editor({Side.SELF: WORKED_EXAMPLE, Side.ASSESSOR: checked})
    editor.set_difference_reasons({"cases_online_completed": "其中 10 件为窗口办结,已核减"})
    editor.set_side_editable(Side.SELF, False)
    editor.mark_saved()
    return editor


def liaison_entering() -> QWidget:
    """A liaison's view: only 自评, half typed in, the next figure being typed."""
    partial = {field: value if index < 6 else None for index, (field, value) in enumerate(WORKED_EXAMPLE.items())}
    editor = _editor({Side.SELF: partial})
    editor.set_side_visible(Side.ASSESSOR, False)
    editor.focus_first_entry()
    return editor


def type_next_figure(widget: QWidget) -> None:
    assert isinstance(widget, FiguresEditor)
    view = widget.view
    view.setCurrentIndex(view.model().index(6, 0))
    view.edit(view.currentIndex())
    editor = view.open_editor()
    assert isinstance(editor, QLineEdit)
    editor.setText("5")


def form_preview() -> QWidget:
    rules = rule_set()
    targets = default_targets(YEAR, rules)
    own = _editor({Side.SELF: WORKED_EXAMPLE}).score(Side.SELF)
    checked = {**WORKED_EXAMPLE, "cases_online_accepted": 700, "cases_online_completed": 340}
    verified = _editor({Side.ASSESSOR: checked}).score(Side.ASSESSOR)
    preview = FormPreview()
    preview.set_form("区民政局", YEAR, rules, own, verified, targets)
    preview.resize(900, 720)
    return preview


AfterShow = Callable[[QWidget], None]
# name → (build the widget, what to do once it is shown)
SCENES: dict[str, tuple[Callable[[], QWidget], AfterShow | None]] = {
    "figures-editor-assessor-error": (assessor_with_error, None),
    "figures-editor-assessor-differences": (assessor_with_differences, None),
    "figures-editor-liaison": (liaison_entering, type_next_figure),
    "form-preview": (form_preview, None),
}


def shoot(
    app: QApplication, name: str, widget: QWidget, folder: Path, after_show: Callable[[QWidget], None] | None
) -> Path:
    widget.setWindowTitle(name)
    if widget.size().width() < widget.sizeHint().width() or widget.size().height() < widget.sizeHint().height():
        widget.resize(widget.sizeHint())
    widget.show()
    widget.activateWindow()
    QTest.qWaitForWindowExposed(widget)
    QTest.qWaitForWindowActive(widget)
    if after_show is not None:
        after_show(widget)
    app.processEvents()
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    widget.close()
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "out")
    folder.mkdir(parents=True, exist_ok=True)
    app = create_application(argv[:1], install_excepthook=False)
    for name, (build, after_show) in SCENES.items():
        print(shoot(app, name, build(), folder, after_show))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
