"""Build the program with PyInstaller and smoke-test the result: `python3 build_scripts/build.py [--onefile]`.

Builds `dist/yc-desktop/` (one folder: the program and its `_internal/` folder) on the machine it runs on, Windows
or Linux, then runs the built program's `--self-test` and fails the build when it fails. With `--onefile` it also
builds `dist/onefile/yc-desktop[.exe]`, one self-extracting file (smaller to hand around, ~1 s slower to start).

Which Python builds: the one running this script when it can import the program's dependencies (a venv, CI);
otherwise the checkout's `.venv`, set up the way `bootstrap.py` sets it up. PyInstaller is installed into that
interpreter when missing. Standard library only, so it starts anywhere.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_scripts" / "yc-desktop.spec"
NAME = "yc-desktop"
PYINSTALLER = "pyinstaller>=6.10,<7"
REQUIRED_MODULES = ("PySide6", "openpyxl", "peewee", "defusedxml")
SELF_TEST_TIMEOUT_S = 300
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def say(message: str) -> None:
    print(f"[build] {message}", flush=True)


def executable(folder: Path) -> Path:
    return folder / (f"{NAME}.exe" if os.name == "nt" else NAME)


def folder_size(path: Path) -> int:
    """Bytes on disk as the user downloads them (symbolic links count as nothing)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)"


# -- which Python -------------------------------------------------------------------------------------------------


def _has_dependencies() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in REQUIRED_MODULES)


def builder_python() -> Path:
    """This interpreter if it has the program's dependencies, else the checkout's .venv (created if needed)."""
    if _has_dependencies():
        return Path(sys.executable)
    sys.path.insert(0, str(ROOT / "build_scripts"))
    import bootstrap  # the same .venv the README's run/test commands use

    say(f"{sys.executable} lacks {', '.join(REQUIRED_MODULES)}; using {bootstrap.VENV}")
    bootstrap.ensure_debian_packages()
    return bootstrap.ensure_venv("")


def ensure_pyinstaller(python: Path) -> None:
    probe = subprocess.run([str(python), "-c", "import PyInstaller"], capture_output=True, check=False)
    if probe.returncode != 0:
        say(f"installing {PYINSTALLER} into {python}")
        subprocess.run([str(python), "-m", "pip", "install", "-q", PYINSTALLER], check=True)


# -- building and testing -----------------------------------------------------------------------------------------


def pyinstaller(python: Path, dist: Path, work: Path, onefile: bool) -> Path:
    """Run the spec; returns the built program (the folder, or the single file)."""
    command = [
        str(python),
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    if onefile:
        command += ["--", "--onefile"]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    built = executable(dist) if onefile else dist / NAME
    say(f"built {built} in {time.perf_counter() - started:.0f} s: {megabytes(folder_size(built))}")
    return built


def self_test(program: Path) -> bool:
    """The built program's own --self-test (offscreen on a machine without a display)."""
    say(f"running {program} --self-test")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    try:
        result = subprocess.run([str(program), "--self-test"], env=env, timeout=SELF_TEST_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        say(f"self-test did not finish within {SELF_TEST_TIMEOUT_S} s")
        return False
    say("self-test passed" if result.returncode == 0 else f"self-test FAILED (exit status {result.returncode})")
    return result.returncode == 0


def build(dist: Path, work: Path, onefile: bool, test: bool) -> int:
    python = builder_python()
    ensure_pyinstaller(python)
    folder = pyinstaller(python, dist, work / "onedir", onefile=False)
    programs = [executable(folder)]
    if onefile:
        programs.append(pyinstaller(python, dist / "onefile", work / "onefile", onefile=True))
    if test and not all([self_test(program) for program in programs]):  # every variant reports, even after a failure
        return 1
    say(f"done: {', '.join(str(p) for p in programs)}")
    return 0


# -- the icon -----------------------------------------------------------------------------------------------------


def make_icons(folder: Path) -> None:
    """resources/icons/yc-desktop.png (256 px) and .ico (every size drawn on its own), painted with Qt."""
    import struct

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])

    def draw(size: int) -> bytes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        margin = size * 0.04
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#b3261e"))  # the red of official forms and seals
        painter.drawRoundedRect(QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18)
        painter.setBrush(QColor("#f6c343"))  # three rising bars: scores and ranking
        for index, height in enumerate((0.16, 0.24, 0.32)):
            width = size * 0.12
            left = size * (0.20 + index * 0.22)
            painter.drawRect(QRectF(left, size * (0.84 - height), width, size * height))
        font = QFont(["Noto Sans CJK SC", "Microsoft YaHei", "SimHei", "PingFang SC"])
        font.setPixelSize(max(8, int(size * 0.46)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, size * 0.04, size, size * 0.56), Qt.AlignmentFlag.AlignCenter, "评")
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())

    folder.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in ICON_SIZES}
    (folder / f"{NAME}.png").write_bytes(images[256])
    # An .ico of PNG entries (Windows Vista and later), so no image library is needed to write it.
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images.items():
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    (folder / f"{NAME}.ico").write_bytes(header + entries + blobs)
    del app
    say(f"wrote {folder / f'{NAME}.png'} and {folder / f'{NAME}.ico'}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--onefile", action="store_true", help="also build the one-file variant (dist/onefile/)")
    parser.add_argument("--no-self-test", dest="test", action="store_false", help="skip the built program's self-test")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work folder")
    parser.add_argument("--icons", action="store_true", help="only redraw resources/icons from code, then stop")
    args = parser.parse_args(argv)
    if args.icons:
        make_icons(ROOT / "resources" / "icons")
        return 0
    if args.dist.resolve() == ROOT.resolve():
        parser.error("--dist must not be the checkout itself")
    shutil.rmtree(args.dist / NAME, ignore_errors=True)  # never ship files left from an earlier build
    try:
        return build(args.dist.resolve(), args.work.resolve(), args.onefile, args.test)
    except subprocess.CalledProcessError as exc:
        say(f"failed: {' '.join(map(str, exc.cmd))} exited with status {exc.returncode}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
