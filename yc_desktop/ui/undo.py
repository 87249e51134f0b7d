"""Undo commands: every committed edit is one command that writes a value, and writes the old one back on undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QUndoCommand

Value = TypeVar("Value")


class ValueCommand(QUndoCommand, Generic[Value]):
    """Redo writes `new` and undo writes `old`, both through `write`, so the command holds no widget state."""

    def __init__(self, text: str, write: Callable[[Value], None], old: Value, new: Value) -> None:
        super().__init__(text)
        self._write = write
        self._old = old
        self._new = new

    def redo(self) -> None:
        self._write(self._new)

    def undo(self) -> None:
        self._write(self._old)
