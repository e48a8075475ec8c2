"""The use cases: one plain function per ``voices`` command, also exported from ``voices`` itself.

Each function takes plain arguments, returns a typed result, raises the typed
errors of ``voices.errors`` and reports progress through an optional callback
that receives ``Progress`` events; none prints. The command line is a thin layer
over these functions, so ``voices.classify("study.duckdb")`` does what
``voices classify --corpus study.duckdb`` does.

| function         | command            | returns                       |
|------------------|--------------------|-------------------------------|
| ``ingest``       | ``voices ingest``   | ``voices.ingest.IngestResult`` |
| ``corpus_summary`` | ``voices corpus`` | ``CorpusSummary``              |
| ``export``       | ``voices export``   | ``voices.export.ExportResult`` |
| ``delete``       | ``voices delete``   | ``DeleteResult``               |
| ``train``        | ``voices train``    | ``voices.models.train.TrainResult`` |
| ``evaluate``     | ``voices evaluate`` | ``EvaluateResult``             |
| ``classify``     | ``voices classify`` | ``voices.classify.ClassifyResult`` |
| ``classify_dataset`` | ``voices classify --dataset`` | ``DatasetClassifyResult`` |
| ``report``       | ``voices report``   | ``ReportResult``               |
| ``label``        | ``voices label``    | ``voices.store.labels.Label``  |
| ``label_from``   | ``voices label --from`` | ``LabelImportResult``      |
| ``sample``       | ``voices sample``   | ``SampleResult``               |
| ``review_export`` | ``voices review --export`` | ``ReviewExportResult`` |
| ``review``       | ``voices review``   | ``ReviewResult``               |
| ``scheme_init``  | ``voices scheme init`` | ``SchemeInitResult``        |
| ``scheme_set``   | ``voices scheme set``  | ``SchemeSetResult``         |
| ``quotes``       | ``voices quotes``   | ``QuotesResult``               |
| ``discover_themes`` | ``voices themes discover`` | ``DiscoverResult``     |
| ``adopt_theme``  | ``voices themes adopt`` | ``AdoptResult``            |

Commands that write the corpus first bring a corpus made by an older voices up to
the current schema, in one transaction, and say so with a ``Progress`` event of
stage ``"migrate"``. Reading commands read an older corpus as it is.

Heavy libraries load inside the functions: importing this module is instant.
"""

from voices.api._events import Progress, ProgressCallback, choice, migrate
from voices.api.analysis import classify, classify_dataset
from voices.api.classify_models import load_models
from voices.api.corpus import CorpusSummary, DeleteResult, corpus_summary, delete, export, label
from voices.api.ingesting import ingest, preview, save_mapping
from voices.api.labels import LabelImportResult, ReviewExportResult, SampleResult, label_from, review_export, sample
from voices.api.models import EvaluateResult, evaluate, expand_data_paths, train
from voices.api.quotes import QuotesResult, quotes
from voices.api.reporting import ReportResult, report
from voices.api.review import ReviewResult, review
from voices.api.scheme import SchemeInitResult, SchemeSetResult, scheme_init, scheme_set
from voices.api.themes import AdoptResult, DiscoverResult, adopt_theme, discover_themes

__all__ = [
    "AdoptResult",
    "CorpusSummary",
    "DeleteResult",
    "DiscoverResult",
    "EvaluateResult",
    "LabelImportResult",
    "Progress",
    "ProgressCallback",
    "QuotesResult",
    "ReportResult",
    "ReviewExportResult",
    "ReviewResult",
    "SampleResult",
    "SchemeInitResult",
    "SchemeSetResult",
    "adopt_theme",
    "choice",
    "classify",
    "classify_dataset",
    "corpus_summary",
    "delete",
    "discover_themes",
    "evaluate",
    "expand_data_paths",
    "export",
    "ingest",
    "label",
    "label_from",
    "load_models",
    "migrate",
    "preview",
    "quotes",
    "report",
    "review",
    "review_export",
    "sample",
    "save_mapping",
    "scheme_init",
    "scheme_set",
    "train",
]
