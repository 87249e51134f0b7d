"""Opening the database file: checks that leave a bad file untouched, pragmas, schema creation and migration.

Before anything is written, the file is probed read-only: is it SQLite, is it ours, which schema version, is it
intact, can it be written. Only then is it opened for real (WAL, foreign keys, full sync) and migrated, with a
copy taken first.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from datetime import datetime
from pathlib import Path

import peewee

from yc_desktop.store.errors import (
    CORRUPT_MESSAGE,
    LOCKED_MESSAGE,
    READONLY_MESSAGE,
    DatabaseFileError,
    known_file_error,
    translated_errors,
)
from yc_desktop.store.models import MODELS, Setting, database_proxy

SCHEMA_VERSION = 2
SCHEMA_KEY = "schema_version"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000


def default_data_dir() -> Path:
    """The per-user data folder: %APPDATA%\\yc-desktop on Windows, $XDG_DATA_HOME/yc-desktop elsewhere."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "yc-desktop"


def default_database_path() -> Path:
    return default_data_dir() / "源城分厅评分.db"


def _writable(path: Path) -> bool:
    """Writable for us. Mode bits are checked too: root ignores them, but a file marked read-only means 'keep'."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def probe_schema_version(path: Path) -> int:
    """Schema version of an existing file (0: empty, new), or DatabaseFileError; never writes to the file."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    if path.is_dir():
        raise DatabaseFileError(f"「{path}」是一个文件夹,不是数据库文件。")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseFileError(f"无法读取数据库文件「{path}」:{exc.strerror or exc}") from exc
    if header != SQLITE_HEADER:
        raise DatabaseFileError(f"「{path.name}」不是本程序的数据库文件(也不是 SQLite 数据库),未作任何改动。")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise known_file_error(exc) or DatabaseFileError(CORRUPT_MESSAGE) from exc
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return 0
        if "setting" not in tables:
            raise DatabaseFileError(f"「{path.name}」是 SQLite 数据库,但不是本程序的数据库文件,未作任何改动。")
        row = connection.execute("SELECT value FROM setting WHERE key = ?", (SCHEMA_KEY,)).fetchone()
        check = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        raise known_file_error(exc) or DatabaseFileError(CORRUPT_MESSAGE) from exc
    finally:
        connection.close()
    if check is None or check[0] != "ok":
        raise DatabaseFileError(CORRUPT_MESSAGE)
    if row is None or not str(row[0]).isdigit():
        raise DatabaseFileError(f"「{path.name}」缺少版本信息,不是本程序的有效数据库文件,未作任何改动。")
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise DatabaseFileError(
            f"「{path.name}」由较新版本的程序创建(数据库版本 {version},本程序支持到 {SCHEMA_VERSION})。"
            "请升级程序后再打开;文件未作任何改动。"
        )
    return version


def _check_writable(path: Path) -> None:
    folder = path.parent
    if path.exists() and not _writable(path):
        raise DatabaseFileError(READONLY_MESSAGE)
    # WAL needs its -wal and -shm files beside the database.
    if not _writable(folder):
        raise DatabaseFileError(READONLY_MESSAGE)


def _connect(path: Path) -> peewee.SqliteDatabase:
    database = peewee.SqliteDatabase(
        str(path),
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": "full",  # a finished save survives a power cut, not only a crash
            "busy_timeout": BUSY_TIMEOUT_MS,
        },
    )
    with translated_errors():
        database.connect()
        # Fail now, not at the first save, if another program holds the write lock.
        try:
            database.execute_sql("BEGIN IMMEDIATE")
            database.execute_sql("ROLLBACK")
        except peewee.OperationalError as exc:
            database.close()
            raise DatabaseFileError(LOCKED_MESSAGE) from exc
    return database


def open_database(path: Path, backup_dir: Path | None = None) -> peewee.SqliteDatabase:
    """Open (creating if needed) and migrate the database at `path`, binding the models to it.

    A file that fails any check is left exactly as it was. Before a migration a copy is written to
    `backup_dir` (default: a `备份` folder beside the file).
    """
    from yc_desktop.store.migrations import migrate_to_current

    path = Path(path)
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseFileError(f"无法创建文件夹「{path.parent}」:{exc.strerror or exc}") from exc
    version = probe_schema_version(path)
    _check_writable(path)
    if 0 < version < SCHEMA_VERSION:
        from yc_desktop.store.backup import backup_database

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backup_dir or path.parent / "备份"
        backup_database(path, folder / f"{path.stem}.升级前-v{version}-{stamp}{path.suffix}")
    database = _connect(path)
    database_proxy.initialize(database)
    with translated_errors():
        if version == 0:
            with database.atomic():
                database.create_tables(MODELS)
                Setting.put(SCHEMA_KEY, str(SCHEMA_VERSION))
        elif version < SCHEMA_VERSION:
            migrate_to_current(database, version)
    return database


def schema_version() -> int:
    row = Setting.get_or_none(Setting.key == SCHEMA_KEY)
    return int(row.value) if row else 0


def set_schema_version(version: int) -> None:
    Setting.put(SCHEMA_KEY, str(version))


def close_database() -> None:
    database = database_proxy.obj
    if database is not None and not database.is_closed():
        database.close()
