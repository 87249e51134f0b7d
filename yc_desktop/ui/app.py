"""The QApplication: names for QSettings, a Simplified Chinese UI font, Chinese Qt dialogs, errors in Chinese.

Without an explicit font Qt takes the first CJK family it finds, often Noto Sans CJK JP, and draws Japanese glyph
shapes for Chinese text; so the UI font is chosen from a list of Simplified Chinese families.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QStandardPaths, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from yc_desktop.resources import resources_dir

APPLICATION_NAME = "yc-desktop"
ORGANISATION_NAME = "yuancheng"  # ASCII: it becomes a folder name for QSettings and the data folder
DISPLAY_NAME = "源城分厅建设工作量化评分"
# Simplified Chinese families, best first: Linux (Noto/Source Han), Windows (YaHei, then SimSun), macOS.
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
    "SimSun",
    "NSimSun",
)
# Chinese is dense: below 10 pt the strokes of common characters run together on ordinary office screens.
MIN_POINT_SIZE = 10.0
QT_TRANSLATIONS = ("qtbase_zh_CN",)
ERROR_LOG_NAME = "errors.log"
MAX_ERROR_LOG_BYTES = 1_000_000

ErrorDialog = Callable[[str, Path | None], None]


def installed_cjk_families(installed: Iterable[str]) -> list[str]:
    """The families of CJK_FONT_FAMILIES that are installed, in preference order."""
    available = set(installed)
    return [family for family in CJK_FONT_FAMILIES if family in available]


def apply_ui_font(app: QApplication) -> str | None:
    """Set the application font to the best installed Simplified Chinese family; returns it (None if none)."""
    families = installed_cjk_families(QFontDatabase.families())
    font = QFont(app.font())
    if families:
        font.setFamilies(families)  # the rest of the list is the fallback for characters the first one lacks
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    app.setFont(font)
    return families[0] if families else None


def install_qt_translations(app: QApplication) -> list[str]:
    """Chinese for Qt's own texts (dialog buttons, Undo/Redo, context menus); returns the files loaded.

    PySide6-Essentials ships qtbase_zh_CN.qm in Qt's translations folder; resources/translations is the
    fallback for a bundle that leaves it out.
    """
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(resources_dir() / "translations")]
    loaded: list[str] = []
    for name in QT_TRANSLATIONS:
        translator = QTranslator(app)  # parented: lives as long as the application
        if any(translator.load(name, folder) for folder in folders):
            app.installTranslator(translator)
            loaded.append(name)
    return loaded


def data_dir() -> Path:
    """The user's data folder for this application (logs; later the database and backups)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def show_error_dialog(summary: str, log_path: Path | None) -> None:
    where = f"错误详情已记录在:\n{log_path}" if log_path else "错误详情未能写入日志文件。"
    box = QMessageBox(QMessageBox.Icon.Critical, "程序出错", "程序遇到意外错误,刚才的操作可能没有完成。")
    box.setInformativeText(f"请检查数据后再继续。如果问题反复出现,请联系系统管理员。\n\n{where}")
    box.setDetailedText(summary)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


class ErrorReporter:
    """sys.excepthook: the traceback goes to a log file in the data folder, the user gets a Chinese dialog.

    A second error while the dialog is open (a broken paint event repeats) is only logged, so dialogs never pile up.
    """

    def __init__(self, log_dir: Path, show_dialog: ErrorDialog = show_error_dialog) -> None:
        self.log_path = log_dir / ERROR_LOG_NAME
        self._show_dialog = show_dialog
        self._showing = False

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logged = self.log(exc_type, exc, tb)
        if self._showing or QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._showing = True
        try:
            self._show_dialog(f"{exc_type.__name__}: {exc}", self.log_path if logged else None)
        finally:
            self._showing = False

    def log(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> bool:
        """Append the traceback to the log (the previous log is kept once as .1 when it grows large)."""
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            if self.log_path.exists() and self.log_path.stat().st_size > MAX_ERROR_LOG_BYTES:
                self.log_path.replace(self.log_path.with_name(ERROR_LOG_NAME + ".1"))
            with self.log_path.open("a", encoding="utf-8") as log:
                log.write(f"--- {stamp}\n{text}\n")
        except OSError:
            return False
        return True


def create_application(argv: Sequence[str], *, install_excepthook: bool = True) -> QApplication:
    """The configured application (an existing one is configured and returned, as in tests)."""
    existing = QApplication.instance()
    if existing is None:
        # Qt 6 scales for high DPI by itself; pass fractional factors (150 %) through instead of rounding to 2×.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv))
    elif isinstance(existing, QApplication):
        app = existing
    else:
        raise RuntimeError("a non-widget QCoreApplication already exists")
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANISATION_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    icon = resources_dir() / "icons" / "yc-desktop.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    apply_ui_font(app)
    install_qt_translations(app)
    if install_excepthook:
        sys.excepthook = ErrorReporter(data_dir())
    return app
