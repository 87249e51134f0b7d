"""Chinese fonts for painting with Qt, chosen explicitly from fallback lists.

Left to itself Qt may draw Chinese with Japanese glyph shapes (Noto Sans CJK JP) when no zh locale is set, so
every font names simplified-Chinese families: the Windows fonts the form is meant for first (宋体, 仿宋, 黑体),
then common equivalents on macOS and Linux. Needs a QGuiApplication (the font database).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from yc_desktop.exchange.form_layout import FANGSONG, HEI, SONG

_SERIF = ("SimSun", "宋体", "NSimSun", "新宋体", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC")
_SANS = ("SimHei", "黑体", "Heiti SC", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei")
# Whatever else has simplified-Chinese glyphs, tried last so that no character ends up as a box.
_ANY_CJK = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "WenQuanYi Micro Hei",
)

CANDIDATES: dict[str, tuple[str, ...]] = {
    SONG: _SERIF,
    FANGSONG: ("FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", *_SERIF),
    HEI: _SANS,
}


@cache
def font_families(role: str) -> tuple[str, ...]:
    """The installed families for a role, best first, with general CJK fallbacks after them."""
    installed = set(QFontDatabase.families())
    wanted = dict.fromkeys((*CANDIDATES[role], *_ANY_CJK))
    found = tuple(family for family in wanted if family in installed)
    return found or tuple(wanted)


def cjk_font(role: str, point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(list(font_families(role)))
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font
