"""Bulk figures from CSV/xlsx with Chinese headers, and the headless export / import commands."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from yc_desktop.core.figures import Figures
from yc_desktop.exchange.bulk_import import apply_bulk_import, plan_bulk_import
from yc_desktop.exchange.selfeval import write_selfeval
from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import ASSESSOR, LIAISON, SYSTEM, Store

HEADERS = ["单位名称", "类别", "应进驻事项数", "已进驻事项数", "总业务量(总办件数)", "网上受理业务量", "网上办结业务量",
           "非常满意次数", "满意次数", "基本满意次数", "不满意次数", "投诉办件数"]  # fmt: skip
ROW = [40, 38, 1000, 760, 350, 10, 5, 2, 1, 3]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "考核.db"
    with Store(path, role=SYSTEM) as store:
        store.ensure_year(2014)
        store.add_unit("区民政局", "区直部门")
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    text = "\n".join(",".join(str(v) for v in row) for row in [HEADERS, *rows])
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_in_gbk_with_a_new_unit(db: Path, tmp_path: Path) -> None:
    csv_file = write_csv(tmp_path / "汇总.csv", [["区民政局", "区直部门", *ROW], ["埔前镇", "镇街", *ROW]], "gb18030")
    with Store(db, actor="王审核", role=ASSESSOR) as store:
        plan = plan_bulk_import(store, csv_file, 2014, "assessor")
        assert plan.ok, plan.problem
        assert [row.new_unit for row in plan.rows] == [False, True]
        assert "埔前镇(新单位)" in plan.summary()
        assert apply_bulk_import(store, plan) == 2
        town = store.unit_by_name("埔前镇")
        assert town is not None and town.group == "镇街"
        assert store.figures(town.id, 2014, "assessor") == Figures(*ROW)
        assert any(e.action == "保存考核数据(导入)" for e in store.audit_entries(unit="埔前镇"))


def test_xlsx_with_reordered_columns_and_text_numbers(db: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(reversed(HEADERS)))
    sheet.append(list(reversed(["区民政局", "区直部门", "40", 38, "1,000", 760.0, 350, 10, 5, 2, 1, 3])))
    book.save(tmp_path / "汇总.xlsx")
    with Store(db, role=ASSESSOR) as store:
        plan = plan_bulk_import(store, tmp_path / "汇总.xlsx", 2014, "assessor")
        assert plan.ok, plan.problem
        assert plan.rows[0].figures == Figures(*ROW)


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([["区民政局", "区直部门", 40, 38, 1000, 1760, 350, 10, 5, 2, 1, 3]], "不能大于"),
        ([["区民政局", "区直部门", 40, 38, 1000, 760, 350, 10, 5, 2, 1, -3]], "负数"),
        ([["区民政局", "区直部门", 40, 38, 1000, 760, 350.5, 10, 5, 2, 1, 3]], "整数"),
        ([["区民政局", "区直部门", *ROW], ["区民政局", "区直部门", *ROW]], "重复"),
        ([["区民政局", "镇街", *ROW]], "不一致"),
        ([['=HYPERLINK("http://x","点我")', "乡镇", *ROW]], "类别"),
    ],
)
def test_one_bad_row_refuses_the_whole_file(db: Path, tmp_path: Path, rows: list[list[object]], reason: str) -> None:
    csv_file = write_csv(tmp_path / "汇总.csv", [["源西街道", "镇街", *ROW], *rows])
    before = digest(db)
    with Store(db, role=ASSESSOR) as store:
        plan = plan_bulk_import(store, csv_file, 2014, "assessor")
        assert not plan.ok and reason in plan.problem  # type: ignore[operator]
        with pytest.raises(ValueError):
            apply_bulk_import(store, plan)
    assert digest(db) == before


def test_missing_column_named(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "汇总.csv"
    path.write_text("单位名称,类别\n区民政局,区直部门\n", encoding="utf-8")
    with Store(db, role=ASSESSOR) as store:
        plan = plan_bulk_import(store, path, 2014, "assessor")
    assert "缺少列" in plan.problem and "应进驻事项数" in plan.problem  # type: ignore[operator]


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "yc_desktop", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def test_cli_export_year_and_unit(tmp_path: Path) -> None:
    db = create_sample_database(tmp_path / "示例数据.db")
    out = tmp_path / "导出"
    result = cli("export", "--db", str(db), "--year", "2014", "--out", str(out), "--pdf")
    assert result.returncode == 0, result.stderr
    forms = load_workbook(out / "源城分厅评分表-2014.xlsx")
    assert forms.sheetnames[0] == "排名" and "区府办" in forms.sheetnames
    assert (out / "排名-2014.xlsx").exists()
    assert (out / "源城分厅评分表-2014.pdf").read_bytes().startswith(b"%PDF")
    result = cli("export", "--db", str(db), "--year", "2014", "--out", str(out), "--unit", "区府办")
    assert result.returncode == 0, result.stderr
    assert (out / "区府办-2014-评分表.xlsx").exists()
    bad = cli("export", "--db", str(db), "--year", "2014", "--out", str(out), "--unit", "不存在的单位")
    assert bad.returncode == 2 and "找不到单位" in bad.stderr
    bad = cli("export", "--db", str(db), "--year", "1999", "--out", str(out))
    assert bad.returncode == 2


def test_cli_import_needs_confirmation_and_refuses_tampered(tmp_path: Path) -> None:
    raw = dict(zip(Figures.__slots__, ROW, strict=True))
    with Store(tmp_path / "联络员.db", actor="李联络", role=LIAISON) as own:
        own.ensure_year(2014)
        unit = own.add_unit("区民政局", "区直部门")
        own.save_figures(unit.id, 2014, "self", raw)
        selfeval = write_selfeval(own, unit.id, 2014, tmp_path / "自评.xlsx")
    db = tmp_path / "考核.db"
    with Store(db, role=SYSTEM) as store:
        store.ensure_year(2014)
        store.add_unit("区民政局", "区直部门")
    before = digest(db)
    unanswered = cli("import", str(selfeval), "--db", str(db))
    assert unanswered.returncode == 1 and "未确认" in unanswered.stderr
    assert "网上受理业务量:(空) → 760" in unanswered.stdout
    assert digest(db) == before
    done = cli("import", str(selfeval), "--db", str(db), "--yes")
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        assert store.figures(store.units()[0].id, 2014, "self") == Figures(*ROW)
    garbage = tmp_path / "坏.xlsx"
    garbage.write_bytes(b"not a zip")
    refused = cli("import", str(garbage), "--db", str(db), "--yes")
    assert refused.returncode == 2 and "拒绝" in refused.stdout
