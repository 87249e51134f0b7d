"""Timing helpers: medians of repeated runs, wall time of subprocesses, and the printed table."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def median_seconds(action: Callable[[], object], repeat: int, warmup: int = 1) -> tuple[float, list[float]]:
    """Median wall time of `action` over `repeat` runs after `warmup` unmeasured ones; all samples too."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), samples


def environment(**extra: str) -> dict[str, str]:
    """Offscreen Qt, the checkout first on the import path, no display: every measured process gets the same."""
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "build_scripts")]),
        PYTHONIOENCODING="utf-8",
        **extra,
    )
    return env


def run(command: Sequence[str], env: dict[str, str] | None = None, timeout: float = 600) -> str:
    """Run a process to completion; its standard output, or an error naming the command."""
    result = subprocess.run(
        list(command),
        env=env or environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def process_seconds(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall time of one process from spawn to exit."""
    started = time.perf_counter()
    run(command, env)
    return time.perf_counter() - started


def alternating_medians(
    commands: dict[str, Sequence[str]], repeat: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median process wall time per command, the commands interleaved so drift (cache, thermal) hits all alike."""
    for command in commands.values():  # warm the page cache: "cold" here means a new process, not a cold disk
        run(command, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            samples[name].append(process_seconds(command, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def python() -> str:
    return sys.executable


@dataclass
class Row:
    figure: str
    measured: str
    baseline: str = "—"
    ratio: str = "—"
    target: str = ""
    met: bool | None = None  # None: informational, no target
    note: str = ""


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def print_table(rows: Sequence[Row], out: Callable[[str], None] = print) -> None:
    """A plain-text table, widths measured in display columns (a CJK character takes two)."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    def pad(text: str, size: int) -> str:
        return text + " " * (size - width(text))

    header = ("figure", "measured", "baseline (same run)", "ratio", "target", "result")
    cells = [
        (r.figure, r.measured, r.baseline, r.ratio, r.target, "—" if r.met is None else "met" if r.met else "MISSED")
        for r in rows
    ]
    sizes = [max(width(line[i]) for line in [header, *cells]) for i in range(len(header))]
    rule = "+".join("-" * (s + 2) for s in sizes)
    out(f"+{rule}+")
    out("| " + " | ".join(pad(h, s) for h, s in zip(header, sizes, strict=True)) + " |")
    out(f"+{rule}+")
    for line in cells:
        out("| " + " | ".join(pad(c, s) for c, s in zip(line, sizes, strict=True)) + " |")
    out(f"+{rule}+")
    notes = [f"- {r.figure}: {r.note}" for r in rows if r.note]
    if notes:
        out("notes:")
        for note in notes:
            out(note)
