"""Backups through SQLite's online backup API (consistent even while the file is open), rotation and restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from yc_desktop.store.errors import DatabaseFileError, known_file_error

BACKUP_SUFFIX = ".db"
DAILY_PREFIX = "自动备份-"
DEFAULT_KEEP = 10


def backup_database(source: Path, destination: Path) -> Path:
    """A consistent copy of `source` at `destination` (written beside it first, then renamed into place)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    try:
        with sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True, timeout=3) as src:
            target = sqlite3.connect(partial)
            try:
                src.backup(target)
            finally:
                target.close()
        partial.replace(destination)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        known = known_file_error(exc) if isinstance(exc, sqlite3.Error) else None
        raise known or DatabaseFileError(f"备份失败:{exc}") from exc
    return destination


def daily_backup(source: Path, folder: Path, keep: int = DEFAULT_KEEP, today: datetime | None = None) -> Path | None:
    """One automatic backup a day (None if today's exists), keeping only the newest `keep` automatic backups."""
    moment = today or datetime.now()
    folder.mkdir(parents=True, exist_ok=True)
    day = moment.strftime("%Y%m%d")
    made = None
    if not any(folder.glob(f"{DAILY_PREFIX}{day}-*{BACKUP_SUFFIX}")):
        made = backup_database(source, folder / f"{DAILY_PREFIX}{moment.strftime('%Y%m%d-%H%M%S')}{BACKUP_SUFFIX}")
    automatic = sorted(folder.glob(f"{DAILY_PREFIX}*{BACKUP_SUFFIX}"))
    for old in automatic[:-keep] if keep > 0 else automatic:
        old.unlink(missing_ok=True)
    return made


def restore_database(backup: Path, target: Path, safety_dir: Path | None = None) -> Path | None:
    """Replace the data in `target` with `backup`, after checking the backup and copying the current file aside.

    The caller must have closed the database. Returns the safety copy of the replaced file (None if there was
    none).
    """
    from yc_desktop.store.database import probe_schema_version

    if not backup.is_file():
        raise DatabaseFileError(f"找不到备份文件「{backup}」。")
    if probe_schema_version(backup) == 0:
        raise DatabaseFileError(f"备份文件「{backup.name}」是空的,不能用来恢复。")
    safety = None
    if target.exists() and target.stat().st_size > 0:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        safety = backup_database(target, (safety_dir or target.parent / "备份") / f"{target.stem}.恢复前-{stamp}.db")
    try:
        with sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True) as src:
            destination = sqlite3.connect(target, timeout=3)
            try:
                src.backup(destination)  # page by page into the live file, under its own lock
            finally:
                destination.close()
    except sqlite3.Error as exc:
        raise known_file_error(exc) or DatabaseFileError(f"恢复失败:{exc}") from exc
    return safety
