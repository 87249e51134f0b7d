"""Small behaviours every setup dialog shares."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget

from yc_desktop.store.errors import StoreError


def show_refusal(parent: QWidget, title: str, error: StoreError | ValueError) -> None:
    """The store's (or a validator's) Chinese reason, as a warning the user can act on."""
    message = error.message_zh if isinstance(error, StoreError) else str(error)
    QMessageBox.warning(parent, title, message)


def no_default_buttons(dialog: QDialog) -> None:
    """No button of the dialog answers Enter: Enter in a field means that field's action (save, add), never
    also "close" or "create a year" through Qt's default-button rule.
    """
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)
