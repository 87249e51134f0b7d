"""Writing export files safely: all or nothing, clear Chinese errors, text that never turns into a formula.

A file is written to a temporary name in the target folder, flushed to disk and then renamed over the target
in one step (`os.replace`), so a reader never sees half a file and a failed or cancelled export leaves the old
file as it was. openpyxl is imported only inside the text helpers: importing this module costs nothing.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

ProgressCallback = Callable[[int, int], None]  # (done, total)
CancelCallback = Callable[[], bool]  # True: stop as soon as possible

# Characters XML 1.0 cannot hold (openpyxl refuses them); removed rather than failing a whole export.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM}


class ExportError(Exception):
    """An export that could not be written. `message_zh` is for the user; no partial file was left behind."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written and an existing target file is unchanged."""


def check_cancel(cancel: CancelCallback | None) -> None:
    if cancel is not None and cancel():
        raise ExportCancelled


def report(progress: ProgressCallback | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _message(exc: OSError, target: Path, phase: str) -> str:
    name = target.name
    if exc.errno in _DISK_FULL:
        return f"磁盘空间不足,无法写入「{name}」。请清理磁盘空间后重试,或保存到其他磁盘。"
    if exc.errno == errno.EROFS:
        return f"「{target.parent}」所在的磁盘是只读的,无法写入「{name}」。请保存到其他位置。"
    if isinstance(exc, FileNotFoundError) and phase == "create":
        return f"文件夹「{target.parent}」不存在。请重新选择保存位置。"
    if isinstance(exc, PermissionError) or exc.errno in _DENIED:
        if phase == "create":
            return f"没有权限在文件夹「{target.parent}」中写入文件。请选择其他文件夹(例如“文档”或桌面)。"
        return (
            f"文件「{name}」正被其他程序(如 Excel、WPS)打开,或是只读文件,无法覆盖。"
            "请关闭该文件后重试,或换一个文件名保存。"
        )
    return f"无法写入「{target}」:{exc.strerror or exc}"


def _create_temp(target: Path) -> Path:
    """An empty new file beside the target, created with the usual permissions (umask applies)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(candidate, flags, 0o666))
        except FileExistsError:
            continue
        return candidate


def _check_target_free(target: Path) -> None:
    """Fail before the work starts if the target cannot be replaced (Windows: open in Excel/WPS, read-only)."""
    if target.exists():
        with open(target, "r+b"):
            pass


def _flush_to_disk(path: Path) -> None:
    with open(path, "r+b") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove_quietly(path: Path) -> None:
    with suppress(OSError):
        path.unlink()


@contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write the whole file to; on success it replaces `path` in one step.

    Any exception in the block (including ExportCancelled) removes the temporary file and leaves `path` as it
    was; OSErrors come out as ExportError with a Chinese message (locked target, no permission, disk full).
    """
    target = Path(path).absolute()
    if target.is_dir():
        raise ExportError(f"「{target}」是一个文件夹,请输入要保存的文件名。")
    try:
        temp = _create_temp(target)
    except OSError as exc:
        raise ExportError(_message(exc, target, "create")) from exc
    phase = "check"
    try:
        _check_target_free(target)
        phase = "write"
        yield temp
        _flush_to_disk(temp)
        phase = "replace"
        os.replace(temp, target)
    except OSError as exc:
        _remove_quietly(temp)
        raise ExportError(_message(exc, target, phase)) from exc
    except BaseException:
        _remove_quietly(temp)
        raise
    _sync_folder(target.parent)


def clean_text(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def set_text(cell: Cell, text: str) -> None:
    """Put `text` in a cell as text, always: a unit named "=HYPERLINK(…)" must not become a formula.

    openpyxl decides the type on assignment (a leading "=" means formula), so the type is forced afterwards.
    """
    cell.value = clean_text(text)
    cell.data_type = "s"


def save_workbook(workbook: Any, path: Path, cancel: CancelCallback | None = None) -> None:
    """`workbook.save(path)`, but polling cancel() before each sheet is written: saving 1,000 forms takes
    seconds, and a cancel must not wait for it (the caller's atomic_write then removes the partial file)."""
    import datetime
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    class _CancellableWriter(ExcelWriter):  # type: ignore[misc]
        def write_worksheet(self, ws: Any) -> None:
            check_cancel(cancel)
            super().write_worksheet(ws)

    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _CancellableWriter(workbook, archive).write_data()
