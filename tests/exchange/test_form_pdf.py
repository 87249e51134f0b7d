"""The form as PDF through QPdfWriter: pages, size, fonts, content, and the painter the preview reuses."""

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPdfWriter

from tests.exchange.helpers import FORMULA_NAME, STRONG, files_in, record
from yc_desktop.exchange.cjk_fonts import font_families
from yc_desktop.exchange.form_data import FormRecord
from yc_desktop.exchange.form_layout import FANGSONG, HEI, SONG
from yc_desktop.exchange.form_pdf import paint_form, print_forms, write_forms_pdf
from yc_desktop.exchange.safe_io import ExportCancelled

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


def poppler(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


# CJK radicals that pdftotext returns for some Noto CJK glyphs and NFKC leaves alone.
RADICALS = str.maketrans({"⺠": "民"})


def records() -> list[FormRecord]:
    return [record(), record("上城街道办事处", "镇街", own=None, checked=STRONG), record(FORMULA_NAME, "村居")]


def ink(image: QImage) -> float:
    """Share of clearly non-white pixels, sampled on a grid."""
    dark = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            total += 1
            dark += QColor(image.pixel(x, y)).lightness() < 160
    return dark / total


@needs_poppler
def test_one_landscape_a4_page_per_unit(qapp: QGuiApplication, tmp_path: Path) -> None:
    path = tmp_path / "评分表.pdf"
    write_forms_pdf(records(), path)
    assert files_in(tmp_path) == ["评分表.pdf"]
    info = poppler("pdfinfo", str(path))
    assert re.search(r"^Pages:\s+3$", info, re.MULTILINE)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info, re.MULTILINE)
    assert size and float(size[1]) > float(size[2])  # A4, landscape


@needs_poppler
def test_the_figures_and_text_are_on_the_page(qapp: QGuiApplication, tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    write_forms_pdf(records(), path)
    # Noto CJK text extracts with some Kangxi radicals (⼆ for 二): normalise before comparing.
    pages = (
        unicodedata.normalize("NFKC", poppler("pdftotext", str(path), "-"))
        .translate(RADICALS)
        .replace(" ", "")
        .split("\f")
    )
    first = pages[0]
    for expected in (
        "源城分厅建设工作量化评分表",
        "单位:区民政局",
        "99.64",
        "41.25",
        "8.64",
        "11.25",
        "优秀",
        "不合格",
    ):
        assert expected in first, expected
    assert "每增加5个百分点,加1分" in first.replace("\n", "")
    assert "填报单位(盖章)" in first
    assert "101.00" in pages[1]
    assert '=HYPERLINK("http://x","点我")' in pages[2].replace("\n", "")


@needs_poppler
def test_the_page_renders_with_simplified_chinese_fonts(qapp: QGuiApplication, tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    write_forms_pdf(records()[:1], path)
    fonts = poppler("pdffonts", str(path))
    assert "CJKjp" not in fonts and "CJK JP" not in fonts
    poppler("pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "page"))
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert image.width() > image.height()  # landscape
    assert 0.01 < ink(image) < 0.3


def test_fonts_name_chinese_families(qapp: QGuiApplication) -> None:
    for role in (SONG, FANGSONG, HEI):
        families = font_families(role)
        assert families
        assert not any("JP" in family or "KR" in family or "TC" in family for family in families)


def test_cancel_leaves_no_file(qapp: QGuiApplication, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        write_forms_pdf(
            records(), tmp_path / "f.pdf", progress=lambda d, t: seen.append((d, t)), cancel=lambda: len(seen) >= 2
        )
    assert seen == [(1, 3), (2, 3)]
    assert files_in(tmp_path) == []


def test_paint_form_draws_on_any_device(qapp: QGuiApplication) -> None:
    # The print preview hands a QPrinter; any paint device must do. An A4 landscape image at 50 dpi:
    image = QImage(584, 413, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(1969)
    image.setDotsPerMeterY(1969)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_form(painter, record(), QRectF(20, 20, 544, 373))
    painter.end()
    assert 0.01 < ink(image) < 0.4


def test_print_forms_pages_through_a_paged_device(qapp: QGuiApplication, tmp_path: Path) -> None:
    writer = QPdfWriter(str(tmp_path / "p.pdf"))
    seen: list[tuple[int, int]] = []
    print_forms(writer, records(), progress=lambda d, t: seen.append((d, t)))
    del writer
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")


def test_a_form_too_tall_for_its_rectangle_is_scaled_to_fit(qapp: QGuiApplication) -> None:
    image = QImage(584, 413, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(1969)
    image.setDotsPerMeterY(1969)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_form(painter, record(), QRectF(0, 0, 584, 150))
    painter.end()
    assert ink(image.copy(0, 0, 584, 150)) > 0.01
    assert ink(image.copy(0, 152, 584, 261)) == 0
