"""The frozen program (slow, on demand: `pytest -m slow`): build.py builds it, then it passes its self-test.

build.py runs the bundle's --self-test itself and fails on a failure; the checks here add what a bundle loses
silently: the headless CLI, resources found through sys._MEIPASS, the size budget, and the one-file variant.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.worked_example import WORKED_EXAMPLE

ROOT = Path(__file__).resolve().parent.parent
NAME = "yc-desktop.exe" if os.name == "nt" else "yc-desktop"
MAX_BUNDLE_BYTES = 120_000_000
SCORE_INPUT = {
    "year": 2014,
    "units": [
        {
            "name": "区民政局",
            "group": "区直部门",
            **WORKED_EXAMPLE,
        },
    ],
}
BUILD_TIMEOUT_S = 1800

pytestmark = pytest.mark.slow


def _environment(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return dict(
        os.environ,
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        APPDATA=str(home / "appdata"),
        PYTHONIOENCODING="utf-8",
    )


def _build(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        str(ROOT / "build_scripts" / "build.py"),
        "--dist",
        str(tmp_path / "dist"),
        "--work",
        str(tmp_path / "work"),
        *options,
    ]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=BUILD_TIMEOUT_S,
        check=False,
        env=_environment(tmp_path),
    )


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _check_program(program: Path, tmp_path: Path) -> None:
    env = _environment(tmp_path)
    test = subprocess.run(
        [str(program), "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
        env=env,
    )
    assert test.returncode == 0, test.stdout + test.stderr
    assert "打包版" in test.stdout.splitlines()[0]  # really the frozen program, not a Python from the path
    assert test.stdout.splitlines()[-1].startswith("自检通过")
    source = tmp_path / "input.json"
    source.write_text(json.dumps(SCORE_INPUT, ensure_ascii=False), encoding="utf-8")
    score = subprocess.run(
        [str(program), "score", str(source)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
    )
    assert score.returncode == 0, score.stderr
    assert json.loads(score.stdout)["units"][0]["total"] == 99.64


def test_one_folder_bundle_builds_passes_its_self_test_and_fits_the_budget(tmp_path: Path) -> None:
    build = _build(tmp_path)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    assert "self-test passed" in build.stdout
    folder = tmp_path / "dist" / "yc-desktop"
    internal = folder / "_internal"
    assert (internal / "resources" / "rules" / "2014暂行.toml").is_file()
    assert (internal / "resources" / "icons" / "yc-desktop.png").is_file()
    leftovers = [p.name for p in internal.rglob("*") if any(k in p.name for k in ("Qt6Quick", "Qt6Qml", "Qt6Pdf"))]
    assert leftovers == []
    assert _bytes(folder) <= MAX_BUNDLE_BYTES, f"{_bytes(folder) / 1e6:.1f} MB"
    _check_program(folder / NAME, tmp_path)


def test_one_file_variant_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    build = _build(tmp_path, "--onefile")
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    _check_program(tmp_path / "dist" / "onefile" / NAME, tmp_path)
