"""Named points where the fault-injection suite kills voices with SIGKILL.

Inert unless the environment variable ``VOICES_FAULT_POINT`` names the point: then
the process kills itself there, exactly as a power cut or the OOM killer would
stop it, and the suite (``tests/test_faults.py``) checks that nothing stored was
lost or half-written. The cost when unset is one dictionary lookup per call, and
calls are per batch, never per row.
"""

from __future__ import annotations

import os
import signal

ENV = "VOICES_FAULT_POINT"
POINTS = (
    "ingest.parsing",          # records read, nothing written yet
    "ingest.writing",          # a batch written inside the open transaction
    "ingest.commit",           # every file written, just before COMMIT
    "classify.mid_batch",      # a chunk's cache rows written, its predictions not yet
    "classify.between_chunks",  # a chunk committed, the next not started
    "output.writing",          # an output's temporary written, not yet renamed into place
    "delete.committed",        # a delete's rows gone, the file not yet rewritten
    "delete.rewriting",        # the rewritten copy made, not yet renamed over the corpus
)


def fault_point(name: str) -> None:
    """SIGKILL this process if ``VOICES_FAULT_POINT`` is ``name`` (a no-op otherwise)."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
