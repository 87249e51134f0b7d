"""Ordered schema migrations, applied on open after a copy of the file has been taken.

Each migration runs in its own transaction and bumps the stored version, so an interrupted upgrade resumes
from the last finished step. Migrations use playhouse.migrate, which works on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee
from playhouse.migrate import SchemaMigrator, migrate

from yc_desktop.store.models import FigureRecord


def _add_figure_source(migrator: SchemaMigrator) -> None:
    """Schema 2: where a figure record came from (录入 typed, 导入 bulk file, 自评文件 liaison's file)."""
    migrate(migrator.add_column("figure_record", "source", FigureRecord.source))


# version reached → the step that reaches it from the version before
MIGRATIONS: dict[int, Callable[[SchemaMigrator], None]] = {
    2: _add_figure_source,
}


def migrate_to_current(database: peewee.Database, version: int) -> None:
    from yc_desktop.store.database import SCHEMA_VERSION, set_schema_version

    migrator = SchemaMigrator.from_database(database)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with database.atomic():
            MIGRATIONS[target](migrator)
            set_schema_version(target)
