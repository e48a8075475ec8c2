"""Stance reports: aggregation (predictions -> ``ReportData``), then renderers.

| module | owns |
|---|---|
| ``aggregate`` | predictions -> ``ReportData``, counted in SQL by ``voices.store.report_docs`` (corpus or frame) |
| ``shares``, ``methods``, ``stance_quotes`` | its stance tables (corrected shares too), methods block and quotes |
| ``stats`` | Wilson intervals, shares corrected by the confusion matrix |
| ``threads``, ``consultation`` | reply dynamics; consultation breakdowns and campaigns |
| ``build`` | ``build_report`` (corpus, frame or dataset) -> ``ReportData`` |
| ``scheme``, ``tagging_models`` | the scheme a report states (and its notes); the models behind it |
| ``formats`` | ``render``: the formats, which are redacted by default, the renderer of each |
| ``table``, ``markdown``, ``html``, ``machine`` | the renderers (terminal, md, one-file HTML, csv/json) |

Example::

    from voices.report import build_report, render
    report = build_report("voices.duckdb", redact=True)
    html = render(report, "html")
"""

from __future__ import annotations

from voices.report.build import build_report
from voices.report.data import ReportData
from voices.report.formats import FORMATS, default_redaction, render

__all__ = ["FORMATS", "ReportData", "build_report", "default_redaction", "render"]
