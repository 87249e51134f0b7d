"""Where the shipped resources live (source tree or pyinstaller bundle) and loading the rule sets from them."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from yc_desktop.core.rules import RuleSet, RuleSetError, parse_rule_set

DEFAULT_RULE_SET = "2014暂行"


def resources_dir() -> Path:
    """`resources/` beside the package in a checkout, or inside the frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def load_rule_sets(directory: Path | None = None) -> dict[str, RuleSet]:
    """Every rule set in `directory` (default resources/rules), keyed by name; any bad file → RuleSetError."""
    folder = directory or resources_dir() / "rules"
    rule_sets: dict[str, RuleSet] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleSetError(f"无法读取规则文件「{path.name}」:{exc}") from exc
        rule_set = parse_rule_set(text, path.name)
        if rule_set.name in rule_sets:
            raise RuleSetError(f"规则文件「{path.name}」的名称「{rule_set.name}」与另一个规则文件重复")
        rule_sets[rule_set.name] = rule_set
    if not rule_sets:
        raise RuleSetError(f"在「{folder}」中找不到任何规则文件(*.toml)")
    return rule_sets


@cache
def shipped_rule_sets() -> dict[str, RuleSet]:
    return load_rule_sets()


def rule_set(name: str = DEFAULT_RULE_SET) -> RuleSet:
    sets = shipped_rule_sets()
    if name not in sets:
        raise RuleSetError(f"找不到规则集「{name}」;可用的规则集:{'、'.join(sets)}")
    return sets[name]
