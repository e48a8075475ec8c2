"""voices ingest (stub: being written)."""
