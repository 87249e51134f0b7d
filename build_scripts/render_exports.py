"""Render the exports to pictures to look at: `python build_scripts/render_exports.py [OUT_DIR]`.

Writes a sample whole-year workbook (排名 + one form per unit), the ranking workbook and the forms PDF into
OUT_DIR (default out/render), converts the workbook to PDF with LibreOffice (headless; skipped with a note if
`soffice` is missing) and renders every PDF page to PNG with pdftoppm (poppler-utils). For checking layout by
eye: the whole form on one A4 page, Chinese intact, nothing clipped, borders right.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication  # noqa: E402

from yc_desktop.core.figures import Figures  # noqa: E402
from yc_desktop.core.targets import default_targets  # noqa: E402
from yc_desktop.exchange.form_data import FormRecord  # noqa: E402
from yc_desktop.exchange.form_pdf import write_forms_pdf  # noqa: E402
from yc_desktop.exchange.form_xlsx import write_form_workbook  # noqa: E402
from yc_desktop.exchange.ranking_xlsx import write_ranking_workbook  # noqa: E402
from yc_desktop.resources import rule_set  # noqa: E402

# name, group, self figures, assessor figures (the ten counts in SCORING.md order; None: not entered yet)
SAMPLE: list[tuple[str, str, tuple[int, ...] | None, tuple[int, ...] | None]] = [
    ("区民政局", "区直部门", (40, 38, 1000, 760, 350, 10, 5, 2, 1, 3), (40, 38, 1000, 760, 350, 10, 5, 2, 1, 3)),
    ("区人力资源和社会保障局", "区直部门", (52, 50, 2400, 1900, 820, 120, 40, 8, 2, 1), None),
    ("上城街道办事处", "镇街", (30, 27, 1000, 560, 150, 0, 0, 0, 0, 0), (30, 26, 1000, 540, 140, 0, 0, 0, 0, 0)),
    ("埔前镇人民政府", "镇街", (25, 25, 0, 0, 0, 0, 0, 0, 0, 0), (25, 25, 0, 0, 0, 0, 0, 0, 0, 0)),
    ('=HYPERLINK("http://x","点我")', "村居", (12, 11, 300, 240, 100, 30, 10, 0, 0, 0), None),
    ("源城区某某街道某某社区居民委员会网上办事站(试点村居,名称很长用来检查换行与页面缩放)", "村居", None, None),
]


def sample_records() -> list[FormRecord]:
    rules = rule_set()
    targets = default_targets(2014, rules)
    return [
        FormRecord.from_figures(
            name,
            group,
            2014,
            rules,
            targets,
            None if own is None else Figures(*own),
            None if checked is None else Figures(*checked),
        )
        for name, group, own, checked in SAMPLE
    ]


# Linux has no 宋体/仿宋/黑体: map them to the Noto CJK faces of the same kind for LibreOffice, so that the
# converted workbook looks like it will on Windows (serif body text) rather than all in a sans fallback.
FONT_ALIASES = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {aliases}
</fontconfig>
"""
SERIF_NAMES = ("宋体", "SimSun", "仿宋", "FangSong")
SANS_NAMES = ("黑体", "SimHei")


def fontconfig_file(folder: Path) -> Path:
    aliases = [
        f'<alias binding="same"><family>{name}</family><prefer><family>{face}</family></prefer></alias>'
        for names, face in ((SERIF_NAMES, "Noto Serif CJK SC"), (SANS_NAMES, "Noto Sans CJK SC"))
        for name in names
    ]
    path = folder / "fonts.conf"
    path.write_text(FONT_ALIASES.format(aliases="\n  ".join(aliases)), encoding="utf-8")
    return path


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True, env=env)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "render"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    app = QGuiApplication.instance() or QGuiApplication([])
    records = sample_records()
    write_form_workbook(records, out / "forms.xlsx", with_ranking=True)
    write_ranking_workbook(records, out / "ranking.xlsx")
    write_forms_pdf(records, out / "forms.pdf")
    pdfs = [out / "forms.pdf"]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory() as scratch:  # a private profile: works beside a running LibreOffice
            env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(Path(scratch))), "LC_ALL": "zh_CN.UTF-8"}
            profile = Path(scratch, "profile").as_uri()
            for name in ("forms.xlsx", "ranking.xlsx"):
                run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                     "--outdir", str(out / "libreoffice"), str(out / name)], env)  # fmt: skip
                pdfs.append(out / "libreoffice" / name.replace(".xlsx", ".pdf"))
    else:
        print("soffice not found: the xlsx was not converted (apt-get install libreoffice-calc-nogui)")
    for pdf in pdfs:
        prefix = out / (pdf.stem + ("-lo" if pdf.parent.name == "libreoffice" else "-qt"))
        run(["pdftoppm", "-png", "-r", "70", str(pdf), str(prefix)])
    print(f"PNG files in {out}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
