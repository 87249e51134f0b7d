"""Fixtures for the widget tests: the shipped rule set, and a figures editor shown in an active window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from yc_desktop.core.rules import RuleSet
from yc_desktop.core.targets import default_targets
from yc_desktop.resources import rule_set
from yc_desktop.ui.figures_editor import FiguresEditor


@pytest.fixture
def rules() -> RuleSet:
    return rule_set()


@pytest.fixture
def editor(qtbot: QtBot, rules: RuleSet) -> Iterator[FiguresEditor]:
    widget = FiguresEditor(rules, default_targets(2014, rules))
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):  # keys go to the focus widget, and only an active window has one
        widget.show()
        widget.activateWindow()
    yield widget


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
