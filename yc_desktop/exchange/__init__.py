"""Files out: the filled appendix form (xlsx, PDF) and the ranking workbook.

Modules here import openpyxl and Qt lazily or only in the writer modules, so importing the package costs the
application nothing at start-up. `FormRecord` (form_data.py) is the one input every export takes.
"""
