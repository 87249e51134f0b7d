"""In-process measurements, one per fresh process: `python -m bench.measure NAME DB [REPEAT]` prints JSON.

Each uses the program's own code paths on the benchmark database (offscreen Qt where a window is involved).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

YEAR = 2014
FORMS = 1000
TICK_MS = 10  # the UI-thread timer whose gaps show whether the window stays responsive
SAVE_CANCEL_DELAY_MS = 300  # after the last form is filled: the workbook is being saved


def _window(database: Path, folder: Path) -> tuple[Any, Any]:
    from PySide6.QtCore import QSettings

    from yc_desktop.store.service import ASSESSOR, Store
    from yc_desktop.ui.app import create_application
    from yc_desktop.ui.main_window import MainWindow
    from yc_desktop.ui.roles import RoleChoice

    app = create_application(sys.argv[:1], install_excepthook=False)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("last/year", YEAR)
    window = MainWindow(Store(database), RoleChoice(ASSESSOR, "基准测试", None), settings)
    window.show()
    app.processEvents()
    return app, window


def rescore(database: Path, repeat: int) -> dict[str, Any]:
    """One unit's 考核 figures are edited and saved through the window (MainWindow.save, as the 保存 button does),
    which writes them and re-scores and re-ranks the year; timed until the table has been repainted.
    """
    from yc_desktop.core.ranking import competition_ranks, group_ranks
    from yc_desktop.core.scoring import score_unit

    with tempfile.TemporaryDirectory() as temp:
        app, window = _window(database, Path(temp))
        store = window.store
        views = [v for v in store.year_overview(YEAR) if v.assessor_figures and v.assessor_figures.cases_total > 50]
        writes: list[float] = []
        save_entry = store.save_entry

        def timed_save_entry(*args: Any, **kwargs: Any) -> Any:  # the database write alone, to report it apart
            begin = time.perf_counter()
            try:
                return save_entry(*args, **kwargs)
            finally:
                writes.append(time.perf_counter() - begin)

        store.save_entry = timed_save_entry
        totals, core = [], []
        for edit in range(repeat + 1):  # the first edit warms caches and is not counted
            view = views[edit * 97 % len(views)]
            window.select_unit(view.unit.id)
            app.processEvents()
            figures = view.assessor_figures.as_dict()
            figures["complaints"] += 1
            window.editor.set_figures("assessor", figures)
            if not window.editor.is_valid("assessor"):
                raise RuntimeError(f"the edited figures are invalid: {window.editor.message_text()}")
            started = time.perf_counter()
            if not window.save():
                raise RuntimeError("MainWindow.save() did not save")
            app.processEvents()  # repaint
            totals.append(time.perf_counter() - started)
            # The floor: the edited unit scored again and all the year's totals ranked again, in the core alone.
            current = store.year_overview(YEAR)
            ranked = [v for v in current if v.ranking_total is not None]
            begin = time.perf_counter()
            score_unit(view.assessor_figures, view.targets, store.rules_for(YEAR))
            competition_ranks([v.ranking_total for v in ranked])
            group_ranks([v.ranking_total for v in ranked], [v.unit.group for v in ranked])
            core.append(time.perf_counter() - begin)
        rows = window.model.rowCount()
        window.close()
    return {
        "rows": rows,
        "refresh": statistics.median(total - write for total, write in zip(totals[1:], writes[1:], strict=True)),
        "total": statistics.median(totals[1:]),
        "save": statistics.median(writes[1:]),
        "core": statistics.median(core[1:]),
        "samples": totals,
    }


def overview(database: Path, repeat: int) -> dict[str, Any]:
    """Opening the window on the year, then switching between the two years (each switch loads one overview)."""
    with tempfile.TemporaryDirectory() as temp:
        started = time.perf_counter()
        app, window = _window(database, Path(temp))
        opened = time.perf_counter() - started
        store_only = []
        for _ in range(repeat):
            begin = time.perf_counter()
            store_only_rows = len(window.store.year_overview(YEAR))
            store_only.append(time.perf_counter() - begin)
        switches = []
        for _ in range(repeat + 1):
            index = window.year_combo.currentIndex()
            begin = time.perf_counter()
            window.year_combo.setCurrentIndex(1 - index)
            app.processEvents()
            switches.append(time.perf_counter() - begin)
        rows = window.model.rowCount()
        window.close()
    return {
        "open_window": opened,
        "store_year_overview": statistics.median(store_only),
        "rows": rows,
        "store_rows": store_only_rows,
        "switch": statistics.median(switches[1:]),
        "switch_samples": switches,
    }


def _ranking_cells(records: list[Any]) -> list[tuple[str, list[list[Any]]]]:
    """The ranking workbook's sheets as plain values: the same cells write_ranking_workbook writes, unstyled."""
    from yc_desktop.core.rules import RATE_ITEMS
    from yc_desktop.core.scoring import ITEM_KEYS
    from yc_desktop.core.units import UNIT_GROUPS
    from yc_desktop.exchange.form_data import ranking_order
    from yc_desktop.exchange.ranking_xlsx import REMARK, ranking_sheet_names

    ordered = ranking_order(records)
    sheets = []
    for name, group in zip(ranking_sheet_names(records), (None, *UNIT_GROUPS), strict=False):
        members = [r for r in ordered if group is None or r.group == group]
        rows: list[list[Any]] = [[name, *[None] * 19], [REMARK], ["名次"] * 20, [None] * 20]
        for r in members:
            basis = r.ranking_score
            sides = (r.self_score, r.assessor_score)
            row = [r.rank, r.group_rank, r.unit_name, r.group]
            row += [None if basis is None else basis.rates[item] for item in RATE_ITEMS]
            row.append(None if basis is None else basis.rates["satisfaction_coefficient"])
            row += [None if s is None else s.scores[key] for key in ITEM_KEYS for s in sides]
            row += [None if s is None else s.total for s in sides]
            row += [None if basis is None else basis.grade, r.ranking_side]
            rows.append(row)
        sheets.append((name, rows))
    return sheets


def ranking(database: Path, repeat: int) -> dict[str, Any]:
    """write_ranking_workbook for every unit against openpyxl writing the same values (write-only, no styles)."""
    from openpyxl import Workbook

    from yc_desktop.exchange.ranking_xlsx import write_ranking_workbook
    from yc_desktop.exchange.records import form_records
    from yc_desktop.store.service import Store

    with Store(database) as store:
        started = time.perf_counter()
        records = form_records(store, YEAR)
        gathered = time.perf_counter() - started
    sheets = _ranking_cells(records)

    def raw(path: Path) -> None:
        workbook = Workbook(write_only=True)
        for name, rows in sheets:
            sheet = workbook.create_sheet(name)
            for row in rows:
                sheet.append(row)
        workbook.save(path)

    ours, plain = [], []
    with tempfile.TemporaryDirectory() as temp:
        for attempt in range(repeat + 1):  # interleaved; the first pair warms up
            writers: tuple[tuple[str, Callable[[Path], None], list[float]], ...] = (
                ("ours", lambda path: write_ranking_workbook(records, path), ours),
                ("raw", raw, plain),
            )
            for name, action, samples in writers:
                path = Path(temp) / f"{name}.xlsx"
                begin = time.perf_counter()
                action(path)
                if attempt:
                    samples.append(time.perf_counter() - begin)
        sizes = {name: (Path(temp) / f"{name}.xlsx").stat().st_size for name in ("ours", "raw")}
    cells = sum(len(rows) * 20 for _, rows in sheets)
    return {
        "units": len(records),
        "cells": cells,
        "records": gathered,
        "ours": statistics.median(ours),
        "raw": statistics.median(plain),
        "sizes": sizes,
    }


def _export_work(records: list[Any], folder: Path) -> Any:
    """The work of 文件 → 导出全部评分表 (exchange_actions.export_year), run the way it runs there: as a Job."""
    from yc_desktop.exchange.safe_io import ExportCancelled
    from yc_desktop.ui.jobs import JobCancelled

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[Path]:
        from yc_desktop.exchange.form_xlsx import write_form_workbook
        from yc_desktop.exchange.ranking_xlsx import write_ranking_workbook

        try:
            write_form_workbook(records, folder / "forms.xlsx", progress, cancelled, with_ranking=True)
            write_ranking_workbook(records, folder / "ranking.xlsx", cancel=cancelled)
        except ExportCancelled as exc:
            raise JobCancelled from exc
        return [folder / "forms.xlsx", folder / "ranking.xlsx"]

    return work


def forms(database: Path, repeat: int) -> dict[str, Any]:
    """1,000 units' forms (with the ranking sheets and the ranking workbook) as a background Job.

    A 10 ms timer on the UI thread records the longest gap between its ticks while the job runs (the window's
    responsiveness); then the job is cancelled midway through the forms, and again while the workbook is being
    saved, and the time from cancel() to the job's end is taken.
    """
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, QTimer, Slot
    from PySide6.QtWidgets import QMainWindow

    from yc_desktop.exchange.records import form_records
    from yc_desktop.store.service import Store
    from yc_desktop.ui.app import create_application
    from yc_desktop.ui.jobs import Job

    app = create_application(sys.argv[:1], install_excepthook=False)
    with Store(database) as store:
        records = form_records(store, YEAR)[:FORMS]
    window = QMainWindow()
    window.show()
    results: dict[str, Any] = {"units": len(records)}

    def run(name: str, cancel_when: Callable[[int, int], bool] | None, delay_ms: int = 0) -> None:
        with tempfile.TemporaryDirectory() as temp:
            loop, clock, gaps, outcome = QEventLoop(), QElapsedTimer(), [], {}
            last = [0]
            ticker = QTimer()
            ticker.setInterval(TICK_MS)

            def tick() -> None:
                now = clock.elapsed()
                gaps.append((now - last[0], now))
                last[0] = now

            ticker.timeout.connect(tick)

            class Canceller(QObject):
                """Lives on the UI thread: sees progress as the dialog does and cancels as its 取消 button would."""

                job: Any = None

                @Slot(int, int)
                def progressed(self, done: int, total: int) -> None:
                    if cancel_when and "asked" not in outcome and cancel_when(done, total):
                        outcome["asked"] = True
                        QTimer.singleShot(delay_ms, self.cancel)

                def cancel(self) -> None:
                    outcome["cancel_at"] = clock.elapsed()
                    self.job.cancel()

            canceller = Canceller()

            def finish(kind: str) -> Callable[..., None]:
                def done(*_: object) -> None:
                    outcome.setdefault("end", clock.elapsed())
                    outcome["kind"] = kind
                    loop.quit()

                return done

            clock.start()
            ticker.start()
            job = Job(
                window,
                "导出全部评分表",
                _export_work(records, Path(temp)),
                finish("done"),
                finish("error"),
                finish("cancelled"),
            )
            canceller.job = job
            job.worker.progressed.connect(canceller.progressed)  # queued: the worker emits on its own thread
            loop.exec()
            ticker.stop()
            job.deleteLater()
            results[name] = {
                "kind": outcome.get("kind"),
                "seconds": outcome["end"] / 1000,
                "max_gap_ms": max((gap for gap, _ in gaps), default=0),
                "long_gaps": [(gap, at) for gap, at in gaps if gap > 50],
                "cancel_latency": (outcome["end"] - outcome["cancel_at"]) / 1000 if "cancel_at" in outcome else None,
            }

    for attempt in range(repeat):
        run(f"full{attempt}", None)
    full = [results.pop(f"full{attempt}") for attempt in range(repeat)]
    results["full"] = {
        "seconds": statistics.median(r["seconds"] for r in full),
        "max_gap_ms": [r["max_gap_ms"] for r in full],
        "long_gaps": [r["long_gaps"] for r in full],
        "kinds": [r["kind"] for r in full],
    }
    run("cancel_mid", lambda done, total: done >= total // 2)
    run("cancel_save", lambda done, total: done == total, delay_ms=SAVE_CANCEL_DELAY_MS)
    window.close()
    app.processEvents()
    return results


MEASUREMENTS = {"rescore": rescore, "overview": overview, "ranking": ranking, "forms": forms}


def main(argv: list[str]) -> int:
    name, database = argv[0], Path(argv[1])
    repeat = int(argv[2]) if len(argv) > 2 else 5
    print(json.dumps(MEASUREMENTS[name](database, repeat), ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
