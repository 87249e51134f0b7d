"""`yc-desktop load`: the score contract's JSON into a database, all or nothing."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from tests.test_cli_score import EXAMPLE, unit
from yc_desktop.store.service import Store


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "yc_desktop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_load_then_read_back_gives_the_score_command_numbers(tmp_path: Path) -> None:
    db = tmp_path / "考核.db"
    batch = {**EXAMPLE, "units": [*EXAMPLE["units"], unit("源西街道", "镇街", cases_online_accepted=560)]}
    text = json.dumps(batch, ensure_ascii=False)
    loaded = run("load", "-", "--db", str(db), "--side", "assessor", stdin=text)
    assert loaded.returncode == 0, loaded.stderr
    scored = json.loads(run("score", "-", stdin=text).stdout)
    with Store(db) as store:
        views = {view.unit.name: view for view in store.year_overview(2014)}
        assert set(views) == {"区民政局", "源西街道"}
        for expected in scored["units"]:
            view = views[expected["name"]]
            assert view.unit.group == expected["group"]
            score = view.assessor_score
            assert score is not None and view.self_score is None
            assert {k: float(v) for k, v in score.scores.items()} == expected["scores"]
            assert float(score.total) == expected["total"]
            assert score.grade == expected["grade"]
            assert view.rank == expected["rank"]
        assert any(entry.action.startswith("保存考核数据") for entry in store.audit_entries())


def test_load_refuses_whole_file_and_leaves_database_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "考核.db"
    assert run("load", "-", "--db", str(db), "--side", "self", stdin=json.dumps(EXAMPLE)).returncode == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    bad = {"year": 2014, "units": [unit("新单位甲"), unit("新单位乙", complaints=5000)]}
    result = run("load", "-", "--db", str(db), "--side", "self", stdin=json.dumps(bad, ensure_ascii=False))
    assert result.returncode == 2
    assert "新单位乙" in result.stderr and "complaints" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with Store(db) as store:
        assert store.unit_by_name("新单位甲") is None


def test_load_year_targets_and_unit_override(tmp_path: Path) -> None:
    db = tmp_path / "考核.db"
    batch = {"year": 2015, "targets": {"acceptance": 75},
             "units": [unit("甲镇"), unit("乙镇", targets={"completion": 20})]}  # fmt: skip
    assert (
        run("load", "-", "--db", str(db), "--side", "self", stdin=json.dumps(batch, ensure_ascii=False)).returncode == 0
    )
    with Store(db) as store:
        assert store.year_targets(2015).acceptance == 75
        assert store.year_targets(2015).completion == 40  # 2015 default
        second = store.unit_by_name("乙镇")
        assert second is not None
        assert store.targets_for(second.id, 2015).completion == 20


def test_load_into_a_bad_file_fails_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "坏.db"
    db.write_bytes(b"garbage" * 100)
    result = run("load", "-", "--db", str(db), "--side", "self", stdin=json.dumps(EXAMPLE))
    assert result.returncode == 1
    assert "不是本程序的数据库" in result.stderr
    assert "Traceback" not in result.stderr
