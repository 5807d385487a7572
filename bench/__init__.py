"""`make bench`: timing sections, each a module with `run() -> str` returning a markdown section."""
