"""voices report (stub: being written)."""
