"""The appendix form painted with Qt: one A4 landscape page per unit, the same rows as the xlsx.

`paint_form` draws one form into a rectangle of any paint device and `print_forms` pages through many on any
QPagedPaintDevice, so the UI's print preview (a QPrinter) shows exactly what `write_forms_pdf` writes.
QtGui only — exports never use widgets. Row heights come from Qt's own text layout, so no line is cut off; a
form that would not fit the page (a very long unit name) is scaled down as a whole.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from yc_desktop.exchange.cjk_fonts import cjk_font
from yc_desktop.exchange.form_data import FormRecord
from yc_desktop.exchange.form_layout import COLUMNS, STYLES, FormCell, display_text, form_rows
from yc_desktop.exchange.safe_io import (
    CancelCallback,
    ExportError,
    ProgressCallback,
    atomic_write,
    check_cancel,
    report,
)

PDF_RESOLUTION = 600  # dots per inch of the PDF's coordinate system; fine enough for exact text placement
CELL_PADDING_PT = 4
LINE_SPACING = 1.35  # at least this many ems per line, whatever the font's own leading (SimSun has little)
BORDER_PT = 0.75

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft,
    "center": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
}


def form_page_layout() -> QPageLayout:
    """A4 landscape with the margins the form is designed for."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        QMarginsF(15, 12, 15, 12),
        QPageLayout.Unit.Millimeter,
    )


@cache
def _font(style_key: str) -> QFont:
    style = STYLES[style_key]
    return cjk_font(style.font, style.size, style.bold)


@dataclass
class _PlacedText:
    layout: QTextLayout
    height: float


def _layout_text(cell: FormCell, width: float, painter: QPainter, point: float) -> _PlacedText | None:
    text = display_text(cell)
    if not text:
        return None
    style = STYLES[cell.style]
    font = QFont(_font(cell.style))  # a copy: the cached font may be in use on another thread
    # QTextLayout breaks lines only at U+2028, not at "\n".
    layout = QTextLayout(text.replace("\n", "\u2028"), font, painter.device())
    option = QTextOption(_ALIGN[style.align])
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    step = style.size * point * LINE_SPACING
    y = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line_step = max(line.height(), step)
        line.setPosition(QPointF(0, y + (line_step - line.height()) / 2))
        y += line_step
    layout.endLayout()
    return _PlacedText(layout, y)


def paint_form(painter: QPainter, record: FormRecord, rect: QRectF) -> None:
    """Draw one unit's form into `rect` (device coordinates of the painter's device)."""
    point = painter.device().logicalDpiY() / 72  # device units per typographic point
    padding = CELL_PADDING_PT * point
    total_width = sum(column.width for column in COLUMNS)
    edges = [
        rect.width() * sum(column.width for column in COLUMNS[:index]) / total_width
        for index in range(len(COLUMNS) + 1)
    ]
    rows = []
    for row in form_rows(record):
        placed = []
        height = row.min_height * point
        for cell in row.cells:
            left, right = edges[cell.column], edges[cell.column + cell.span]
            text = _layout_text(cell, right - left - 2 * padding, painter, point)
            if text is not None:
                height = max(height, text.height + 2 * padding)
            placed.append((cell, left, right, text))
        rows.append((height, placed))
    needed = sum(height for height, _ in rows)
    scale = min(1.0, rect.height() / needed) if needed else 1.0

    painter.save()
    painter.translate(rect.left() + rect.width() * (1 - scale) / 2, rect.top())
    painter.scale(scale, scale)
    pen = QPen(Qt.GlobalColor.black)
    pen.setWidthF(BORDER_PT * point)
    painter.setPen(pen)
    top = 0.0
    for height, placed in rows:
        for cell, left, right, text in placed:
            style = STYLES[cell.style]
            if style.boxed:
                painter.drawRect(QRectF(left, top, right - left, height))
            if text is None:
                continue
            free = height - 2 * padding - text.height
            offset = {"top": 0.0, "center": free / 2, "bottom": free}[style.valign]
            text.layout.draw(painter, QPointF(left + padding, top + padding + offset))
        top += height
    painter.restore()


def print_forms(
    device: QPagedPaintDevice,
    records: Sequence[FormRecord],
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    set_layout: bool = True,
) -> None:
    """Paint one page per unit on `device` (a QPdfWriter, or the QPrinter of a print preview).

    With set_layout the device is switched to A4 landscape first (a printer the user set up may keep its own).
    """
    if set_layout:
        device.setPageLayout(form_page_layout())
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("无法开始输出页面(输出设备不可用)。")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = len(records)
        for index, record in enumerate(records):
            check_cancel(cancel)
            if index and not device.newPage():
                raise ExportError("无法新建页面(磁盘空间可能不足)。")
            paint_form(painter, record, QRectF(0, 0, device.width(), device.height()))
            report(progress, index + 1, total)
    finally:
        painter.end()


def write_forms_pdf(
    records: Sequence[FormRecord],
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> None:
    """A PDF with one A4 landscape page per unit. Needs a QGuiApplication (fonts); safe off the UI thread."""
    if not records:
        raise ExportError("没有可导出的单位。")
    if QGuiApplication.instance() is None:
        raise RuntimeError("write_forms_pdf needs a QGuiApplication")
    with atomic_write(path) as temp:
        writer = QPdfWriter(str(temp))
        writer.setResolution(PDF_RESOLUTION)
        writer.setTitle(records[0].rules.title)
        writer.setCreator("yc-desktop")
        print_forms(writer, records, progress, cancel)
        del writer  # closes the file before it is flushed and renamed
