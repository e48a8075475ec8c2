"""voices evaluate (stub: being written)."""
