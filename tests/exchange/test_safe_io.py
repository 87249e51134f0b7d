"""Atomic writing, Chinese errors, text that never becomes a formula, sheet names."""

import errno
import os
from pathlib import Path

import openpyxl
import pytest

from tests.exchange.helpers import FORMULA_NAME, files_in
from yc_desktop.exchange import safe_io
from yc_desktop.exchange.safe_io import ExportCancelled, ExportError, atomic_write, set_text
from yc_desktop.exchange.sheet_names import MAX_SHEET_NAME, SheetNamer, sanitize_sheet_name


def test_writes_the_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with atomic_write(target) as temp:
        assert temp.parent == tmp_path and temp != target
        temp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert files_in(tmp_path) == ["out.bin"]


@pytest.mark.parametrize("problem", [RuntimeError("boom"), ExportCancelled()])
def test_a_failure_or_cancel_keeps_the_old_file(tmp_path: Path, problem: Exception) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(type(problem)), atomic_write(target) as temp:
        temp.write_bytes(b"half")
        raise problem
    assert target.read_bytes() == b"old"
    assert files_in(tmp_path) == ["out.bin"]


def test_a_locked_target_gives_a_chinese_error_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows: Excel/WPS hold the file open, so replacing it fails with PermissionError.
    target = tmp_path / "排名.xlsx"
    target.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(safe_io.os, "replace", locked)
    with pytest.raises(ExportError, match="正被其他程序") as caught, atomic_write(target) as temp:
        temp.write_bytes(b"new")
    assert "排名.xlsx" in caught.value.message_zh
    assert target.read_bytes() == b"old"
    assert files_in(tmp_path) == ["排名.xlsx"]


def test_a_locked_target_is_found_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")

    def in_use(path: Path) -> None:
        raise PermissionError(errno.EACCES, "sharing violation")

    monkeypatch.setattr(safe_io, "_check_target_free", in_use)
    worked = False
    with pytest.raises(ExportError, match="正被其他程序"), atomic_write(target):
        worked = True
    assert not worked
    assert files_in(tmp_path) == ["out.xlsx"]


def test_an_unwritable_folder_gives_a_chinese_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_io.os, "open", denied)
    with pytest.raises(ExportError, match="没有权限"), atomic_write(tmp_path / "out.xlsx"):
        pass
    assert files_in(tmp_path) == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions that bind (not root)")
def test_a_read_only_folder_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="没有权限"), atomic_write(folder / "out.xlsx"):
            pass
        assert files_in(folder) == []
    finally:
        folder.chmod(0o700)


def test_a_full_disk_gives_a_chinese_error_and_no_partial_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="磁盘空间不足"), atomic_write(tmp_path / "out.xlsx") as temp:
        temp.write_bytes(b"part")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert files_in(tmp_path) == []


def test_missing_folder_and_folder_as_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="不存在"), atomic_write(tmp_path / "nope" / "out.xlsx"):
        pass
    with pytest.raises(ExportError, match="是一个文件夹"), atomic_write(tmp_path):
        pass


def test_text_never_becomes_a_formula(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    cell = workbook.active["A1"]
    set_text(cell, FORMULA_NAME)
    assert cell.data_type == "s"
    workbook.save(tmp_path / "t.xlsx")
    again = openpyxl.load_workbook(tmp_path / "t.xlsx").active["A1"]
    assert again.value == FORMULA_NAME and again.data_type == "s"


def test_sheet_names_are_valid_and_unique() -> None:
    namer = SheetNamer(reserved=["排名"])
    long_name = "源城区" + "某" * 40
    names = [namer.name_for(n) for n in ["a/b:c", "A/B:C", "排名", "[x]*?'", long_name, long_name, "History"]]
    assert names[:3] == ["a_b_c", "A_B_C(2)", "排名(2)"]
    assert names[3] == "_x___"
    assert names[4] == long_name[:MAX_SHEET_NAME]
    assert names[5].endswith("(2)") and len(names[5]) == MAX_SHEET_NAME
    assert names[6] == "History(2)"
    assert len({name.casefold() for name in names}) == len(names)
    assert sanitize_sheet_name("''") == "单位"
