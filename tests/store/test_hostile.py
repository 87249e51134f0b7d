"""Every hostile condition gives a Chinese DatabaseFileError and leaves the file exactly as it was."""

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.conftest import RAW
from yc_desktop.core.figures import Figures
from yc_desktop.store.errors import FULL_MESSAGE, LOCKED_MESSAGE, READONLY_MESSAGE, DatabaseFileError
from yc_desktop.store.service import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_database(path: Path, units: int = 3) -> Path:
    with Store(path) as store:
        store.ensure_year(2014)
        for index in range(units):
            unit = store.add_unit(f"单位{index}", "镇街")
            store.save_figures(unit.id, 2014, "self", RAW, note="备注" * 200)
    return path


def refused(path: Path) -> str:
    with pytest.raises(DatabaseFileError) as info:
        Store(path)
    message = info.value.message_zh
    assert message and all(word not in message for word in ("Traceback", "sqlite3."))
    return message


def test_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "报表.db"
    path.write_bytes("这不是数据库".encode() * 100)
    before = digest(path)
    assert "不是本程序的数据库" in refused(path)
    assert digest(path) == before


def test_other_programs_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    before = digest(path)
    assert "不是本程序的数据库" in refused(path)
    assert digest(path) == before


def test_corrupt_file(tmp_path: Path) -> None:
    path = make_database(tmp_path / "坏.db", units=40)
    data = bytearray(path.read_bytes())
    assert len(data) > 4 * 4096
    data[2 * 4096 : 3 * 4096] = b"\xa5" * 4096  # wreck a whole b-tree page
    path.write_bytes(bytes(data))
    before = digest(path)
    assert "损坏" in refused(path)
    assert digest(path) == before


def test_newer_version(tmp_path: Path) -> None:
    path = make_database(tmp_path / "新版.db")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE setting SET value = '99' WHERE key = 'schema_version'")
    connection.close()
    before = digest(path)
    message = refused(path)
    assert "较新版本" in message and "99" in message
    assert digest(path) == before


def test_read_only_file(tmp_path: Path) -> None:
    path = make_database(tmp_path / "只读.db")
    before = digest(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        assert refused(path) == READONLY_MESSAGE
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert digest(path) == before


def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "光盘"
    folder.mkdir()
    path = make_database(folder / "考核.db")
    before = digest(path)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert refused(path) == READONLY_MESSAGE
    finally:
        folder.chmod(stat.S_IRWXU)
    assert digest(path) == before


HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def lock_holder(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    path = make_database(tmp_path / "占用.db")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield path, holder
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]


def test_locked_by_another_process_on_open(lock_holder: tuple[Path, subprocess.Popen[str]]) -> None:
    path, _ = lock_holder
    before = digest(path)
    assert refused(path) == LOCKED_MESSAGE
    assert digest(path) == before


def test_locked_by_another_process_during_save(tmp_path: Path) -> None:
    path = make_database(tmp_path / "占用.db")
    with Store(path) as store:
        unit = store.units()[0]
        holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            started = time.monotonic()
            with pytest.raises(DatabaseFileError) as info:
                store.save_figures(unit.id, 2014, "self", {**RAW, "complaints": 0})
            assert info.value.message_zh == LOCKED_MESSAGE
            assert time.monotonic() - started < 30
        finally:
            holder.kill()
            holder.wait()
            holder.stdout.close()  # type: ignore[union-attr]
        assert store.figures(unit.id, 2014, "self") == Figures(**RAW)


def test_disk_full_during_save_keeps_previous_data(tmp_path: Path) -> None:
    path = make_database(tmp_path / "满.db")
    with Store(path) as store:
        unit = store.units()[0]
        audit_count = len(store.audit_entries())
        pages = store.database.execute_sql("PRAGMA page_count").fetchone()[0]
        # SQLite's own SQLITE_FULL, exactly what a full disk gives: the file may not grow any further.
        store.database.execute_sql(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(DatabaseFileError) as info:
            store.save_figures(unit.id, 2014, "self", {**RAW, "complaints": 9}, note="很长的备注" * 400)
        assert info.value.message_zh == FULL_MESSAGE
        assert store.figures(unit.id, 2014, "self") == Figures(**RAW)
        assert len(store.audit_entries()) == audit_count
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()


def test_directory_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "目录.db"
    folder.mkdir()
    assert "文件夹" in refused(folder)


def test_new_file_in_new_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "新.db"
    with Store(path) as store:
        assert store.units() == []
    assert path.is_file()
    assert not os.access(path, os.X_OK) or True
