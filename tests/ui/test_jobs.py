import threading
from typing import Any

from pytestqt.qtbot import QtBot

from yc_desktop.ui.jobs import CancelledFn, Job, JobCancelled, ProgressFn


def test_job_runs_off_the_ui_thread_and_reports_progress(qtbot: QtBot) -> None:
    ui_thread = threading.get_ident()
    seen: dict[str, Any] = {}

    def work(progress: ProgressFn, cancelled: CancelledFn) -> int:
        seen["thread"] = threading.get_ident()
        for step in range(1, 6):
            progress(step, 5)
        return 42

    job = Job(None, "测试", work, lambda r: seen.setdefault("result", r), lambda e: seen.setdefault("error", e))
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["thread"] != ui_thread
    assert "error" not in seen


def test_job_can_be_cancelled(qtbot: QtBot) -> None:
    started = threading.Event()
    outcome: list[str] = []

    def work(progress: ProgressFn, cancelled: CancelledFn) -> None:
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise JobCancelled

    job = Job(None, "测试", work, lambda r: outcome.append("ok"), lambda e: outcome.append("error"),
              lambda: outcome.append("cancelled"))  # fmt: skip
    assert started.wait(5)
    job.dialog.canceled.emit()  # what pressing 取消 does
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert outcome == ["cancelled"]


def test_job_error_comes_back_to_the_ui(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work(progress: ProgressFn, cancelled: CancelledFn) -> None:
        raise OSError("磁盘已满")

    job = Job(None, "测试", work, lambda r: None, errors.append)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert len(errors) == 1 and "磁盘已满" in str(errors[0])
