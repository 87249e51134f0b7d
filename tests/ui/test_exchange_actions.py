"""Exports and imports from the window: files really written and read back, previews, cancel."""

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.test_main_window import RAW, open_window
from yc_desktop.core.figures import Figures
from yc_desktop.exchange.selfeval import write_selfeval
from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import ASSESSOR, LIAISON, SYSTEM, Store
from yc_desktop.ui import exchange_actions


class AnsweredDialog:
    def __init__(self, answer: int) -> None:
        self.answer = answer
        self.shown: list[str] = []

    def __call__(self, title: str, text: str, importable: int) -> "AnsweredDialog":
        self.shown.append(text)
        return self

    def exec(self) -> int:
        return self.answer


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, _n=name: said.append(f"{_n}:{a[2]}"))
    return said


def wait_for_jobs(qtbot: QtBot, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.jobs, timeout=20000)


def test_export_unit_form_and_whole_year(
    qtbot: QtBot, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, quiet: list[str]
) -> None:
    path = create_sample_database(tmp_path / "示例数据.db")
    window = open_window(qtbot, path, settings, ASSESSOR, unit="上城街道")
    target = tmp_path / "out" / "上城街道.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    exchange_actions.export_unit_form(window)
    wait_for_jobs(qtbot, window)
    sheet = load_workbook(target).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("上城街道" in t for t in texts)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    exchange_actions.export_year(window)
    wait_for_jobs(qtbot, window)
    forms = load_workbook(tmp_path / "out" / "源城分厅评分表-2015.xlsx")
    assert "排名" in forms.sheetnames and len(forms.sheetnames) >= 17
    assert (tmp_path / "out" / "排名-2015.xlsx").exists()
    assert not quiet


def test_cancelled_export_leaves_no_file(
    qtbot: QtBot, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, quiet: list[str]
) -> None:
    path = create_sample_database(tmp_path / "示例数据.db")
    window = open_window(qtbot, path, settings, ASSESSOR, unit="上城街道")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    exchange_actions.export_year(window)
    window.jobs[0].cancel()  # type: ignore[attr-defined]
    wait_for_jobs(qtbot, window)
    assert not list(tmp_path.glob("*.xlsx"))
    assert not list(tmp_path.glob("*.tmp*"))


def test_liaison_file_imported_by_the_assessor_after_preview(
    qtbot: QtBot, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, quiet: list[str]
) -> None:
    with Store(tmp_path / "联络员.db", actor="李联络", role=LIAISON) as own:
        own.ensure_year(2014)
        unit = own.add_unit("区民政局", "区直部门")
        own.save_figures(unit.id, 2014, "self", {**RAW, "complaints": 7})
        selfeval = write_selfeval(own, unit.id, 2014, tmp_path / "自评.xlsx")
    db = tmp_path / "考核.db"
    with Store(db, role=SYSTEM) as store:
        store.ensure_year(2014)
        store.add_unit("区民政局", "区直部门")
    window = open_window(qtbot, db, settings, ASSESSOR)
    declined = AnsweredDialog(0)
    monkeypatch.setattr(window, "make_preview_dialog", declined)
    exchange_actions.import_selfeval(window, [selfeval])
    wait_for_jobs(qtbot, window)
    assert declined.shown and "投诉办件数:(空) → 7" in declined.shown[0]
    assert window.store.figures(window.unit_id, 2014, "self") is None  # type: ignore[arg-type]  # declined: nothing
    monkeypatch.setattr(window, "make_preview_dialog", AnsweredDialog(1))
    exchange_actions.import_selfeval(window, [selfeval])
    wait_for_jobs(qtbot, window)
    assert window.store.figures(window.unit_id, 2014, "self") == Figures(**{**RAW, "complaints": 7})  # type: ignore[arg-type]
    assert window.editor.figures("self")["complaints"] == 7  # the window shows what was imported
    assert any("已导入 1 个" in text for text in quiet)
