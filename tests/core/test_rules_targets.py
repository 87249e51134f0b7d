from fractions import Fraction
from pathlib import Path

import pytest

from tests.core.helpers import RULES
from yc_desktop.core.rules import RuleSetError, parse_rule_set
from yc_desktop.core.targets import TargetError, Targets, default_targets, with_overrides
from yc_desktop.resources import load_rule_sets, resources_dir

RULE_FILE = resources_dir() / "rules" / "2014暂行.toml"
SEED_CRITERIA_FRAGMENTS = [
    "以市下达的年度目标为标准值,完成标准值的得标准分;低于标准值的,本项目得分为0分。",
    "高于标准值的,每增加5个百分点,加1分;低于标准值的,按完成比例的50%进行计分。本大项加分最高不超过8分。",
    "当无短信评价时,按指数=0.6计算。",
]


def test_shipped_rule_set_is_the_form() -> None:
    assert RULES.name == "2014暂行"
    assert [RULES.items[k].weight for k in ("onboarding", "acceptance", "completion")] == [10, 35, 45]
    assert RULES.satisfaction.weight == 10
    assert RULES.satisfaction.sms_weights["satisfied"] == Fraction(4, 5)  # exact, not 0.8000000000000000444
    assert RULES.items["acceptance"].below_target_factor == Fraction(1, 2)
    assert [g.name for g in RULES.grades] == ["优秀", "良好", "合格", "不合格"]
    text = " ".join(item.criteria for item in RULES.items.values()) + RULES.satisfaction.criteria
    for fragment in SEED_CRITERIA_FRAGMENTS:
        assert fragment in text


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2014, (90, 70, 30)),
        (2015, (90, 80, 40)),
        (2016, (90, 90, 50)),
        (2017, (90, 100, 60)),
        (2020, (90, 100, 90)),
        (2021, (90, 100, 100)),
        (2030, (90, 100, 100)),
        (2010, (90, 70, 30)),
    ],
)
def test_default_targets(year: int, expected: tuple[int, int, int]) -> None:
    assert default_targets(year, RULES) == Targets(*(Fraction(v) for v in expected))


def test_overrides() -> None:
    base = default_targets(2014, RULES)
    assert with_overrides(base, {"acceptance": 65}).acceptance == 65
    assert with_overrides(base, {"acceptance": 65}).completion == 30
    for bad in (-1, 101, "70", True, 70.0, None):
        with pytest.raises(TargetError):
            with_overrides(base, {"acceptance": bad})
    with pytest.raises(TargetError):
        with_overrides(base, {"satisfaction": 50})


def _mutated(old: str, new: str) -> str:
    text = RULE_FILE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("weight = 35", 'weight = "35"', "items.acceptance.weight"),
        ("weight = 35\n", "", "items.acceptance.weight"),
        ("below_target_factor = 0.5", "below_target_factor = 1.5", "items.acceptance.below_target_factor"),
        ("min_total = 70", "min_total = 95", "grades"),
        ('name = "2014暂行"', "name = 3", "name"),
        ("[decisions]", "[decisions", "格式错误"),
        ("min_total = 0", "min_total = 10", "grades"),
    ],
)
def test_malformed_rule_file_is_refused_with_the_key(old: str, new: str, key: str) -> None:
    with pytest.raises(RuleSetError) as info:
        parse_rule_set(_mutated(old, new), "坏规则.toml")
    assert "坏规则.toml" in str(info.value)
    assert key in str(info.value)


def test_new_rule_set_needs_no_code(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(RULE_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.toml").write_text(
        _mutated('name = "2014暂行"', 'name = "2018修订"').replace("bonus_cap = 8", "bonus_cap = 5"), encoding="utf-8"
    )
    sets = load_rule_sets(tmp_path)
    assert set(sets) == {"2014暂行", "2018修订"}
    assert sets["2018修订"].items["acceptance"].bonus_cap == 5
    assert sets["2018修订"].max_total == 10 + 40 + 50 + 10


def test_duplicate_rule_set_names_refused(tmp_path: Path) -> None:
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(RULE_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RuleSetError, match="重复"):
        load_rule_sets(tmp_path)


def test_empty_rules_folder_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError):
        load_rule_sets(tmp_path)
