"""Starting the window: which database, the first-start sample offer, who is working, the daily backup."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from yc_desktop.store.errors import StoreError
from yc_desktop.store.service import LIAISON, Store


def _first_start_database() -> Path:
    """On the very first start, offer the sample district; otherwise the default file."""
    from yc_desktop.store.database import default_data_dir, default_database_path
    from yc_desktop.store.sample import SAMPLE_FILE_NAME, create_sample_database

    default = default_database_path()
    if default.exists():
        return default
    answer = QMessageBox.question(
        None, "欢迎使用",
        "这是第一次启动。\n\n要先打开“示例数据”(一个虚构的示例区,数据均为虚构)熟悉本程序吗?\n"
        "选择“否”将新建一个空的数据库。以后可随时从“文件 → 打开示例数据”进入。",
    )  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes:
        return default
    sample = default_data_dir() / SAMPLE_FILE_NAME
    if not sample.exists():
        try:
            create_sample_database(sample)
        except (StoreError, OSError) as exc:
            QMessageBox.warning(None, "示例数据", getattr(exc, "message_zh", str(exc)))
            return default
    return sample


def _open_store(path: Path) -> Store | None:
    """Open the file, or explain why not and let the user pick another one (None: give up)."""
    while True:
        try:
            return Store(path)
        except StoreError as exc:
            box = QMessageBox(QMessageBox.Icon.Critical, "无法打开数据库", f"「{path}」\n\n{exc.message_zh}")
            choose = box.addButton("选择其他文件…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not choose:
                return None
            chosen, _ = QFileDialog.getOpenFileName(None, "打开数据库", str(path.parent), "考核数据库 (*.db)")
            if not chosen:
                return None
            path = Path(chosen)


def run_window(db_path: Path | None) -> int:
    from yc_desktop.store.backup import daily_backup
    from yc_desktop.ui.app import create_application
    from yc_desktop.ui.main_window import MainWindow
    from yc_desktop.ui.roles import RoleDialog

    app = create_application(sys.argv)
    settings = QSettings()
    if db_path is None:
        last = settings.value("last/db", "")
        db_path = Path(str(last)) if last and Path(str(last)).exists() else _first_start_database()
    store = _open_store(db_path)
    if store is None:
        return 1
    last_role = str(settings.value("last/role", LIAISON))
    last_actor = str(settings.value("last/actor", ""))
    last_unit = settings.value("last/liaison_unit")
    dialog = RoleDialog(store, last_actor, last_role, int(last_unit) if last_unit else None)
    if not dialog.exec() or dialog.choice is None:
        store.close()
        return 0
    choice = dialog.choice
    settings.setValue("last/db", str(store.path))
    settings.setValue("last/role", choice.role)
    settings.setValue("last/actor", choice.actor)
    if choice.unit_id is not None:
        settings.setValue("last/liaison_unit", choice.unit_id)
    window = MainWindow(store, choice, settings)
    try:
        made = daily_backup(store.path, store.path.parent / "备份")
    except (StoreError, OSError) as exc:
        window.statusBar().showMessage(f"今日自动备份失败:{getattr(exc, 'message_zh', exc)}", 10000)
    else:
        if made:
            window.statusBar().showMessage(f"已自动备份到 {made.name}", 6000)
    window.show()
    code = app.exec()
    window.store.close()
    QApplication.processEvents()
    return code
