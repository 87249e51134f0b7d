"""Screenshots of the main window on the sample district, for looking at it as a user would.

    xvfb-run -s "-screen 0 1920x1080x24" .venv/bin/python build_scripts/screenshot_main.py out/ 1366x768 1920x1080

Writes main-<size>-<role>.png for each size and for both roles into the folder.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import ASSESSOR, LIAISON, Store
from yc_desktop.ui.app import create_application
from yc_desktop.ui.main_window import MainWindow
from yc_desktop.ui.roles import RoleChoice


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def main(out: Path, sizes: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(sys.argv[:1], install_excepthook=False)
    with tempfile.TemporaryDirectory() as folder:
        path = create_sample_database(Path(folder) / "示例数据.db")
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        for role in (ASSESSOR, LIAISON):
            store = Store(path)
            unit = store.units()[9].id
            choice = RoleChoice(role, "王审核" if role == ASSESSOR else "李联络", unit if role == LIAISON else None)
            window = MainWindow(store, choice, settings)
            for size in sizes:
                width, height = (int(v) for v in size.split("x"))
                window.resize(width, height)
                window.show()
                settle(app)
                window.select_unit(unit)
                settle(app)
                tag = "assessor" if role == ASSESSOR else "liaison"
                window.grab().save(str(out / f"main-{size}-{tag}.png"))
                window.tabs.setCurrentIndex(1)
                settle(app)
                window.grab().save(str(out / f"main-{size}-{tag}-form.png"))
                if window.tabs.count() > 2:
                    window.tabs.setCurrentIndex(2)
                    settle(app)
                    window.grab().save(str(out / f"main-{size}-{tag}-ranking.png"))
                window.tabs.setCurrentIndex(0)
            window.close()
            store.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "out"), sys.argv[2:] or ["1366x768", "1920x1080"])
