"""What the XLSX and QDPX exports need from the corpus besides the rows: theme and stance names, the scheme."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from voices.export import ExportResult
from voices.schemas import DICT_FIELDS, LIST_FIELDS

log = logging.getLogger(__name__)


def label_names(corpus: Any, query: str, params: Sequence[Any]) -> tuple[list[str], list[str]]:
    """The stances and themes the exported rows carry (predicted themes and probability keys), sorted."""
    if "theme_probabilities" not in query:
        return [], []
    stances = [r[0] for r in corpus.sql(
        f"SELECT DISTINCT stance FROM ({query}) WHERE stance IS NOT NULL ORDER BY 1", params).fetchall()]
    themes: set[str] = {r[0] for r in corpus.sql(
        f"SELECT DISTINCT unnest(themes) FROM ({query}) WHERE themes IS NOT NULL", params).fetchall()}
    for (probs,) in corpus.sql(
            f"SELECT DISTINCT theme_probabilities FROM ({query}) WHERE theme_probabilities IS NOT NULL",
            params).fetchall():
        try:
            themes.update(json.loads(probs))
        except (TypeError, ValueError):
            log.debug("unreadable theme_probabilities %r", probs)
    return stances, sorted(t for t in themes if isinstance(t, str) and t)


def models_scheme(corpus: Any) -> Any:
    """The corpus's own scheme (``voices scheme set``), else the one named by the shipped models that tagged
    the corpus, else None (codes then come from the data)."""
    from voices.models import default_model_dir
    from voices.models.scheme import load_scheme, packaged_scheme, scheme_for
    from voices.store.settings import get_setting

    if get_setting(corpus, "scheme"):  # its definitions, and whether it has themes at all, are the user's
        return scheme_for(corpus)

    ids = {r[0] for r in corpus.sql("SELECT DISTINCT stance_model FROM predictions UNION "
                                    "SELECT DISTINCT themes_model FROM predictions").fetchall()}
    for task in ("stance", "themes"):
        try:
            meta = json.loads((Path(default_model_dir(task)) / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, LookupError) as exc:
            log.debug("no %s model meta: %s", task, exc)
            continue
        name = meta.get("scheme")
        name = name.get("name") if isinstance(name, dict) else name
        if meta.get("model_id") in ids and isinstance(name, str) and packaged_scheme(name) is not None:
            return load_scheme(name)
    return None


def write_binary_export(corpus: Any, selection: tuple[str, Sequence[Any]], rows: Iterable[dict[str, Any]],
                        fields: tuple[str, ...], fmt: str, out: Path) -> ExportResult:
    """Write rows selected by ``selection`` (the export query and its parameters) as XLSX or QDPX."""
    stances, themes = label_names(corpus, *selection)
    if fmt == "xlsx":
        from voices.formats.xlsx import write_export

        done = write_export(rows, fields, themes, out, list_fields=LIST_FIELDS, dict_fields=DICT_FIELDS)
        return ExportResult(done.rows, fields, str(out), cut=done.cut)
    from voices import __version__
    from voices.formats.qdpx import codebook, write_project

    scheme = models_scheme(corpus) if stances or themes else None
    n = write_project(rows, codebook(scheme, stances, themes), out, name=Path(out).stem or "voices",
                      origin=f"voices {__version__}")
    return ExportResult(n, fields, str(out))
