"""Store errors: every one carries a Chinese message that tells the user what happened and what to do.

Environment problems (locked, full disk, corrupt, read-only) are told apart from our own bugs, as
qutebrowser's misc/sql.py does: only the former are expected and shown as plain messages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import peewee


class StoreError(Exception):
    """A refusal the user can act on; `message_zh` is shown as is."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


class DatabaseFileError(StoreError):
    """The database file cannot be opened or written: corrupt, not ours, newer, read-only, locked, disk full."""


class ValidationError(StoreError):
    """Figures or settings refused by the core; `field` names the input when there is one."""

    def __init__(self, message_zh: str, field: str | None = None, unit: str = "") -> None:
        super().__init__(message_zh)
        self.field = field
        self.unit = unit


class WorkflowError(StoreError):
    """An action the workflow or the current role does not allow."""


LOCKED_MESSAGE = "数据库文件正被另一个程序(可能是本程序的另一个窗口)占用,请关闭它后重试。"
FULL_MESSAGE = "磁盘空间已满,本次保存未完成,数据保持保存前的状态。请清理磁盘后重试。"
READONLY_MESSAGE = "数据库文件或所在文件夹是只读的,无法保存。请把文件复制到可写的位置,或取消文件的只读属性。"
CORRUPT_MESSAGE = "数据库文件已损坏。请用“从备份恢复”恢复最近的备份;原文件未被改动。"
IO_MESSAGE = "读写数据库文件时出错(磁盘或网络驱动器故障?),本次操作未完成。"


def known_file_error(exc: BaseException) -> DatabaseFileError | None:
    """The user-facing error for a database exception caused by the environment, or None for our own bugs."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseFileError(LOCKED_MESSAGE)
    if "full" in text:
        return DatabaseFileError(FULL_MESSAGE)
    if "readonly" in text or "read-only" in text:
        return DatabaseFileError(READONLY_MESSAGE)
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseFileError(CORRUPT_MESSAGE)
    if "disk i/o" in text or "unable to open" in text:
        return DatabaseFileError(IO_MESSAGE)
    return None


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn environment failures of the database into DatabaseFileError; let bugs through untouched."""
    try:
        yield
    except (peewee.OperationalError, peewee.DatabaseError, sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
        known = known_file_error(exc)
        if known is None:
            raise
        raise known from exc
