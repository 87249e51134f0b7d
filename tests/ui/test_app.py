"""create_application: names, the Simplified Chinese font, Qt's own texts in Chinese, and the error hook."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from yc_desktop.ui import app as app_module
from yc_desktop.ui.app import (
    CJK_FONT_FAMILIES,
    ERROR_LOG_NAME,
    ErrorReporter,
    create_application,
    installed_cjk_families,
)


@pytest.fixture
def configured_app(qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[QApplication]:
    """The test application configured by create_application, put back afterwards for the other tests."""
    font, locale = qapp.font(), QLocale()
    names = (qapp.applicationName(), qapp.organizationName(), qapp.applicationDisplayName())
    translators_before = set(qapp.findChildren(QTranslator))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # pytest-qt's own hook comes back afterwards
    monkeypatch.setattr(app_module, "data_dir", lambda: tmp_path)
    yield create_application(["yc-desktop"])
    for translator in set(qapp.findChildren(QTranslator)) - translators_before:
        qapp.removeTranslator(translator)
        translator.deleteLater()
    qapp.setFont(font)
    QLocale.setDefault(locale)
    qapp.setApplicationName(names[0])
    qapp.setOrganizationName(names[1])
    qapp.setApplicationDisplayName(names[2])


def test_application_is_named_for_settings_and_windows(configured_app: QApplication) -> None:
    assert configured_app is QApplication.instance()
    assert configured_app.applicationName() == "yc-desktop"
    assert configured_app.organizationName().isascii()
    assert configured_app.applicationDisplayName() == "源城分厅建设工作量化评分"
    assert QLocale().name() == "zh_CN"


def test_ui_font_is_a_simplified_chinese_family(configured_app: QApplication) -> None:
    # The test machine has fonts-noto-cjk: Noto Sans CJK SC must win over the JP/KR/TC variants also installed.
    assert "Noto Sans CJK SC" in QFontDatabase.families()
    assert configured_app.font().families()[0] == "Noto Sans CJK SC"
    assert configured_app.font().pointSizeF() >= app_module.MIN_POINT_SIZE


def test_font_choice_keeps_preference_order() -> None:
    installed = ["SimSun", "Microsoft YaHei", "Arial", "Noto Sans CJK JP"]
    assert installed_cjk_families(installed) == ["Microsoft YaHei", "SimSun"]
    assert installed_cjk_families(["Arial"]) == []
    assert CJK_FONT_FAMILIES[0] == "Noto Sans CJK SC"


def test_qt_dialog_texts_are_chinese(configured_app: QApplication) -> None:
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "Save") == "保存"


def test_create_application_installs_the_error_hook(configured_app: QApplication, tmp_path: Path) -> None:
    assert isinstance(sys.excepthook, ErrorReporter)
    assert sys.excepthook.log_path == tmp_path / ERROR_LOG_NAME


def _raised(error: BaseException) -> tuple[type[BaseException], BaseException, TracebackType | None]:
    try:
        raise error
    except BaseException as caught:  # the point is to capture it, whatever it is
        return type(caught), caught, caught.__traceback__


def test_error_is_logged_and_shown_in_chinese_not_as_a_traceback(qapp: QApplication, tmp_path: Path) -> None:
    shown: list[tuple[str, Path | None]] = []
    reporter = ErrorReporter(tmp_path / "logs", lambda summary, path: shown.append((summary, path)))
    reporter(*_raised(ZeroDivisionError("division by zero")))
    log = (tmp_path / "logs" / ERROR_LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "ZeroDivisionError: division by zero" in log
    assert shown == [("ZeroDivisionError: division by zero", tmp_path / "logs" / ERROR_LOG_NAME)]


def test_errors_while_the_dialog_is_open_are_only_logged(qapp: QApplication, tmp_path: Path) -> None:
    dialogs: list[str] = []

    def show_and_fail_again(summary: str, path: Path | None) -> None:
        dialogs.append(summary)
        reporter(*_raised(ValueError("second")))

    reporter = ErrorReporter(tmp_path, show_and_fail_again)
    reporter(*_raised(ValueError("first")))
    assert dialogs == ["ValueError: first"]
    assert (tmp_path / ERROR_LOG_NAME).read_text(encoding="utf-8").count("ValueError") == 2


def test_unwritable_log_still_shows_the_dialog(qapp: QApplication, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    shown: list[Path | None] = []
    reporter = ErrorReporter(blocker, lambda summary, path: shown.append(path))
    reporter(*_raised(RuntimeError("x")))
    assert shown == [None]


def test_the_real_dialog_speaks_chinese(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    seen: dict[str, str] = {}

    def read_and_close() -> None:  # runs inside the dialog's own event loop; never leaves it open
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, read_and_close)
            return
        seen.update(title=box.windowTitle(), text=box.text(), info=box.informativeText(), details=box.detailedText())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    ErrorReporter(tmp_path)(*_raised(KeyError("figures")))
    assert seen["title"] == "程序出错"
    assert "意外错误" in seen["text"]
    assert str(tmp_path / ERROR_LOG_NAME) in seen["info"]
    assert seen["details"] == "KeyError: 'figures'"
    assert "Traceback" not in "".join(seen.values())
