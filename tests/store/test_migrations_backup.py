"""Upgrading a first-schema file (a copy taken first), backups with rotation, and restore."""

import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.store.conftest import RAW
from yc_desktop.core.figures import Figures
from yc_desktop.store.backup import daily_backup, restore_database
from yc_desktop.store.database import SCHEMA_VERSION, probe_schema_version
from yc_desktop.store.errors import DatabaseFileError
from yc_desktop.store.service import Store

V1_SQL = Path(__file__).parent / "data" / "schema_v1.sql"


def first_schema_database(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.executescript(V1_SQL.read_text(encoding="utf-8"))
    connection.close()
    return path


def test_first_schema_is_migrated_with_a_copy_taken_first(tmp_path: Path) -> None:
    path = first_schema_database(tmp_path / "旧版.db")
    original = path.read_bytes()
    assert probe_schema_version(path) == 1
    with Store(path) as store:
        unit = store.unit_by_name("区民政局")
        assert unit is not None
        assert store.figures(unit.id, 2014, "self") == Figures(**RAW)
        assert store.figure_note(unit.id, 2014, "self") == "v1 数据"
        assert store.unit_view(unit.id, 2014).self_score.total == Decimal("99.64")  # type: ignore[union-attr]
        store.save_figures(unit.id, 2014, "assessor", RAW, source="导入")  # the new column works
    assert probe_schema_version(path) == SCHEMA_VERSION
    copies = list((tmp_path / "备份").glob("旧版.升级前-v1-*.db"))
    assert len(copies) == 1
    assert probe_schema_version(copies[0]) == 1
    with sqlite3.connect(copies[0]) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(figure_record)")]
    connection.close()
    assert "source" not in columns
    assert original  # the copy was taken from the file as it was


def test_migrated_rows_get_the_default_source(tmp_path: Path) -> None:
    path = first_schema_database(tmp_path / "旧版.db")
    Store(path).close()
    with sqlite3.connect(path) as connection:
        sources = {row[0] for row in connection.execute("SELECT source FROM figure_record")}
    connection.close()
    assert sources == {"录入"}


def make_store(path: Path) -> Path:
    with Store(path) as store:
        store.ensure_year(2014)
        unit = store.add_unit("区民政局", "区直部门")
        store.save_figures(unit.id, 2014, "self", RAW)
    return path


def test_daily_backup_rotation(tmp_path: Path) -> None:
    path = make_store(tmp_path / "考核.db")
    folder = tmp_path / "备份"
    start = datetime(2026, 1, 1, 9, 0, 0)
    for day in range(14):
        assert daily_backup(path, folder, keep=10, today=start + timedelta(days=day)) is not None
    assert daily_backup(path, folder, keep=10, today=start + timedelta(days=13, hours=3)) is None  # one a day
    kept = sorted(p.name for p in folder.glob("自动备份-*.db"))
    assert len(kept) == 10
    assert kept[0].startswith("自动备份-20260105")


def test_backup_while_open_and_restore(tmp_path: Path) -> None:
    path = make_store(tmp_path / "考核.db")
    backup = tmp_path / "手动.db"
    with Store(path) as store:
        from yc_desktop.store.backup import backup_database

        backup_database(path, backup)  # while the database is open
        unit = store.units()[0]
        store.save_figures(unit.id, 2014, "self", {**RAW, "complaints": 100})
    safety = restore_database(backup, path)
    assert safety is not None and safety.exists()
    with Store(path) as store:
        assert store.figures(store.units()[0].id, 2014, "self") == Figures(**RAW)
    with Store(safety) as store:
        assert store.figures(store.units()[0].id, 2014, "self").complaints == 100  # type: ignore[union-attr]


def test_restore_refuses_a_bad_backup(tmp_path: Path) -> None:
    path = make_store(tmp_path / "考核.db")
    bad = tmp_path / "坏.db"
    bad.write_bytes(b"not a database at all" * 50)
    before = path.read_bytes()
    with pytest.raises(DatabaseFileError):
        restore_database(bad, path)
    with pytest.raises(DatabaseFileError):
        restore_database(tmp_path / "不存在.db", path)
    assert path.read_bytes() == before


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "yc_desktop", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_cli_backup_and_restore(tmp_path: Path) -> None:
    path = make_store(tmp_path / "考核.db")
    target = tmp_path / "b.db"
    result = run_cli("backup", "--db", str(path), "--to", str(target))
    assert result.returncode == 0, result.stderr
    assert probe_schema_version(target) == SCHEMA_VERSION
    result = run_cli("backup", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "备份").glob("考核-*.db"))
    result = run_cli("restore", str(target), "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "已从" in result.stdout
    result = run_cli("restore", str(tmp_path / "无.db"), "--db", str(path))
    assert result.returncode == 1
    assert "找不到备份文件" in result.stderr
