"""The pure domain: figures, rule sets, targets, scoring and ranking.

Nothing here imports Qt, peewee or openpyxl, or touches files; a test walks the imports to keep it so.
"""
