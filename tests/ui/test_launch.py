"""The first start: the sample district is offered and, if accepted, opened from the user's data folder."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from yc_desktop.store.service import Store
from yc_desktop.ui import launch


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("APPDATA", str(tmp_path))
    return tmp_path / "yc-desktop"


def test_first_start_offers_the_sample(data_home: Path, monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    path = launch._first_start_database()
    assert path == data_home / "示例数据.db"
    with Store(path) as store:
        assert store.is_sample and store.units()


def test_declining_the_sample_gives_the_real_default(
    data_home: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    path = launch._first_start_database()
    assert path == data_home / "源城分厅评分.db"
    assert not path.exists()  # created only when opened


def test_bad_file_offers_another_or_gives_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    bad = tmp_path / "坏.db"
    bad.write_bytes(b"garbage" * 100)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    assert launch._open_store(bad) is None  # the user did not choose another file
    assert shown and "不是本程序的数据库" in shown[0]
