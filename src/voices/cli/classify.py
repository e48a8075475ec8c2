"""voices classify (stub: being written)."""
