import os
import sys
from pathlib import Path

# tests import their shared fixtures module by name
sys.path.insert(0, str(Path(__file__).parent))

from browser import browser  # noqa: F401  the shared chromium fixture (tests/browser.py)

# The langid model's unpacked copy (voices._langid_cache) goes to a folder of this test run, not the user's cache
if "VOICES_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["VOICES_CACHE_DIR"] = _TEST_CACHE = tempfile.mkdtemp(prefix="voices-test-cache-")
    atexit.register(shutil.rmtree, _TEST_CACHE, True)
