"""voices label (stub: being written)."""
