from pathlib import Path

import pytest

from yc_desktop.store.sample import DEPARTMENTS, create_sample_database
from yc_desktop.store.service import FINAL, Store


def test_sample_district(tmp_path: Path) -> None:
    path = create_sample_database(tmp_path / "示例数据.db")
    with Store(path) as store:
        assert store.is_sample
        names = [unit.name for unit in store.units()]
        assert set(DEPARTMENTS) <= set(names)
        assert {unit.group for unit in store.units()} == {"区直部门", "镇街"}
        overview = store.year_overview(2014)
        assert all(view.self_score is not None and view.assessor_score is not None for view in overview)
        assert any(view.state == FINAL for view in overview)
        assert sorted(view.rank for view in overview if view.rank)[0] == 1
        assert store.years() == [2014, 2015]


def test_sample_never_overwrites(tmp_path: Path) -> None:
    path = create_sample_database(tmp_path / "示例数据.db")
    with pytest.raises(FileExistsError):
        create_sample_database(path)
