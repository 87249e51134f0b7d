"""`yc-desktop --self-test` from source: every step passes, only the temp folder is touched, failures are named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from yc_desktop.selftest import STEPS

ROOT = Path(__file__).resolve().parent.parent
STEP_NAMES = [name for name, _, _ in STEPS]


def _run_self_test(home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The self-test in a fresh process whose home and per-user folders are `home` (to see what it writes)."""
    # No display and no QT_QPA_PLATFORM: the self-test must choose offscreen by itself (unless `env` sets one).
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    environment = {key: value for key, value in os.environ.items() if key not in hidden}
    environment.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        APPDATA=str(home / "appdata"),
        PYTHONIOENCODING="utf-8",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "yc_desktop", "--self-test"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        check=False,
    )


def test_self_test_passes_every_step_and_leaves_the_user_folders_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = _run_self_test(home)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(STEP_NAMES) == 7
    for step in STEP_NAMES:
        assert any(line.startswith(f"[通过] {step}") for line in lines), (step, result.stdout)
    assert not any(line.startswith(("[失败]", "[跳过]")) for line in lines)
    assert lines[-1].startswith("自检通过")
    if sys.platform.startswith("linux"):
        assert "offscreen" in result.stdout
    # Nothing in the user's folders: no database, no settings, no error log.
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_a_failing_step_is_named_and_the_exit_status_is_not_zero(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = _run_self_test(home, QT_QPA_PLATFORM="no-such-platform")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[通过] 评分示例数据" in result.stdout  # steps without Qt still run and pass
    assert "[失败] 启动 Qt 界面: 找不到 Qt 平台插件「no-such-platform」" in result.stdout
    assert "[跳过] 导出 PDF" in result.stdout
    assert "[跳过] 打开主窗口" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("自检未通过:3 项失败")
