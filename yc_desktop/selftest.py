"""`yc-desktop --self-test`: prove that this installation (or frozen bundle) can do its job, then exit.

Each step prints one line, "[通过] 步骤(详情)" or "[失败] 步骤: 原因", and the exit status is 0 only when every
step passed. Everything happens in a temporary folder: the sample database, the exports, and the window's settings
(an ini file there); the user's data folder, database and settings are never read or written. The steps cover what
a bundle most often loses: the rule files (resources), hashlib's scrypt (libcrypto), openpyxl, the Qt platform
plugin, CJK fonts and Qt's Chinese translations.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

PASSED, FAILED, SKIPPED = "通过", "失败", "跳过"
ACTOR = "自检"
PASSWORD = "自检-password-1"
WINDOW_TIMEOUT_MS = 15_000
# Environment variables that point Qt and the store at per-user folders: redirected into the temp folder.
USER_FOLDER_VARIABLES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "APPDATA", "LOCALAPPDATA")
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")

State = dict[str, Any]


class StepFailed(Exception):
    """A check that did not hold; the message says what, in Chinese."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


@dataclass
class _Run:
    folder: Path
    out: TextIO
    failed: list[str] = field(default_factory=list)
    state: State = field(default_factory=dict)

    def step(self, name: str, action: Callable[[Path, State], str], needs: tuple[str, ...] = ()) -> None:
        """Run one step. `needs`: state that earlier steps must have produced, or this one is skipped (a failure)."""
        if any(key not in self.state for key in needs):
            self.failed.append(name)
            self._print(f"[{SKIPPED}] {name}: 前面的步骤未通过")
            return
        started = time.perf_counter()
        try:
            detail = action(self.folder, self.state)
        except Exception as exc:  # reported by name; the independent steps after it still run
            self.failed.append(name)
            message = getattr(exc, "message_zh", None) or str(exc) or type(exc).__name__
            if not isinstance(exc, StepFailed):  # unexpected: the exception's type helps whoever reads the report
                message = f"{type(exc).__name__}: {message}"
            self._print(f"[{FAILED}] {name}: {message}")
            return
        self._print(f"[{PASSED}] {name}({detail},{time.perf_counter() - started:.2f} s)")

    def _print(self, line: str) -> None:
        print(line, file=self.out, flush=True)


# -- the steps ---------------------------------------------------------------------------------------------------


def load_rules(folder: Path, state: State) -> str:
    from yc_desktop.resources import DEFAULT_RULE_SET, resources_dir, rule_set, shipped_rule_sets

    state["rules"] = rule_set(DEFAULT_RULE_SET)
    return f"{len(shipped_rule_sets())} 个规则集,{resources_dir() / 'rules'}"


def score_sample(folder: Path, state: State) -> str:
    """The sample district into a new database, scored by the store, cross-checked against the headless scorer."""
    from yc_desktop.core.batch import Batch, BatchUnit, score_batch
    from yc_desktop.store.sample import SAMPLE_FILE_NAME, create_sample_database
    from yc_desktop.store.service import SYSTEM, Store

    path = create_sample_database(folder / SAMPLE_FILE_NAME)
    store = state["store"] = Store(path, actor=ACTOR, role=SYSTEM)
    years = store.years()
    _check(bool(years), "示例数据库中没有考核年度")
    for year in years:
        rules, views = store.rules_for(year), store.year_overview(year)
        _check(bool(views), f"{year} 年度没有单位")
        scored = [view for view in views if view.ranking_total is not None]
        _check(len(scored) == len(views), f"{year} 年度有 {len(views) - len(scored)} 个单位没有得分")
        units = [
            BatchUnit(v.unit.name, v.unit.group, v.assessor_figures or v.self_figures, v.targets)  # type: ignore[arg-type]
            for v in scored
        ]
        expected = score_batch(Batch(year, store.year_targets(year), tuple(units)), rules)
        for view, again in zip(scored, expected, strict=True):
            _check(
                (view.ranking_total, view.rank, view.group_rank) == (again.score.total, again.rank, again.group_rank),
                f"{year} 年度「{view.unit.name}」的得分或名次与独立计算不一致",
            )
    state["year"] = years[0]
    return f"{len(store.units())} 个单位,{len(years)} 个年度"


def check_password(folder: Path, state: State) -> str:
    """The assessor password hashes with scrypt, which needs OpenSSL's libcrypto inside a bundle."""
    from yc_desktop.store.auth import set_assessor_password, verify_assessor_password

    store = state["store"]
    set_assessor_password(store, PASSWORD)
    _check(verify_assessor_password(store, PASSWORD), "正确的密码未通过验证")
    _check(not verify_assessor_password(store, PASSWORD + "x"), "错误的密码通过了验证")
    return "设置、验证、拒绝错误密码"


def export_xlsx(folder: Path, state: State) -> str:
    from openpyxl import load_workbook

    from yc_desktop.exchange.form_xlsx import write_form_workbook
    from yc_desktop.exchange.ranking_xlsx import ranking_sheet_names
    from yc_desktop.exchange.records import form_records

    records = state["records"] = form_records(state["store"], state["year"])
    path = folder / "评分表.xlsx"
    write_form_workbook(records, path, with_ranking=True)
    workbook = load_workbook(path, read_only=True)
    try:
        sheets = len(workbook.sheetnames)
    finally:
        workbook.close()
    expected = len(records) + len(ranking_sheet_names(records))
    _check(sheets == expected, f"工作簿有 {sheets} 个工作表,应为 {expected} 个")
    return f"{len(records)} 张评分表 + 排名,{path.stat().st_size // 1024} KB"


def start_qt(folder: Path, state: State) -> str:
    """The QApplication as the program makes it: platform plugin, UI font, Chinese translations."""
    from PySide6.QtCore import QLibraryInfo, QSettings
    from PySide6.QtGui import QGuiApplication

    platform = os.environ.get("QT_QPA_PLATFORM") or {"win32": "windows", "darwin": "cocoa"}.get(sys.platform, "xcb")
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    plugin_name = platform.split(":")[0]
    # A missing plugin makes Qt abort the process; look for it first so the failure has a name.
    _check(any(plugins.glob(f"*q{plugin_name}*")), f"找不到 Qt 平台插件「{plugin_name}」(在 {plugins})")
    # Any QSettings made with defaults lands in the temp folder too, never in the user's registry or config.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    from yc_desktop.ui.app import apply_ui_font, create_application, install_qt_translations

    app = state["app"] = create_application(sys.argv[:1], install_excepthook=False)
    font = apply_ui_font(app)
    _check(font is not None, "没有找到简体中文字体,界面和 PDF 中的汉字会显示为方框(请安装中文字体)")
    _check(bool(install_qt_translations(app)), "找不到 Qt 的中文翻译(qtbase_zh_CN.qm)")
    return f"平台 {QGuiApplication.platformName()},字体 {font}"


def export_pdf(folder: Path, state: State) -> str:
    from yc_desktop.exchange.form_pdf import write_forms_pdf

    records = state["records"]
    path = folder / "评分表.pdf"
    write_forms_pdf(records, path)
    data = path.read_bytes()
    _check(data.startswith(b"%PDF"), "写出的文件不是 PDF")
    pages = len(_PDF_PAGE.findall(data))
    _check(pages == len(records), f"PDF 有 {pages} 页,应为 {len(records)} 页")
    return f"{pages} 页,{len(data) // 1024} KB"


def open_main_window(folder: Path, state: State) -> str:
    """The real main window on the sample, as an assessor: shown, one turn of the event loop, a unit, closed."""
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer

    from yc_desktop.store.service import ASSESSOR
    from yc_desktop.ui.main_window import MainWindow
    from yc_desktop.ui.roles import RoleChoice

    app, store = state["app"], state["store"]
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, RoleChoice(ASSESSOR, ACTOR, None), settings)
    try:
        if app.platformName() != "offscreen":  # a real desktop: build and lay out the window, never put it on screen
            window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.show()
        # A local loop, not app.exec(): QApplication.quit() would also close the window before it is checked.
        loop, turned = QEventLoop(), []
        QTimer.singleShot(0, lambda: (turned.append(True), loop.quit()))
        QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)  # a hang becomes a failure, not a stuck test
        loop.exec()
        _check(bool(turned), f"事件循环在 {WINDOW_TIMEOUT_MS // 1000} 秒内没有运行")
        _check(window.isVisible(), "主窗口没有显示")
        rows, units = window.model.rowCount(), len(store.units())
        _check(rows == units, f"单位总览有 {rows} 行,应为 {units} 行")
        _check(window.unit_id is not None, "没有载入任何单位")
        _check(window.close(), "主窗口拒绝关闭")
        app.processEvents()
        return f"{rows} 个单位,{app.platformName()}"
    finally:
        window.deleteLater()
        app.processEvents()


STEPS: tuple[tuple[str, Callable[[Path, State], str], tuple[str, ...]], ...] = (
    ("加载评分规则", load_rules, ()),
    ("评分示例数据", score_sample, ("rules",)),
    ("考核员密码(scrypt)", check_password, ("store",)),
    ("导出评分表 .xlsx", export_xlsx, ("store",)),
    ("启动 Qt 界面", start_qt, ()),
    ("导出 PDF", export_pdf, ("records", "app")),
    ("打开主窗口", open_main_window, ("store", "app")),
)


# -- running -----------------------------------------------------------------------------------------------------


@contextmanager
def _isolated(folder: Path) -> Iterator[None]:
    """Per-user folders point into `folder` while the test runs, so nothing can reach the user's own files."""
    saved = {name: os.environ.get(name) for name in USER_FOLDER_VARIABLES}
    for name in USER_FOLDER_VARIABLES:
        os.environ[name] = str(folder / name.lower())
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _use_offscreen_without_display() -> None:
    """Offscreen on Linux without a display (a server, CI); elsewhere the real platform plugin is tested."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _output(out: TextIO | None) -> TextIO:
    stream = out or sys.stdout
    if stream is None:  # a windowed build without a console: the exit status still tells
        return open(os.devnull, "w", encoding="utf-8")  # lives until the process exits
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")  # a non-Chinese console code page must not fail the test
    return stream


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step; 0 if all passed, 1 otherwise."""
    stream = _output(out)
    _use_offscreen_without_display()
    print(f"yc-desktop 自检(临时文件夹,不触及用户数据){' — 打包版' if getattr(sys, 'frozen', False) else ''}",
          file=stream, flush=True)  # fmt: skip
    with (
        tempfile.TemporaryDirectory(prefix="yc-self-test-", ignore_cleanup_errors=True) as temp,
        _isolated(Path(temp)),
    ):
        run = _Run(Path(temp), stream)
        try:
            for name, action, needs in STEPS:
                run.step(name, action, needs)
        finally:
            store = run.state.pop("store", None)
            if store is not None:
                store.close()  # before the folder is removed: Windows cannot delete an open file
    if run.failed:
        print(f"自检未通过:{len(run.failed)} 项失败({'、'.join(run.failed)})", file=stream, flush=True)
        return 1
    print(f"自检通过:全部 {len(STEPS)} 项", file=stream, flush=True)
    return 0
