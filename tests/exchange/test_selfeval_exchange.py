"""Liaison ⇄ assessor: a self-evaluation file written from one database, imported into another."""

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.worked_example import WORKED_EXAMPLE as RAW
from yc_desktop.core.figures import Figures
from yc_desktop.exchange.import_plan import apply_selfeval_import, plan_selfeval_import
from yc_desktop.exchange.selfeval import DATA_SHEET, read_selfeval, write_selfeval
from yc_desktop.store.service import ASSESSOR, LIAISON, SYSTEM, Store


@pytest.fixture
def liaison_file(tmp_path: Path) -> Path:
    """The liaison's own database with its unit's 2014 self-evaluation, exported to a file."""
    with Store(tmp_path / "联络员.db", actor="李联络", role=LIAISON) as store:
        store.ensure_year(2014)
        unit = store.add_unit("区民政局", "区直部门")
        store.save_entry(unit.id, 2014, "self", RAW, evidence={"acceptance": "附系统截图"})
        return write_selfeval(store, unit.id, 2014, tmp_path / "区民政局-2014-自评.xlsx")


@pytest.fixture
def assessor_db(tmp_path: Path) -> Path:
    path = tmp_path / "考核.db"
    with Store(path, role=SYSTEM) as store:
        store.ensure_year(2014)
        unit = store.add_unit("区民政局", "区直部门")
        store.add_unit("源西街道", "镇街")
        store.save_figures(unit.id, 2014, "assessor", {**RAW, "complaints": 9})
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_file_is_a_readable_form_with_hidden_checked_data(liaison_file: Path) -> None:
    workbook = load_workbook(liaison_file)
    assert workbook[DATA_SHEET].sheet_state == "veryHidden"
    assert workbook[DATA_SHEET].protection.sheet
    form = workbook.worksheets[0]
    texts = [str(c.value) for row in form.iter_rows() for c in row if c.value is not None]
    assert any("源城分厅建设工作量化评分表" in t for t in texts)
    assert any("区民政局" in t for t in texts)
    evaluation = read_selfeval(liaison_file)
    assert evaluation.unit == "区民政局" and evaluation.year == 2014
    assert evaluation.figures == Figures(**RAW)
    assert evaluation.evidence == {"acceptance": "附系统截图"}


def test_round_trip_into_a_second_database(liaison_file: Path, assessor_db: Path) -> None:
    with Store(assessor_db, actor="王审核", role=ASSESSOR) as store:
        plans = plan_selfeval_import(store, [liaison_file])
        assert [p.ok for p in plans] == [True]
        assert len(plans[0].changes) == 10 and plans[0].changes[0].before is None
        assert len(apply_selfeval_import(store, plans)) == 1
        unit = store.unit_by_name("区民政局")
        assert unit is not None
        assert store.figures(unit.id, 2014, "self") == Figures(**RAW)
        assert store.figures(unit.id, 2014, "assessor").complaints == 9  # type: ignore[union-attr]  # untouched
        assert store.evidence_notes(unit.id, 2014, "self") == {"acceptance": "附系统截图"}
        other = store.unit_by_name("源西街道")
        assert other is not None and store.figures(other.id, 2014, "self") is None
        entries = [e for e in store.audit_entries(unit="区民政局") if e.action == "保存自评数据(自评文件)"]
        assert len(entries) == 10 and entries[0].actor == "王审核"
        # The same file again: nothing new, refused as already imported.
        again = plan_selfeval_import(store, [liaison_file])
        assert not again[0].ok and "相同" in again[0].problem  # type: ignore[operator]


def tampered_copy(source: Path, target: Path, old: bytes, new: bytes) -> Path:
    """Rewrite a string inside the workbook's shared strings, as a hand edit of the hidden sheet would."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if old in data:
                data = data.replace(old, new)
            zout.writestr(item, data)
    return target


def test_refusals_leave_the_database_unchanged(liaison_file: Path, assessor_db: Path, tmp_path: Path) -> None:
    tampered = tampered_copy(liaison_file, tmp_path / "改过.xlsx", b'"complaints":3', b'"complaints":0')
    not_excel = tmp_path / "伪装.xlsx"
    not_excel.write_bytes(b"PK\x03\x04 not really a zip")
    text_file = tmp_path / "说明.txt"
    text_file.write_text("hello", encoding="utf-8")
    plain = tmp_path / "普通表格.xlsx"
    from openpyxl import Workbook

    Workbook().save(plain)
    duplicate = shutil.copy(liaison_file, tmp_path / "副本.xlsx")
    before = digest(assessor_db)
    with Store(assessor_db, role=ASSESSOR) as store:
        plans = plan_selfeval_import(store, [tampered, not_excel, text_file, plain, liaison_file, Path(duplicate)])
        reasons = [p.problem for p in plans]
        assert "校验失败" in reasons[0]  # type: ignore[operator]
        assert "Excel" in reasons[1]  # type: ignore[operator]
        assert "不支持的文件类型" in reasons[2]  # type: ignore[operator]
        assert "不是本程序导出的自评文件" in reasons[3]  # type: ignore[operator]
        assert reasons[4] is None
        assert "重复" in reasons[5]  # type: ignore[operator]
    assert digest(assessor_db) == before  # planning writes nothing


def test_mismatched_unit_or_year_or_state_refused(liaison_file: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "其他.db", role=SYSTEM) as store:
        store.ensure_year(2015)
        store.add_unit("源西街道", "镇街")
        (plan,) = plan_selfeval_import(store, [liaison_file])
        assert "没有单位" in plan.problem  # type: ignore[operator]
        unit = store.add_unit("区民政局", "区直部门")
        (plan,) = plan_selfeval_import(store, [liaison_file])
        assert "2014 年度" in plan.problem  # type: ignore[operator]
        store.ensure_year(2014)
        store.save_figures(unit.id, 2014, "assessor", RAW)
        store.review(unit.id, 2014)
        (plan,) = plan_selfeval_import(store, [liaison_file])
        assert "已审核" in plan.problem  # type: ignore[operator]


def test_zip_bomb_refused_before_parsing(tmp_path: Path) -> None:
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b"\x00" * (300 * 1024 * 1024))
    with Store(tmp_path / "x.db", role=ASSESSOR) as store:
        (plan,) = plan_selfeval_import(store, [bomb])
    assert "压缩炸弹" in plan.problem  # type: ignore[operator]
