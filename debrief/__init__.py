"""Debrief's domain: the debrief model and validation, the DuckDB store, drafts, demo data, the CLI."""
