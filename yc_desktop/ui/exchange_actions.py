"""The window's file exchange: export forms, ranking and PDF; print; the liaison's self-evaluation file; imports.

Data is gathered from the store on the UI thread (fast); writing files and reading many files runs as a Job
with progress and cancel. Imports show what would change and write only after the user agrees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from yc_desktop.exchange.form_data import FormRecord
from yc_desktop.exchange.safe_io import ExportCancelled, ExportError
from yc_desktop.store.errors import StoreError
from yc_desktop.ui.jobs import CancelledFn, Job, JobCancelled, ProgressFn

if TYPE_CHECKING:
    from yc_desktop.ui.main_window import MainWindow

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"


def _message(error: BaseException) -> str:
    text = getattr(error, "message_zh", None)
    if text:
        return str(text)
    if isinstance(error, OSError):
        return f"文件读写失败:{error.strerror or error}"
    return f"发生意外错误:{error}"


def run_job(
    window: MainWindow, title: str, work: Callable[[ProgressFn, CancelledFn], Any], done: Callable[[Any], None]
) -> Job:
    """Run `work` off the UI thread; export cancellation and errors come back as calm messages."""

    def guarded(progress: ProgressFn, cancelled: CancelledFn) -> Any:
        try:
            return work(progress, cancelled)
        except ExportCancelled as exc:
            raise JobCancelled from exc

    def failed(error: BaseException) -> None:
        QMessageBox.warning(window, f"{title}失败", _message(error))

    job = Job(window, title, guarded, done, failed, lambda: window.statusBar().showMessage(f"已取消{title}", 5000))
    window.jobs.append(job)
    job.done.connect(lambda: window.jobs.remove(job))
    return job


def _records(window: MainWindow, current_only: bool) -> list[FormRecord]:
    from yc_desktop.exchange.records import form_records

    assert window.year is not None
    names = {window.current_view.unit.name} if current_only and window.current_view else None
    records = form_records(window.store, window.year, names)
    if window.choice.role != "考核员":  # a liaison's own export never carries the assessor's column
        from dataclasses import replace

        records = [replace(r, assessor_score=None, rank=None, group_rank=None) for r in records]
    return records


def _ask_path(window: MainWindow, title: str, name: str, file_filter: str) -> Path | None:
    start = str(Path(str(window.settings.value("last/export_dir", str(Path.home())))) / name)
    chosen, _ = QFileDialog.getSaveFileName(window, title, start, file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    window.settings.setValue("last/export_dir", str(path.parent))
    return path


def _announce(window: MainWindow, paths: Sequence[Path]) -> None:
    window.statusBar().showMessage("已导出:" + "、".join(p.name for p in paths), 8000)


def export_unit_form(window: MainWindow) -> None:
    view = window.current_view
    if view is None or window.year is None:
        return
    path = _ask_path(window, "导出本单位评分表", f"{view.unit.name}-{window.year}-评分表.xlsx",
                     f"{XLSX_FILTER};;{PDF_FILTER}")  # fmt: skip
    if path is None:
        return
    records = _records(window, current_only=True)

    def work(progress: ProgressFn, cancelled: CancelledFn) -> list[Path]:
        if path.suffix.lower() == ".pdf":
            from yc_desktop.exchange.form_pdf import write_forms_pdf

            write_forms_pdf(records, path, progress, cancelled)
        else:
            from yc_desktop.exchange.form_xlsx import write_form_workbook

            write_form_workbook(records, path, progress, cancelled)
        return [path]

    run_job(window, "导出评分表", work, lambda paths: _announce(window, paths))


def export_year(window: MainWindow) -> None:
    """Every unit's form with the 排名 sheets, and the ranking-only workbook for the 通报, into one folder."""
    if window.year is None:
        return
    start = str(window.settings.value("last/export_dir", str(Path.home())))
    folder = QFileDialog.getExistingDirectory(window, "选择导出文件夹", start)
    if not folder:
        return
    window.settings.setValue("last/export_dir", folder)
    records = _records(window, current_only=False)
    year = window.year
    forms, ranking = Path(folder) / f"源城分厅评分表-{year}.xlsx", Path(folder) / f"排名-{year}.xlsx"

    def work(progress: ProgressFn, cancelled: CancelledFn) -> list[Path]:
        from yc_desktop.exchange.form_xlsx import write_form_workbook
        from yc_desktop.exchange.ranking_xlsx import write_ranking_workbook

        write_form_workbook(records, forms, progress, cancelled, with_ranking=True)
        write_ranking_workbook(records, ranking, cancel=cancelled)
        return [forms, ranking]

    run_job(window, "导出全部评分表", work, lambda paths: _announce(window, paths))


def export_year_pdf(window: MainWindow) -> None:
    if window.year is None:
        return
    path = _ask_path(window, "导出全部评分表(PDF)", f"源城分厅评分表-{window.year}.pdf", PDF_FILTER)
    if path is None:
        return
    records = _records(window, current_only=False)

    def work(progress: ProgressFn, cancelled: CancelledFn) -> list[Path]:
        from yc_desktop.exchange.form_pdf import write_forms_pdf

        write_forms_pdf(records, path, progress, cancelled)
        return [path]

    run_job(window, "导出 PDF", work, lambda paths: _announce(window, paths))


def print_forms(window: MainWindow, current_only: bool) -> None:
    """Qt's print preview of the forms, laid out exactly as the PDF."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from yc_desktop.exchange.form_pdf import form_page_layout
    from yc_desktop.exchange.form_pdf import print_forms as paint_pages

    if window.year is None:
        return
    records = _records(window, current_only)
    if not records:
        return
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(form_page_layout())
    dialog = QPrintPreviewDialog(printer, window)
    dialog.setWindowTitle("打印预览 — 评分表")

    def paint(device: QPrinter) -> None:
        try:
            paint_pages(device, records, set_layout=False)
        except ExportError as exc:
            QMessageBox.warning(window, "打印失败", exc.message_zh)

    dialog.paintRequested.connect(paint)
    dialog.resize(1100, 800)
    dialog.exec()


def export_selfeval(window: MainWindow) -> None:
    """The liaison's file for the assessor: the form plus its checked figures."""
    from yc_desktop.exchange.selfeval import write_selfeval

    view = window.current_view
    if view is None or window.year is None:
        return
    if window.editor.is_dirty() and not window.maybe_save():
        return
    path = _ask_path(window, "导出自评文件", f"{view.unit.name}-{window.year}-自评.xlsx", XLSX_FILTER)
    if path is None:
        return
    try:
        write_selfeval(window.store, view.unit.id, window.year, path)
    except (ExportError, StoreError, OSError) as exc:
        QMessageBox.warning(window, "导出自评文件失败", _message(exc))
        return
    QMessageBox.information(
        window,
        "导出自评文件",
        f"已导出「{path.name}」。\n请把此文件交给区监察局考核员导入;文件中的数据有校验,请勿修改。",
    )


class PreviewDialog(QDialog):
    """What an import would change, file by file; nothing is written unless 导入 is pressed."""

    def __init__(self, title: str, text: str, importable: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"可导入 {importable} 个文件。请核对以下变化(原值 → 新值),确认后再导入:"))
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        layout.addWidget(view)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(importable > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 520)


def _confirm(window: MainWindow, title: str, plans: Sequence[Any]) -> bool:
    importable = sum(1 for plan in plans if plan.ok)
    text = "\n\n".join(plan.summary() for plan in plans)
    dialog = window.make_preview_dialog(title, text, importable)
    return bool(dialog.exec()) and importable > 0


def import_selfeval(window: MainWindow, paths: Sequence[Path] | None = None) -> None:
    from yc_desktop.exchange.import_plan import apply_selfeval_import, plan_selfeval_import

    if paths is None:
        chosen, _ = QFileDialog.getOpenFileNames(window, "导入自评文件", str(Path.home()), XLSX_FILTER)
        paths = [Path(p) for p in chosen]
    if not paths or not window.maybe_save():
        return
    store = window.store

    def plan_work(progress: ProgressFn, cancelled: CancelledFn) -> list[Any]:
        try:
            plans = plan_selfeval_import(store, paths, progress, cancelled)
        finally:
            store.database.close()  # this worker thread's own connection
        if cancelled():
            raise JobCancelled
        return plans

    def planned(plans: list[Any]) -> None:
        if not _confirm(window, "导入自评文件", plans):
            return
        written = apply_selfeval_import(store, plans)
        window.refresh_overview(reselect=True)
        refused = [plan for plan in plans if not plan.ok]
        message = f"已导入 {len(written)} 个自评文件。"
        if refused:
            message += f"\n拒绝 {len(refused)} 个:\n" + "\n".join(plan.summary() for plan in refused)
        QMessageBox.information(window, "导入自评文件", message)

    run_job(window, "读取自评文件", plan_work, planned)


def import_bulk(window: MainWindow) -> None:
    """The hall system's statistics (CSV/xlsx) as the current role's side for the current year."""
    from yc_desktop.exchange.bulk_import import apply_bulk_import, plan_bulk_import

    if window.year is None:
        return
    chosen, _ = QFileDialog.getOpenFileName(window, "导入汇总表", str(Path.home()), "汇总表 (*.csv *.xlsx)")
    if not chosen or not window.maybe_save():
        return
    side = window.editable_side
    plan = plan_bulk_import(window.store, Path(chosen), window.year, side)
    if not _confirm(window, "导入汇总表", [plan]):
        return
    try:
        count = apply_bulk_import(window.store, plan)
    except StoreError as exc:
        QMessageBox.warning(window, "导入失败", exc.message_zh)
        return
    window.refresh_overview(reselect=True)
    window.statusBar().showMessage(f"已导入 {count} 个单位的数据", 8000)
