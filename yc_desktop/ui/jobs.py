"""Long work (exports, imports of many files) off the UI thread, with a progress dialog and cancel.

The work function gets `progress(done, total)` and `cancelled() -> bool`; it must not touch widgets or the
database connection of the UI thread (gather what it needs first). Its result or its error comes back on the UI
thread. The dialog appears only after half a second, so quick jobs don't flash one (as Anki's progress does).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]
Work = Callable[[ProgressFn, CancelledFn], Any]
SHOW_AFTER_MS = 500
PROGRESS_INTERVAL_S = 0.1


class JobCancelled(Exception):
    """Raised by work that noticed `cancelled()`; the job then reports cancellation, not an error."""


class _Worker(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    was_cancelled = Signal()

    def __init__(self, work: Work, cancel_event: threading.Event) -> None:
        super().__init__()
        self._work = work
        self._cancel = cancel_event

    def run(self) -> None:
        last = 0.0

        def progress(done: int, total: int) -> None:
            # At most ten a second: a signal per item (1,000 forms) queued so many events that the window
            # stalled for seconds and the cancel waited behind them.
            nonlocal last
            now = time.monotonic()
            if done >= total or now - last >= PROGRESS_INTERVAL_S:
                last = now
                self.progressed.emit(done, total)

        try:
            result = self._work(progress, self._cancel.is_set)
        except JobCancelled:
            self.was_cancelled.emit()
        except Exception as exc:  # the UI shows it as a message; nothing may escape a thread silently
            self.failed.emit(exc)
        else:
            if self._cancel.is_set():
                self.was_cancelled.emit()
            else:
                self.succeeded.emit(result)


class Job(QObject):
    """One running job. Keep a reference until `done` is emitted."""

    done = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Work,
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._on_success, self._on_error, self._on_cancel = on_success, on_error, on_cancel
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.thread = QThread()
        self.worker = _Worker(work, self._cancel)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.worker.was_cancelled.connect(self._cancelled)
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        self.dialog.setLabelText("正在取消…")

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _finish(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.close()
        self.dialog.deleteLater()
        self.done.emit()

    def _succeeded(self, result: object) -> None:
        self._finish()
        self._on_success(result)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self._on_error(error)

    def _cancelled(self) -> None:
        self._finish()
        if self._on_cancel:
            self._on_cancel()
