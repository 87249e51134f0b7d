"""Two small charts drawn with QPainter (QtCharts is not in PySide6-Essentials): a unit's four rates against
the year's targets, and a unit's totals across the years.

The charts take core values (UnitScore, Targets, Decimal) and know nothing of the store. Every text is drawn with a
Simplified Chinese font chosen explicitly, since a painter left to itself may pick Japanese glyph shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from yc_desktop.core.rules import RATE_ITEMS
from yc_desktop.core.scoring import UnitScore
from yc_desktop.core.targets import Targets
from yc_desktop.ui.app import CJK_FONT_FAMILIES  # the list the application font is chosen from

SELF_COLOUR = QColor("#9dbcdc")  # 自评: light steel blue
ASSESSOR_COLOUR = QColor("#2d5f8f")  # 考核: the stronger colour, since 考核 is what counts
TARGET_COLOUR = QColor("#c0392b")
TEXT_COLOUR = QColor("#303336")
QUIET_COLOUR = QColor("#6b7075")
GRID_COLOUR = QColor("#e4e6e8")
AXIS_COLOUR = QColor("#9aa0a6")
GRADE_LINE_COLOURS: dict[str, QColor] = {
    "优秀": QColor("#3d8b40"),
    "良好": QColor("#3d6fa8"),
    "合格": QColor("#b07d12"),
}

RATE_LABELS: dict[str, str] = {"onboarding": "网上进驻率", "acceptance": "网上受理率", "completion": "网上办结率"}
COEFFICIENT_LABEL = "满意系数×100"


@cache
def _installed_cjk_families() -> tuple[str, ...]:
    available = set(QFontDatabase.families())
    return tuple(family for family in CJK_FONT_FAMILIES if family in available)


def chart_font(base: QFont, point_delta: float = 0.0, bold: bool = False) -> QFont:
    """`base` with a Simplified Chinese family first and the size changed by `point_delta` points."""
    font = QFont(base)
    families = _installed_cjk_families()
    if families and font.family() not in families:
        font.setFamilies([*families, *font.families()])
    if base.pointSizeF() > 0:
        font.setPointSizeF(max(7.0, base.pointSizeF() + point_delta))
    font.setBold(bold)
    return font


def _number(value: Decimal) -> str:
    return f"{value:f}"


@dataclass(frozen=True, slots=True)
class LegendEntry:
    label: str
    colour: QColor
    line: bool = False  # a dashed line sample instead of a filled box


class ChartBase(QWidget):
    """Title, legend, empty-state text and fonts shared by the charts; subclasses draw the plot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 240)
        self._title = ""
        self._empty_text = "请在左侧表格中选择一个单位"

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    def title(self) -> str:
        return self._title

    def legend(self) -> list[LegendEntry]:
        return []

    def has_data(self) -> bool:
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        area = QRectF(self.rect()).adjusted(12, 8, -12, -8)
        top = self._paint_header(painter, area)
        plot_area = QRectF(area.left(), top, area.width(), area.bottom() - top)
        if self.has_data():
            self._paint_plot(painter, plot_area)
        else:
            painter.setFont(chart_font(self.font()))
            painter.setPen(QUIET_COLOUR)
            painter.drawText(plot_area, Qt.AlignmentFlag.AlignCenter, self._empty_text)
        painter.end()

    def _paint_header(self, painter: QPainter, area: QRectF) -> float:
        """Title on the left, legend on the right; returns where the plot may begin."""
        title_font = chart_font(self.font(), 1.0, bold=True)
        painter.setFont(title_font)
        painter.setPen(TEXT_COLOUR)
        title_height = QFontMetricsF(title_font).height()
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), title_height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.title(),
        )
        legend_font = chart_font(self.font(), -1.0)
        metrics = QFontMetricsF(legend_font)
        painter.setFont(legend_font)
        y = area.top() + title_height + 4
        x = area.right()
        for entry in reversed(self.legend() if self.has_data() else []):
            text_width = metrics.horizontalAdvance(entry.label)
            x -= text_width
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QPointF(x, y + metrics.ascent()), entry.label)
            x -= 22
            middle = y + metrics.height() / 2
            if entry.line:
                pen = QPen(entry.colour, 2, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawLine(QPointF(x, middle), QPointF(x + 18, middle))
            else:
                painter.fillRect(QRectF(x + 3, middle - 6, 12, 12), entry.colour)
            x -= 14
        return y + metrics.height() + 6

    def _paint_plot(self, painter: QPainter, area: QRectF) -> None:
        raise NotImplementedError

    # -- axis helpers ---------------------------------------------------------------------------------------

    def _paint_value_axis(
        self, painter: QPainter, plot: QRectF, maximum: int, step: int, suffix: str, title: str
    ) -> None:
        """Horizontal grid lines with tick labels on the left and the axis title written top to bottom."""
        font = chart_font(self.font(), -1.0)
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        for value in range(0, maximum + 1, step):
            y = plot.bottom() - plot.height() * value / maximum
            painter.setPen(QPen(GRID_COLOUR if value else AXIS_COLOUR, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QUIET_COLOUR)
            label = f"{value}{suffix}"
            painter.drawText(
                QRectF(plot.left() - 46, y - metrics.height() / 2, 40, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
        # Chinese reads well stacked vertically, one character under another, without rotating the text.
        painter.setPen(QUIET_COLOUR)
        line_height = metrics.height()
        column = QRectF(plot.left() - 46 - line_height - 2, 0, line_height, line_height)
        start = plot.center().y() - line_height * len(title) / 2
        for position, character in enumerate(title):
            column.moveTop(start + position * line_height)
            painter.drawText(column, Qt.AlignmentFlag.AlignCenter, character)


@dataclass(frozen=True, slots=True)
class RateBarGroup:
    label: str
    values: tuple[Decimal | None, Decimal | None]  # 自评, 考核 in percent (None: not entered, or no cases)
    missing_text: tuple[str, str]  # what to write where a value is None
    target: Decimal | None  # percent; None for the satisfaction coefficient


class RatesChart(ChartBase):
    """Bars of one unit's 进驻率/受理率/办结率 (%) and 满意系数×100 for 自评 and 考核, the targets as dashed lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratesChart")
        self._unit_name = ""
        self._groups: list[RateBarGroup] = []

    def set_unit(
        self, unit_name: str, self_score: UnitScore | None, assessor_score: UnitScore | None, targets: Targets
    ) -> None:
        self._unit_name = unit_name
        scores = (self_score, assessor_score)
        groups: list[RateBarGroup] = []
        for item in RATE_ITEMS:
            values = tuple(score.rates[item] if score else None for score in scores)
            missing = tuple("无业务量" if score else "未录入" for score in scores)
            groups.append(RateBarGroup(RATE_LABELS[item], values, missing, _percent(targets.get(item))))  # type: ignore[arg-type]
        coefficients = tuple(_coefficient_percent(score) for score in scores)
        missing = tuple("" if score else "未录入" for score in scores)
        groups.append(RateBarGroup(COEFFICIENT_LABEL, coefficients, missing, None))  # type: ignore[arg-type]
        self._groups = groups if any(score is not None for score in scores) else []
        self._empty_text = f"「{unit_name}」尚无数据" if unit_name else "请在左侧表格中选择一个单位"
        self.update()

    def clear(self) -> None:
        self._unit_name = ""
        self._groups = []
        self._empty_text = "请在左侧表格中选择一个单位"
        self.update()

    def groups(self) -> list[RateBarGroup]:
        return list(self._groups)

    def title(self) -> str:
        return f"{self._unit_name} · 四率与目标值" if self._unit_name else "四率与目标值"

    def has_data(self) -> bool:
        return bool(self._groups)

    def legend(self) -> list[LegendEntry]:
        return [
            LegendEntry("自评", SELF_COLOUR),
            LegendEntry("考核", ASSESSOR_COLOUR),
            LegendEntry("目标值", TARGET_COLOUR, line=True),
        ]

    def _paint_plot(self, painter: QPainter, area: QRectF) -> None:
        """Horizontal bars: the Chinese item names and targets read on the left, the values at the bar ends, and
        nothing collides however narrow the pane is (vertical bars ran their labels together below ~500 px).
        """
        small = chart_font(self.font(), -1.0)
        metrics = QFontMetricsF(small)
        line = metrics.height()
        names_width = max(metrics.horizontalAdvance(text) for g in self._groups for text in (g.label, _caption(g)))
        value_width = QFontMetricsF(chart_font(self.font(), -2.0)).horizontalAdvance("100.00") + 10
        plot = QRectF(area.left() + names_width + 14, area.top() + 2, 0, 0)
        plot.setRight(area.right() - value_width)
        plot.setBottom(area.bottom() - line - 6)
        if plot.height() < 60 or plot.width() < 60:
            return
        self._paint_percent_grid(painter, plot, small)
        band = plot.height() / len(self._groups)
        thickness = max(6.0, min(18.0, band * 0.28))
        for index, group in enumerate(self._groups):
            middle = plot.top() + band * (index + 0.5)
            bars = (
                QRectF(plot.left(), middle - thickness - 1, 0, thickness),
                QRectF(plot.left(), middle + 1, 0, thickness),
            )
            target_x: float | None = None
            for bar, value, colour, missing in zip(
                bars, group.values, (SELF_COLOUR, ASSESSOR_COLOUR), group.missing_text, strict=True
            ):
                self._paint_bar(painter, plot, bar, value, colour, missing)
            if group.target is not None:
                target_x = _x_of(plot, group.target)
                painter.setPen(QPen(TARGET_COLOUR, 2, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(target_x, middle - thickness - 6), QPointF(target_x, middle + thickness + 6))
            for bar, value in zip(bars, group.values, strict=True):
                if value is not None:
                    self._paint_bar_value(painter, plot, bar, value, target_x)
            painter.setFont(small)
            painter.setPen(TEXT_COLOUR)
            names = QRectF(area.left(), middle - line, names_width + 6, line)
            right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(names, right, group.label)
            names.moveTop(middle)
            painter.setPen(TARGET_COLOUR if group.target is not None else QUIET_COLOUR)
            painter.drawText(names, right, _caption(group))

    def _paint_percent_grid(self, painter: QPainter, plot: QRectF, font: QFont) -> None:
        """Vertical grid lines every 20 % with their labels under the plot."""
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        for value in range(0, 101, 20):
            x = _x_of(plot, Decimal(value))
            painter.setPen(QPen(GRID_COLOUR if value else AXIS_COLOUR, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(QUIET_COLOUR)
            painter.drawText(
                QRectF(x - 30, plot.bottom() + 4, 60, metrics.height()), Qt.AlignmentFlag.AlignCenter, f"{value}%"
            )

    def _paint_bar(
        self, painter: QPainter, plot: QRectF, bar: QRectF, value: Decimal | None, colour: QColor, missing: str
    ) -> None:
        if value is not None:
            painter.fillRect(
                QRectF(bar.left(), bar.top(), _x_of(plot, min(value, Decimal(100))) - bar.left(), bar.height()), colour
            )
            return
        if missing:
            small = chart_font(self.font(), -2.0)
            painter.setFont(small)
            painter.setPen(QUIET_COLOUR)
            text_rect = QRectF(bar.left() + 4, bar.top() - 2, plot.width(), bar.height() + 4)
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), missing)

    def _paint_bar_value(
        self, painter: QPainter, plot: QRectF, bar: QRectF, value: Decimal, target_x: float | None
    ) -> None:
        """The value at the end of its bar; moved past the target line when the line would cross it."""
        small = chart_font(self.font(), -2.0)
        metrics = QFontMetricsF(small)
        text = _number(value.quantize(Decimal("0.01")))
        width = metrics.horizontalAdvance(text) + 4
        label = QRectF(
            _x_of(plot, min(value, Decimal(100))) + 3, bar.center().y() - metrics.height() / 2, width, metrics.height()
        )
        if target_x is not None and label.left() - 2 <= target_x <= label.right() + 2:
            label.moveLeft(target_x + 4)
        painter.setFont(small)
        _paint_label(painter, label, text, TEXT_COLOUR)


def _caption(group: RateBarGroup) -> str:
    return f"目标 {_number(group.target.normalize())}%" if group.target is not None else "(无目标值)"


def _x_of(plot: QRectF, value: Decimal) -> float:
    return plot.left() + plot.width() * float(value) / 100


def _y_of(plot: QRectF, value: Decimal, maximum: int) -> float:
    return plot.bottom() - plot.height() * float(value) / maximum


def _paint_label(painter: QPainter, rect: QRectF, text: str, colour: QColor) -> None:
    """Text on a faint white backing, so grid and threshold lines running behind it do not cut through it."""
    backing = QColor("white")
    backing.setAlpha(210)
    width = QFontMetricsF(painter.font()).horizontalAdvance(text) + 4
    painter.fillRect(QRectF(rect.center().x() - width / 2, rect.top() + 1, width, rect.height() - 2), backing)
    painter.setPen(colour)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _coefficient_percent(score: UnitScore | None) -> Decimal | None:
    coefficient = score.rates["satisfaction_coefficient"] if score else None
    return None if coefficient is None else coefficient * 100


def _percent(value: Fraction) -> Decimal:
    """A target (exact, at most a few decimals) as a Decimal for drawing and printing."""
    return Decimal(value.numerator) / Decimal(value.denominator)


@dataclass(frozen=True, slots=True)
class YearTotals:
    year: int
    self_total: Decimal | None
    assessor_total: Decimal | None


class TrendChart(ChartBase):
    """One unit's 自评 and 考核 totals over the years, with the grade thresholds as faint lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self._unit_name = ""
        self._points: list[YearTotals] = []
        self._grade_lines: list[tuple[str, Decimal]] = []
        self._maximum = 120

    def set_series(
        self, unit_name: str, points: Sequence[YearTotals], grade_lines: Sequence[tuple[str, Decimal]] = ()
    ) -> None:
        """`grade_lines` are (grade, lowest total) pairs drawn as thresholds, e.g. ("优秀", 90)."""
        self._unit_name = unit_name
        self._points = sorted(points, key=lambda point: point.year)
        self._grade_lines = [(name, value) for name, value in grade_lines if value > 0]
        totals = [t for p in self._points for t in (p.self_total, p.assessor_total) if t is not None]
        self._maximum = max(120, int(-(-max(totals, default=Decimal(0)) // 20) * 20))
        self._empty_text = f"「{unit_name}」尚无得分" if unit_name else "请在左侧表格中选择一个单位"
        self.update()

    def clear(self) -> None:
        self._unit_name = ""
        self._points = []
        self._empty_text = "请在左侧表格中选择一个单位"
        self.update()

    def points(self) -> list[YearTotals]:
        return list(self._points)

    def title(self) -> str:
        return f"{self._unit_name} · 历年总得分" if self._unit_name else "历年总得分"

    def has_data(self) -> bool:
        return any(p.self_total is not None or p.assessor_total is not None for p in self._points)

    def legend(self) -> list[LegendEntry]:
        return [LegendEntry("自评", SELF_COLOUR), LegendEntry("考核", ASSESSOR_COLOUR)]

    def _paint_plot(self, painter: QPainter, area: QRectF) -> None:
        small = chart_font(self.font(), -1.0)
        metrics = QFontMetricsF(small)
        label_height = metrics.height()
        plot = QRectF(area.left() + 64, area.top() + label_height + 4, 0, 0)
        plot.setRight(area.right() - 56)  # room for the grade names at the right end of their lines
        plot.setBottom(area.bottom() - label_height - 6)
        if plot.height() < 40 or not self._points:
            return
        self._paint_value_axis(painter, plot, self._maximum, 20, "", "总得分")
        painter.setFont(small)
        for name, threshold in self._grade_lines:
            y = plot.bottom() - plot.height() * float(threshold) / self._maximum
            colour = GRADE_LINE_COLOURS.get(name, QUIET_COLOUR)
            painter.setPen(QPen(colour, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(colour)
            painter.drawText(
                QRectF(plot.right() + 4, y - label_height / 2, 56, label_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{name} {_number(threshold.normalize())}",
            )
        slot = plot.width() / len(self._points)
        xs = [plot.left() + slot * (index + 0.5) for index in range(len(self._points))]
        painter.setPen(TEXT_COLOUR)
        for x, point in zip(xs, self._points, strict=True):
            painter.drawText(
                QRectF(x - slot / 2, plot.bottom() + 4, slot, label_height),
                Qt.AlignmentFlag.AlignCenter,
                f"{point.year}年",
            )
        series = (
            (SELF_COLOUR, [p.self_total for p in self._points]),
            (ASSESSOR_COLOUR, [p.assessor_total for p in self._points]),
        )
        for colour, values in series:
            self._paint_line(painter, plot, xs, values, colour)
        self._paint_point_labels(painter, plot, xs)

    def _point(self, plot: QRectF, x: float, value: Decimal) -> QPointF:
        return QPointF(x, _y_of(plot, value, self._maximum))

    def _paint_line(
        self, painter: QPainter, plot: QRectF, xs: Sequence[float], values: Sequence[Decimal | None], colour: QColor
    ) -> None:
        """A line through the known values (a gap where a year has none) and a dot on each."""
        points = [None if value is None else self._point(plot, x, value) for x, value in zip(xs, values, strict=True)]
        path = QPainterPath()
        pen_down = False
        for point in points:
            if point is None:
                pen_down = False
            elif pen_down:
                path.lineTo(point)
            else:
                path.moveTo(point)
                pen_down = True
        painter.setPen(QPen(colour, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(colour)
        for point in points:
            if point is not None:
                painter.drawEllipse(point, 4.5, 4.5)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_point_labels(self, painter: QPainter, plot: QRectF, xs: Sequence[float]) -> None:
        """Each year's totals beside their dots: the higher one above, the lower below, so they never cover each
        other or the other dot; equal totals are written once.
        """
        small = chart_font(self.font(), -2.0, bold=True)
        metrics = QFontMetricsF(small)
        painter.setFont(small)
        for x, point in zip(xs, self._points, strict=True):
            labels = [(point.assessor_total, ASSESSOR_COLOUR), (point.self_total, SELF_COLOUR)]
            known = [(value, colour) for value, colour in labels if value is not None]
            if len(known) == 2 and known[0][0] == known[1][0]:
                known = known[:1]
            known.sort(key=lambda pair: pair[0], reverse=True)
            for position, (value, colour) in enumerate(known):
                dot = self._point(plot, x, value)
                text = _number(value)
                width = metrics.horizontalAdvance(text) + 6
                above = position == 0
                top = dot.y() - metrics.height() - 6 if above else dot.y() + 6
                _paint_label(
                    painter, QRectF(dot.x() - width / 2, top, width, metrics.height()), text, colour.darker(130)
                )
