"""The Qt binding itself must not leak references: PySide6 6.12.0 decremented None's refcount each time C++ called
a Python override returning None, which aborts the interpreter after a long session. Pinned below 6.12; this
test fails on any binding that does it again."""

import gc
import sys
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt


class _Model(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return None


def test_none_returned_through_cpp_keeps_its_references() -> None:
    model = _Model()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(2000):
        proxy.data(index, Qt.ItemDataRole.DecorationRole)  # C++ proxy → Python data() → None
    gc.collect()
    assert sys.getrefcount(None) - before > -50
