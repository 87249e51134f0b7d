"""Units (镇街, 区直部门, 村居) as the form knows them: a name and a group."""

from __future__ import annotations

UNIT_GROUPS: tuple[str, ...] = ("镇街", "区直部门", "村居")
MAX_NAME_LENGTH = 100


def check_unit_name(name: object) -> str | None:
    """A Chinese reason the name cannot be a unit's, or None."""
    if not isinstance(name, str) or not name.strip():
        return "单位名称不能为空"
    if len(name) > MAX_NAME_LENGTH:
        return f"单位名称过长(最多 {MAX_NAME_LENGTH} 个字)"
    if any(ord(ch) < 32 for ch in name):
        return "单位名称不能含控制字符"
    return None


def check_unit_group(group: object) -> str | None:
    if group not in UNIT_GROUPS:
        return f"单位类别必须是 {'、'.join(UNIT_GROUPS)} 之一,收到的是 {group!r}"
    return None
