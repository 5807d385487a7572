"""Run every benchmark section, print it, and write them all to bench/results.md."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
from importlib.metadata import version
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
# Each section is a module whose `run() -> str` returns a markdown section.
SECTIONS = (
    "bench.cold_start",
    "bench.dashboard",
    "bench.questions",
    "bench.transcripts",
    "bench.brief",
    "bench.practice",
)


def _load() -> float:
    """The machine's 1-minute load average: other work running at the same time skews the timings."""
    return os.getloadavg()[0]


def _header(load_before: float, load_after: float) -> str:
    packages = ", ".join(f"{name} {version(name)}" for name in ("duckdb", "pandas", "streamlit", "plotly"))
    cores = os.cpu_count() or 1
    busy = (
        " Other programs were competing for the processor (load above the number of cores), so the "
        "timings are noisier than on an idle machine."
        if max(load_before, load_after) > cores
        else ""
    )
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Written by `make bench` on {dt.date.today():%Y-%m-%d}: {cores} CPU cores, "
            f"Python {platform.python_version()}, {packages}. Load average {load_before:.1f} at the start "
            f"and {load_after:.1f} at the end.{busy}",
        ]
    )


def main() -> None:
    load_before = _load()
    sections = []
    for name in SECTIONS:
        section = importlib.import_module(name).run()
        print(section, flush=True)
        sections.append(section)
    RESULTS.write_text("\n\n".join([_header(load_before, _load()), *sections]) + "\n", encoding="utf-8")
    print(f"\nWrote {RESULTS}")


if __name__ == "__main__":
    main()
