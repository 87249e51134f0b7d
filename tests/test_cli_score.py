"""`yc-desktop score`: the JSON contract of SCORING.md, through a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.worked_example import WORKED_EXAMPLE

EXAMPLE: dict[str, Any] = {
    "year": 2014,
    "targets": {"onboarding": 90, "acceptance": 70, "completion": 30},
    "units": [
        {
            "name": "区民政局",
            "group": "区直部门",
            **WORKED_EXAMPLE,
        },
    ],
}
EXPECTED_UNIT = {
    "name": "区民政局",
    "group": "区直部门",
    "rates": {"onboarding": 95.0, "acceptance": 76.0, "completion": 35.0, "satisfaction_coefficient": 0.8641},
    "scores": {"onboarding": 10.0, "acceptance": 36.0, "completion": 45.0, "satisfaction": 8.64},
    "total": 99.64,
    "grade": "优秀",
    "rank": 1,
    "group_rank": 1,
    "warnings": [],
}


def run_score(payload: str | bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    return subprocess.run(
        [sys.executable, "-m", "yc_desktop", "score", *(args or ("-",))],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )


def unit(name: str, group: str = "镇街", **changes: Any) -> dict[str, Any]:
    return {**EXAMPLE["units"][0], "name": name, "group": group, **changes}


def test_contract_example_from_file(tmp_path: Path) -> None:
    path = tmp_path / "输入.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    result = run_score("", str(path))
    assert result.returncode == 0, result.stderr.decode()
    output = json.loads(result.stdout)
    assert output == {
        "year": 2014,
        "targets": {"onboarding": 90, "acceptance": 70, "completion": 30},
        "units": [EXPECTED_UNIT],
    }
    assert result.stderr == b""


def test_stdin_defaults_and_ranks() -> None:
    batch = {
        "year": 2015,  # defaults 90 / 80 / 40
        "units": [
            unit("甲镇"),
            unit("乙局", "区直部门"),
            unit("丙街道"),
            unit("丁镇", cases_total=0, cases_online_accepted=0, cases_online_completed=0, complaints=0),
        ],
    }
    result = run_score(json.dumps(batch, ensure_ascii=False))
    assert result.returncode == 0, result.stderr.decode()
    output = json.loads(result.stdout)
    assert output["targets"] == {"onboarding": 90, "acceptance": 80, "completion": 40}
    units = output["units"]
    assert [u["name"] for u in units] == ["甲镇", "乙局", "丙街道", "丁镇"]
    # 76 % < 80 %: 35 × 0.95 × 0.5 = 16.625 → 16.63; 35 % < 40 %: 45 × 0.875 × 0.5 = 19.6875 → 19.69
    assert units[0]["scores"] == {"onboarding": 10.0, "acceptance": 16.63, "completion": 19.69, "satisfaction": 8.64}
    assert units[0]["total"] == 54.96
    assert [u["rank"] for u in units] == [1, 1, 1, 4]
    assert [u["group_rank"] for u in units] == [1, 1, 1, 3]
    assert units[3]["rates"]["acceptance"] is None
    assert units[3]["warnings"] == ["无业务量"]


def test_unit_target_override_and_decimal_target() -> None:
    batch = {
        "year": 2014,
        "targets": {"acceptance": 72.5},
        "units": [unit("甲镇"), unit("乙镇", targets={"acceptance": 60})],
    }
    result = run_score(json.dumps(batch, ensure_ascii=False))
    assert result.returncode == 0, result.stderr.decode()
    output = json.loads(result.stdout)
    assert output["targets"]["acceptance"] == 72.5
    assert output["units"][0]["scores"]["acceptance"] == 35.0  # 3.5 points over 72.5: no whole step
    assert output["units"][1]["scores"]["acceptance"] == 38.0  # 16 points over 60: 3 steps


BAD_INPUTS = {
    "bad json": "{not json",
    "not an object": "[1, 2]",
    "empty": "",
    "missing year": json.dumps({"units": []}),
    "year string": json.dumps({"year": "2014", "units": []}),
    "units missing": json.dumps({"year": 2014}),
    "negative": json.dumps({"year": 2014, "units": [unit("甲", complaints=-1)]}, ensure_ascii=False),
    "float count": json.dumps({"year": 2014, "units": [unit("甲", complaints=3.5)]}, ensure_ascii=False),
    "float integral": json.dumps({"year": 2014, "units": [unit("甲", complaints=3.0)]}, ensure_ascii=False),
    "bool count": json.dumps({"year": 2014, "units": [unit("甲", complaints=True)]}, ensure_ascii=False),
    "string count": json.dumps({"year": 2014, "units": [unit("甲", complaints="3")]}, ensure_ascii=False),
    "null count": json.dumps({"year": 2014, "units": [unit("甲", complaints=None)]}, ensure_ascii=False),
    "accepted > total": json.dumps(
        {"year": 2014, "units": [unit("甲", cases_online_accepted=1001)]}, ensure_ascii=False
    ),
    "completed > accepted": json.dumps(
        {"year": 2014, "units": [unit("甲", cases_online_completed=761)]}, ensure_ascii=False
    ),
    "onboarded > required": json.dumps({"year": 2014, "units": [unit("甲", items_onboarded=41)]}, ensure_ascii=False),
    "required zero": json.dumps(
        {"year": 2014, "units": [unit("甲", items_required=0, items_onboarded=0)]}, ensure_ascii=False
    ),
    "complaints > total": json.dumps({"year": 2014, "units": [unit("甲", complaints=1001)]}, ensure_ascii=False),
    "target > 100": json.dumps({"year": 2014, "targets": {"acceptance": 101}, "units": []}),
    "target negative": json.dumps({"year": 2014, "targets": {"completion": -1}, "units": []}),
    "target string": json.dumps({"year": 2014, "targets": {"completion": "30"}, "units": []}),
    "target NaN": '{"year": 2014, "targets": {"completion": NaN}, "units": []}',
    "bad group": json.dumps({"year": 2014, "units": [unit("甲", "乡镇")]}, ensure_ascii=False),
    "no name": json.dumps({"year": 2014, "units": [{**unit("甲"), "name": ""}]}, ensure_ascii=False),
    "duplicate name": json.dumps({"year": 2014, "units": [unit("甲"), unit("甲")]}, ensure_ascii=False),
    "not utf-8": b"\xff\xfe{\x00",
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_with_nothing_on_stdout(case: str) -> None:
    result = run_score(BAD_INPUTS[case])
    assert result.returncode == 2, (case, result.stdout, result.stderr.decode())
    assert result.stdout == b""
    assert "错误" in result.stderr.decode("utf-8")
    assert "Traceback" not in result.stderr.decode("utf-8")


def test_error_names_unit_index_name_and_field() -> None:
    batch = {"year": 2014, "units": [unit("甲镇"), unit("乙镇", cases_online_accepted=2000)]}
    message = run_score(json.dumps(batch, ensure_ascii=False)).stderr.decode("utf-8")
    assert "第 2 个单位" in message
    assert "乙镇" in message
    assert "cases_online_accepted" in message


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_score("", str(tmp_path / "不存在.json"))
    assert result.returncode == 2
    assert result.stdout == b""


def test_no_arguments_prints_usage() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "yc_desktop", "--help"], capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "score" in result.stdout.decode("utf-8")
