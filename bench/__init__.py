"""`make bench`: how fast and how good Debrief is; each section a module with `run() -> str` (markdown)."""
