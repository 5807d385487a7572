"""Benchmarks: `make bench` prints how fast and how good Debrief is, with ratios to the targets."""
