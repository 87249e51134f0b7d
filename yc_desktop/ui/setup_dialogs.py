"""The setup dialogs the main window opens: the year's targets and the units (each in its own module)."""

from __future__ import annotations

from yc_desktop.ui.targets_dialog import TargetsDialog
from yc_desktop.ui.units_dialog import UnitsDialog

__all__ = ["TargetsDialog", "UnitsDialog"]
