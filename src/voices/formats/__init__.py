"""File formats people open in other programs: Excel workbooks (``xlsx``) and REFI-QDA projects (``qdpx``).

Writers only: each takes rows already selected (and redacted) by ``voices.export``
or figures from ``voices.report``, and writes one file atomically.
"""
