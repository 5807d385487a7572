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
SECTIONS = ("bench.dashboard",)


def _header() -> str:
    packages = ", ".join(f"{name} {version(name)}" for name in ("duckdb", "pandas", "streamlit", "plotly"))
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Written by `make bench` on {dt.date.today():%Y-%m-%d}: {os.cpu_count()} CPU cores, "
            f"Python {platform.python_version()}, {packages}.",
        ]
    )


def main() -> None:
    sections = []
    for name in SECTIONS:
        section = importlib.import_module(name).run()
        print(section, flush=True)
        sections.append(section)
    RESULTS.write_text("\n\n".join([_header(), *sections]) + "\n", encoding="utf-8")
    print(f"\nWrote {RESULTS}")


if __name__ == "__main__":
    main()
