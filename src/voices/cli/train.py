"""voices train (stub: being written)."""
