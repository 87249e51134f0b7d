"""One cold start, measured from outside as the wall time of this process: `start.py bare|app [DB SETTINGS]`.

Both variants end the same way: the window is shown, the event loop turns once (a zero-time timer fires after
the show events are processed), and the process exits. `bare` is the baseline: PySide6 and a QMainWindow with a
QTableView, nothing of the program. `app` is the program's own start path as `yc-desktop` takes it (command-line
parsing, the configured QApplication, the store, the main window as an assessor on the given database), minus
the two things a person answers or that touch the user's files: the role dialog and the daily backup.

With `--rss` the process prints its peak resident memory (ru_maxrss, KiB) before exiting.
Imports only what each start needs, so the measurement is not skewed by this script.
"""

from __future__ import annotations

import sys


def bare() -> object:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1280, 760)
    window.show()
    return app


def app(database: str, settings_file: str, year: str | None) -> object:
    from pathlib import Path

    from yc_desktop.cli import build_parser

    build_parser().parse_args(["--db", database])  # as `yc-desktop --db FILE` does before it opens the window
    from PySide6.QtCore import QSettings

    from yc_desktop.store.service import ASSESSOR, Store
    from yc_desktop.ui.app import create_application
    from yc_desktop.ui.main_window import MainWindow
    from yc_desktop.ui.roles import RoleChoice

    application = create_application(sys.argv[:1], install_excepthook=False)
    settings = QSettings(settings_file, QSettings.Format.IniFormat)
    if year:
        settings.setValue("last/year", int(year))
    store = Store(Path(database))
    window = MainWindow(store, RoleChoice(ASSESSOR, "基准测试", None), settings)
    window.show()
    application.window = window  # type: ignore[attr-defined]  # kept alive until the loop ends
    return application


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer

    rss = "--rss" in argv
    argv = [a for a in argv if a != "--rss"]
    application = bare() if argv[0] == "bare" else app(argv[1], argv[2], argv[3] if len(argv) > 3 else None)
    QTimer.singleShot(0, application.quit)  # type: ignore[attr-defined]
    application.exec()  # type: ignore[attr-defined]
    if rss:
        try:
            import resource  # POSIX only
        except ImportError:
            print(-1)
        else:
            print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
