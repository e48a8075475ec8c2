"""Reading comment threads and consultation exports into the corpus.

One generator module per input format, each yielding ``voices.schemas.Record``
in document order (parents before replies):

| format         | module             | input                                            |
|----------------|--------------------|--------------------------------------------------|
| ``textpage``   | ``textpage``       | a comment page copied as plain text              |
| ``guardian``, ``disqus``, ``mumsnet``, ``reddit``, ``wordpress-com``, ``generic`` | ``pages`` | comments copied from those sites (Reddit: or its JSON) |
| ``wxr``        | ``wxr``            | a WordPress export (WXR XML)                     |
| ``html``       | ``html``           | a saved page with WordPress comment markup       |
| ``consultation`` | ``consultation`` | consultation responses, CSV or XLSX (column roles: ``consultation_columns``) |
| ``records``    | ``records``        | generic CSV/JSONL with a ``text`` field          |
| ``voices``     | ``exported``       | voices' own CSV/JSONL/Parquet exports, read back |

``sniff`` picks the format; ``encoding`` decodes text without mangling it; the
use case ``ingest_paths`` puts it all in the corpus in one transaction.
"""

from voices.ingest.base import FORMATS, IngestOptions
from voices.ingest.pipeline import ingest_paths
from voices.ingest.result import FileResult, IngestProgress, IngestResult
from voices.ingest.sniff import sniff

__all__ = [
    "FORMATS",
    "FileResult",
    "IngestOptions",
    "IngestProgress",
    "IngestResult",
    "ingest_paths",
    "sniff",
]
