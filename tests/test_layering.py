"""The core never imports Qt, peewee, openpyxl or I/O-heavy modules; nothing imports the UI."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "yc_desktop"
FORBIDDEN_IN_CORE = (
    "PySide6",
    "shiboken6",
    "peewee",
    "playhouse",
    "openpyxl",
    "yc_desktop.store",
    "yc_desktop.exchange",
    "yc_desktop.ui",
    "yc_desktop.resources",
    "sqlite3",
    "socket",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in files
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in forbidden)
    ]


def test_core_is_pure() -> None:
    files = sorted((PACKAGE / "core").rglob("*.py"))
    assert files, "core package not found"
    assert _violations(files, FORBIDDEN_IN_CORE) == []


ENTRY_POINTS = {"cli.py", "selftest.py", "__main__.py"}  # they start the window; no library code may


def test_nothing_outside_ui_imports_ui() -> None:
    files = [
        p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts and p.name not in ENTRY_POINTS
    ]
    assert _violations(files, ("yc_desktop.ui",)) == []


def test_store_and_exchange_never_import_widgets() -> None:
    files = [p for sub in ("store", "exchange") for p in (PACKAGE / sub).rglob("*.py")]
    assert _violations(files, ("PySide6.QtWidgets",)) == []


def test_the_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6 import QtCore\nimport peewee\n", encoding="utf-8")
    assert imported_modules(bad) == {"PySide6", "peewee"}
