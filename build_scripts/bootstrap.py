"""Set up and run: `python3 build_scripts/bootstrap.py run|test [args...]` on a fresh machine.

Creates `.venv` beside the project, installs the project (and, for `test`, its test extra) into it, and on
Debian/Ubuntu installs the system libraries Qt needs even offscreen. Standard library only, so it runs before
anything is installed. Works the same on Windows (`py -3 build_scripts\\bootstrap.py run`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
# Qt's xcb/offscreen plugins and CJK fonts for rendering Chinese (see README).
DEBIAN_PACKAGES = [
    "libegl1",
    "libgl1",
    "libx11-6",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-render0",
    "libxcb-shape0",
    "libxcb-util1",
    "libxcb-xkb1",
    "fonts-noto-cjk",
]


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _dpkg_installed(name: str) -> bool:
    query = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False)
    return query.stdout.strip() == "install ok installed"


def ensure_debian_packages() -> None:
    if not sys.platform.startswith("linux") or shutil.which("dpkg-query") is None:
        return
    missing = [name for name in DEBIAN_PACKAGES if not _dpkg_installed(name)]
    if not missing:
        return
    prefix = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if prefix is None or shutil.which("apt-get") is None:
        say(f"缺少系统库,请先安装 / missing system packages, install them first: {' '.join(missing)}")
        return
    say(f"installing system packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*prefix, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def ensure_venv(extra: str) -> Path:
    python = venv_python()
    if not python.exists():
        say(f"creating {VENV}")
        try:
            venv.create(VENV, with_pip=True)
        except (subprocess.CalledProcessError, OSError) as exc:
            sys.exit(
                f"[bootstrap] 无法创建虚拟环境 / cannot create a venv ({exc}); on Debian: apt-get install python3-venv"
            )
    spec = f".[{extra}]" if extra else "."
    stamp = VENV / f".installed-{extra or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        say(f"installing {spec} into {VENV}")
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", spec], check=True, cwd=ROOT)
        stamp.write_text(digest)
    return python


def run_tests(python: Path, args: list[str]) -> int:
    steps = [
        ("ruff", [str(python), "-m", "ruff", "check", "."]),
        ("mypy (core, strict)", [str(python), "-m", "mypy", "yc_desktop/core"]),
        ("pytest", [str(python), "-m", "pytest", *args]),
    ]
    for name, command in steps:
        say(f"running {name}")
        code = subprocess.run(command, cwd=ROOT, check=False).returncode
        if code != 0:
            say(f"{name} failed with exit status {code}")
            return code
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    ensure_debian_packages()
    if action == "test":
        return run_tests(ensure_venv("test"), rest)
    python = ensure_venv("")
    return subprocess.run([str(python), "-m", "yc_desktop", *rest], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
