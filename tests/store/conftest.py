from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.worked_example import WORKED_EXAMPLE as RAW
from yc_desktop.store.service import ASSESSOR, LIAISON, SYSTEM, Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "数据" / "考核.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An open store (系统 role) with year 2014 and two units."""
    with Store(db_path, actor="测试", role=SYSTEM) as opened:
        opened.ensure_year(2014)
        opened.add_unit("区民政局", "区直部门")
        opened.add_unit("源西街道", "镇街")
        yield opened


def as_role(store: Store, role: str, actor: str = "") -> Store:
    store.role = role
    store.actor = actor or role
    return store


__all__ = ["ASSESSOR", "LIAISON", "RAW", "SYSTEM", "as_role"]
