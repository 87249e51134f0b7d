"""Checks on a file from elsewhere before any parser sees it: kind, size, and zip bombs.

An .xlsx is a zip archive; a small file can expand to gigabytes. Its directory is read (cheap, no
decompression) and refused if it declares too much, or compresses suspiciously well.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 200  # xlsx XML compresses well, but not this well


class InputFileError(ValueError):
    def __init__(self, path: Path, reason_zh: str) -> None:
        super().__init__(f"「{path.name}」:{reason_zh}")
        self.path = path
        self.reason_zh = reason_zh


def check_input_file(path: Path, allowed_suffixes: tuple[str, ...]) -> None:
    """Refuse a missing, wrong-kind, oversized or bomb-like file before it is parsed."""
    if not path.is_file():
        raise InputFileError(path, "文件不存在")
    suffix = path.suffix.lower()
    if suffix not in allowed_suffixes:
        raise InputFileError(
            path, f"不支持的文件类型“{path.suffix or '无扩展名'}”,请选择 {'、'.join(allowed_suffixes)} 文件"
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputFileError(path, f"文件过大({size // 1024 // 1024} MB),上限 {MAX_FILE_BYTES // 1024 // 1024} MB")
    if suffix == ".xlsx":
        _check_zip(path)


def _check_zip(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise InputFileError(path, "不是有效的 Excel(.xlsx)文件,可能已损坏或被改了扩展名")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputFileError(path, f"无法读取文件内容({exc})") from exc
    if len(members) > MAX_MEMBERS:
        raise InputFileError(path, "文件结构异常(内部文件过多),已拒绝")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputFileError(path, "文件解压后过大,疑似“压缩炸弹”,已拒绝")
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO and member.file_size > 1024**2:
            raise InputFileError(path, "文件压缩比异常,疑似“压缩炸弹”,已拒绝")
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise InputFileError(path, "不是 Excel 工作簿(缺少必需的内部文件)")
