"""Screenshots of the setup dialogs, the audit log and the ranking on the sample district, for review.

Run under Xvfb so that real windows (title bars, popups) are drawn:
    xvfb-run -s "-screen 0 1366x768x24" /tmp/venv/bin/python build_scripts/screenshot_views.py out/
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import ASSESSOR, Store
from yc_desktop.ui.app import create_application
from yc_desktop.ui.audit_view import AuditView
from yc_desktop.ui.ranking_view import RankingView
from yc_desktop.ui.targets_dialog import TargetsDialog
from yc_desktop.ui.units_dialog import UnitsDialog

SETTLE_MS = 150  # let layouts, fonts and the first paint happen before grabbing


def _settle(app: QApplication) -> None:
    QTest.qWait(SETTLE_MS)


def _shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    widget.show()
    widget.raise_()
    _settle(app)
    widget.grab().save(str(path))
    print(f"{path}  {widget.width()}×{widget.height()}")
    widget.close()


def _in_dialog(title: str, content: QWidget, width: int, height: int) -> QDialog:
    """`content` in a dialog, as the main window shows it."""
    dialog = QDialog()
    dialog.setWindowTitle(title)
    QVBoxLayout(dialog).addWidget(content)
    dialog.resize(width, height)
    return dialog


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "out")
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([argv[0]], install_excepthook=False)
    with tempfile.TemporaryDirectory() as folder:
        path = create_sample_database(Path(folder) / "示例数据.db")
        with Store(path, actor="张考核", role=ASSESSOR) as store:
            units = store.units()
            store.set_target_override(units[10].id, 2015, "acceptance", 75)
            store.set_unit_active(units[8].id, False)
            store.add_unit("试点村(示例)", "村居")
            _shoot(app, TargetsDialog(store, 2015), out / "targets_dialog.png")
            _shoot(app, TargetsDialog(store, 2014), out / "targets_dialog_finalised.png")
            units_dialog = UnitsDialog(store)
            units_dialog.select_unit(units[8].id)
            _shoot(app, units_dialog, out / "units_dialog.png")
            _shoot(app, _in_dialog("修改记录", AuditView(store), 1240, 640), out / "audit_view.png")
            by_unit = AuditView(store)
            by_unit.set_unit_filter("新江街道")
            _shoot(app, _in_dialog("修改记录", by_unit, 1240, 640), out / "audit_view_unit.png")
            ranking = RankingView(store)
            ranking.set_year(2015)
            ranking.resize(1280, 700)
            ranking.select_unit(units[10].id)
            _shoot(app, ranking, out / "ranking_view.png")
            ranking.set_group("区直部门")
            ranking.select_unit(units[0].id)  # no 考核 figures yet in 2015
            _shoot(app, ranking, out / "ranking_view_departments.png")
            small = RankingView(store)
            small.set_year(2014)
            small.resize(820, 650)  # about the size of the main window's tab at 1366×768
            _shoot(app, small, out / "ranking_view_small.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
