"""Importing the export modules costs the application nothing: openpyxl loads only when a file is written."""

import subprocess
import sys

MODULES = [
    "yc_desktop.exchange.form_data",
    "yc_desktop.exchange.safe_io",
    "yc_desktop.exchange.sheet_names",
    "yc_desktop.exchange.form_layout",
    "yc_desktop.exchange.form_xlsx",
    "yc_desktop.exchange.ranking_xlsx",
]


def test_xlsx_modules_import_without_openpyxl_or_qt() -> None:
    code = "; ".join(f"import {name}" for name in MODULES)
    code += "; import sys; print(sorted(m for m in ('openpyxl', 'PySide6') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
