"""The classify use case: tag documents with stance and themes and keep the tags in the corpus.

Two entry points share one code path:

- ``classify_frame(frame, stance, themes)``: pure; rows with the export fields in,
  the same rows plus the prediction fields out. Deterministic, so a Dask worker
  running it on a partition gives exactly what the local path gives.
- ``classify_corpus(corpus_path, ...)``: selects what needs (re)classifying, reads
  it in batches, preprocesses each document once (the ``prepared`` cache, keyed by
  ``voices.nlp.PREPROCESS_VERSION``), runs ``classify_frame``'s core and writes the
  predictions, committing every chunk of 20,000 documents (a run that is cut short
  keeps the chunks it finished, each whole; the next run does the rest).

Articles are never classified as comments. Texts that are not English (Welsh
consultation answers, say) get status ``not_english`` and no stance or themes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from voices._faultpoints import fault_point
from voices._forkpool import ordered_map, worker_count
from voices.errors import InputError, ModelError
from voices.language import ENGLISH, detect_language
from voices.schemas import DOCUMENT_FIELDS, JOIN_FIELDS, PREDICTION_FIELDS

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

__all__ = [
    "CLASSIFY_EXTRA_FIELDS",
    "NO_THEMES",
    "ClassifyResult",
    "classify_corpus",
    "classify_frame",
    "classify_open",
    "load_models",
]

# Columns classify_frame adds after PREDICTION_FIELDS: why a row has no stance, and its language.
CLASSIFY_EXTRA_FIELDS: tuple[str, ...] = ("classification_status", "language")
STATUS_CLASSIFIED = "classified"
STATUS_NOT_ENGLISH = "not_english"
STATUS_ARTICLE = "article"
BATCH_SIZE = 2000
# Below this many documents, worker processes cost more to start than they save.
MIN_PARALLEL_DOCS = 5000
# Documents read from, and written to, the corpus per query.
STORE_CHUNK = 20_000

Progress = Callable[[int, int], None]


@dataclass
class ClassifyResult:
    """What one ``classify_corpus`` call did."""

    classified: int = 0
    up_to_date: int = 0
    articles: int = 0
    not_english: int = 0
    uncertain: int = 0
    prepared_cached: int = 0
    prepared_computed: int = 0
    stance_model: str = ""
    themes_model: str = ""
    sources: list[str] = field(default_factory=list)
    by_stance: dict[str, int] = field(default_factory=dict)
    # task -> {"path", "model_id"}: the models this call made the corpus's defaults (a plain classify uses them)
    new_defaults: dict[str, dict[str, str]] = field(default_factory=dict)
    # why no themes were tagged though the scheme has themes (no themes model fits it); empty otherwise
    themes_not_tagged: str = ""

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


class NoThemes:
    """The themes model of a scheme without themes: every text gets no themes, from no model.

    Stored as a missing themes prediction always was (a non-English text's): ``themes`` an
    empty list, ``theme_probabilities`` ``{}``, and ``themes_model`` NULL, since no model tagged them.
    """

    task = "themes"
    model_id = None
    path = None
    labels: ClassVar[list[str]] = []
    meta: ClassVar[dict[str, Any]] = {}

    @property
    def thresholds(self) -> Any:
        import numpy as np

        return np.zeros(0)

    def probabilities(self, prepared: Sequence[str], shared: dict | None = None) -> Any:
        import numpy as np

        return np.zeros((len(prepared), 0))

    def predict_prepared(self, prepared: Sequence[str]) -> list[Any]:
        from types import SimpleNamespace

        return [SimpleNamespace(labels=[], probabilities={}) for _ in prepared]


NO_THEMES = NoThemes()


def load_models(stance_model: Path | str | None = None, themes_model: Path | str | None = None) -> tuple[Any, Any]:
    """Load the stance and themes models (the shipped ones by default; ``NO_THEMES`` is passed through).

    Raises
    ------
    ModelError
        A directory that does not exist, is not a model, or holds the other task's model.
    """
    from voices.models import default_model_dir, load_model

    loaded = []
    for task, given in (("stance", stance_model), ("themes", themes_model)):
        if given is NO_THEMES:  # a scheme without themes: no model to read
            loaded.append(NO_THEMES)
            continue
        path = Path(given) if given is not None else default_model_dir(task)
        if not path.is_dir():
            raise ModelError(
                f"no {task} model at {path}: give --{task}-model DIR (a `voices train` output)"
                if given is not None
                else f"the shipped {task} model is missing at {path}: reinstall voices or give --{task}-model"
            )
        model = load_model(path)
        if model.task != task:
            raise ModelError(f"{path} holds a {model.task} model, not a {task} model: check --{task}-model")
        loaded.append(model)
    return loaded[0], loaded[1]


def _predict(texts: list[str], prepared: list[str | None], stance: Any, themes: Any,
             as_json: bool = False) -> dict[str, list[Any]]:
    """Predictions for English texts; ``prepared`` items that are None are preprocessed here.

    ``as_json``: the two probability columns as ``_json_dicts`` would write them, not dicts.
    """
    from voices.nlp import preprocess

    missing = [i for i, p in enumerate(prepared) if p is None]
    if missing:
        for i, done in zip(missing, preprocess(texts[i] for i in missing), strict=True):
            prepared[i] = done
    if not prepared:
        return {}
    if hasattr(stance, "probabilities") and hasattr(themes, "probabilities"):
        # One memo for both models: feature blocks they share are computed once.
        shared: dict = {}
        return _stance_columns(stance, stance.probabilities(prepared, shared), as_json) | _theme_columns(
            themes, themes.probabilities(prepared, shared), as_json
        )
    stance_preds = stance.predict_prepared(prepared)
    theme_preds = themes.predict_prepared(prepared)
    columns = {
        "stance": [p.label for p in stance_preds],
        "stance_probability": [float(p.probability) for p in stance_preds],
        "stance_probabilities": [{k: float(v) for k, v in sorted(p.probabilities.items())} for p in stance_preds],
        "stance_uncertain": [bool(p.uncertain) for p in stance_preds],
        "themes": [sorted(p.labels) for p in theme_preds],
        "theme_probabilities": [{k: float(v) for k, v in sorted(p.probabilities.items())} for p in theme_preds],
    }
    if as_json:
        for col in ("stance_probabilities", "theme_probabilities"):
            columns[col] = _json_dicts(columns[col])
    return columns


def _by_name(labels: Sequence[str], probs: Any, as_json: bool = False) -> list[dict[str, float]] | list[str]:
    """Rows of ``probs`` as ``{label: probability}`` dicts with sorted keys (``as_json``: as
    ``_json_dicts`` writes those dicts, made straight from the rows, with no dict per row)."""
    import numpy as np

    order = sorted(range(len(labels)), key=labels.__getitem__)
    names = [labels[j] for j in order]
    rows = probs[:, order].tolist()
    if not as_json:
        return [dict(zip(names, row, strict=True)) for row in rows]
    # a repeated label would be one key of the dict: only distinct labels fill the template
    template = _json_template(tuple(names), (0.0,) * len(names)) if len(set(names)) == len(names) else None
    if template is None or probs.dtype.kind != "f" or not np.isfinite(probs).all():  # as _json_dicts does
        return _json_dicts([dict(zip(names, row, strict=True)) for row in rows])
    return [template % tuple(row) for row in rows]


def _stance_columns(model: Any, probs: Any, as_json: bool = False) -> dict[str, list[Any]]:
    """The stance columns from calibrated probabilities (as ``TrainedModel.predict_prepared``)."""
    labels = model.labels
    best = probs.argmax(1)
    top = probs[range(len(best)), best]
    return {
        "stance": [labels[b] for b in best.tolist()],
        "stance_probability": top.tolist(),
        "stance_probabilities": _by_name(labels, probs, as_json),
        "stance_uncertain": (top < float(model.meta["abstain_threshold"])).tolist(),
    }


def _theme_columns(model: Any, probs: Any, as_json: bool = False) -> dict[str, list[Any]]:
    """The theme columns: themes over their thresholds (sorted), and every probability."""
    import numpy as np

    labels = model.labels
    on = probs >= model.thresholds
    order = sorted(range(len(labels)), key=labels.__getitem__)
    on_sorted = on[:, order]
    names = np.array([labels[j] for j in order], dtype=object)
    return {
        "themes": [names[row].tolist() for row in on_sorted],
        "theme_probabilities": _by_name(labels, probs, as_json),
    }


def _classify_rows(frame: pd.DataFrame, stance: Any, themes: Any, as_json: bool = False) -> pd.DataFrame:
    """The core: ``frame`` (export fields, optional ``prepared``) -> prediction columns, same index.

    ``as_json``: the probability columns as JSON text (``_json_dicts``'s), for the corpus.
    """
    import pandas as pd

    n = len(frame)
    texts = ["" if t is None or t != t else str(t) for t in frame["text"]]
    kinds = list(frame["kind"])
    prepared_in = list(frame["prepared"]) if "prepared" in frame else [None] * n
    language = [None if k == STATUS_ARTICLE else detect_language(t) for k, t in zip(kinds, texts, strict=True)]
    status = [
        STATUS_ARTICLE if k == STATUS_ARTICLE else (STATUS_CLASSIFIED if lang == ENGLISH else STATUS_NOT_ENGLISH)
        for k, lang in zip(kinds, language, strict=True)
    ]
    todo = [i for i, s in enumerate(status) if s == STATUS_CLASSIFIED]
    prepared = [prepared_in[i] if isinstance(prepared_in[i], str) else None for i in todo]
    preds = _predict([texts[i] for i in todo], prepared, stance, themes, as_json) if todo else {}
    out: dict[str, list[Any]] = {
        "stance": [None] * n,
        "stance_probability": [float("nan")] * n,
        "stance_probabilities": [None] * n,
        "stance_uncertain": [None] * n,
        "themes": [[] for _ in range(n)],
        "theme_probabilities": ["{}"] * n if as_json else [{} for _ in range(n)],
    }
    for col, values in preds.items():
        for i, v in zip(todo, values, strict=True):
            out[col][i] = v
    tagged = [s != STATUS_ARTICLE for s in status]
    result = pd.DataFrame(out, index=frame.index)
    result["stance_uncertain"] = result["stance_uncertain"].astype("boolean")
    result["stance_model"] = [stance.model_id if t else None for t in tagged]
    result["themes_model"] = [themes.model_id if t else None for t in tagged]
    result["classification_status"] = status
    result["language"] = language
    column: list[str | None] = [None] * n
    for i, p in zip(todo, prepared, strict=True):
        column[i] = p
    # set whole (object, as before): 20,000 single-cell writes with .iat took 0.3 s
    result["prepared"] = pd.Series(column, index=frame.index, dtype=object)
    return result


def classify_frame(frame: pd.DataFrame, stance: Any, themes: Any) -> pd.DataFrame:
    """Tag rows with stance and themes: the export fields in, the same rows plus predictions out.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with at least ``DOCUMENT_FIELDS`` (``kind`` and ``text`` are read).
    stance, themes : voices.models.TrainedModel
        Loaded models (``load_models``); anything with ``model_id`` and
        ``predict_prepared`` works.

    Returns
    -------
    pandas.DataFrame
        The same rows (same index and order) with columns ``DOCUMENT_FIELDS`` (and the
        ``JOIN_FIELDS`` the frame has, never read), ``PREDICTION_FIELDS`` and ``CLASSIFY_EXTRA_FIELDS``. Articles get status
        ``article`` and no tags; non-English texts get status ``not_english``, no
        stance (``stance_probability`` NaN, ``stance_uncertain`` NA) and no themes, but
        carry the model ids, so they count as done. Deterministic: the same rows
        give the same output, whatever the partitioning.

    Examples
    --------
    >>> stance, themes = load_models()  # doctest: +SKIP
    >>> classify_frame(frame, stance, themes)[["id", "stance", "themes"]]  # doctest: +SKIP
    """
    missing = [f for f in ("kind", "text") if f not in frame.columns]
    if missing:
        raise InputError(f"classify_frame needs the export fields; missing {', '.join(missing)}")
    result = _classify_rows(frame, stance, themes)
    out = frame.reindex(columns=[*DOCUMENT_FIELDS, *(f for f in JOIN_FIELDS if f in frame.columns)]).copy()
    for col in (*PREDICTION_FIELDS, *CLASSIFY_EXTRA_FIELDS):
        out[col] = result[col]
    return out


def _parse_since(since: str | date | None) -> str | None:
    if since is None or isinstance(since, date):
        return since.isoformat() if since else None
    try:
        return datetime.fromisoformat(since).date().isoformat() if "T" in since else date.fromisoformat(since).isoformat()
    except ValueError:
        raise InputError(f"--since {since!r} is not a date: use YYYY-MM-DD") from None


def classify_corpus(
    corpus_path: Path | str,
    source_ids: Sequence[str] | None = None,
    since: str | date | None = None,
    stance_model: Path | str | Any | None = None,
    themes_model: Path | str | Any | None = None,
    force: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    n_process: int = -1,
) -> ClassifyResult:
    """Classify the corpus's new documents (or every one with ``force``), committing chunk by chunk.

    Parameters
    ----------
    corpus_path : path
        The corpus file.
    source_ids : sequence of str or None
        Only these sources (ids or unique prefixes); None for all.
    since : str or date or None
        Only documents posted on or after this date (``YYYY-MM-DD``).
    stance_model, themes_model : path, loaded model or None
        Model directories (or loaded models); None for the shipped models.
    force : bool
        Reclassify every document, even those this model already tagged (``--all``).
    progress : callable(done, total) or None
        Called after each batch.
    batch_size : int
        Documents read, preprocessed and predicted at a time (memory stays flat).
    n_process : int
        Worker processes that preprocess and predict (-1: one per core). Jobs of
        fewer than ``MIN_PARALLEL_DOCS`` documents run in this process.

    Returns
    -------
    ClassifyResult

    Raises
    ------
    voices.errors.NotFoundError
        An unknown source id.
    voices.errors.ModelError
        A missing or broken model directory.
    voices.errors.CorpusError, voices.errors.CorpusBusyError
        No corpus, a newer schema, or another process holds it.
    """
    from voices.store import Corpus

    since_iso = _parse_since(since)
    if not Path(corpus_path).exists():
        from voices.errors import CorpusError

        raise CorpusError(f"no corpus at {corpus_path}: ingest something first (voices ingest FILE)")
    with Corpus.open(corpus_path, write=True, create=False) as corpus:
        result = classify_open(corpus, source_ids, since_iso, stance_model, themes_model, force, progress,
                               batch_size, n_process)
    return result


def classify_open(
    corpus: Any,
    source_ids: Sequence[str] | None = None,
    since: str | date | None = None,
    stance_model: Path | str | Any | None = None,
    themes_model: Path | str | Any | None = None,
    force: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    n_process: int = -1,
) -> ClassifyResult:
    """``classify_corpus`` in a corpus the caller holds open for writing (``Corpus.open(..., write=True)``).

    For a use case that reads and writes the corpus around the classification: each open
    of the corpus costs 30-50 ms, a tenth of a short ``voices classify``. Parameters,
    result and errors as ``classify_corpus``'s.
    """
    from voices.nlp import PREPROCESS_VERSION
    from voices.store import predictions as store

    since_iso = _parse_since(since)
    # the corpus and the sources are checked before the (slower) models load
    sources = corpus.resolve_sources(source_ids) if source_ids else None
    stance, themes = _models(stance_model, themes_model)
    result = ClassifyResult(stance_model=stance.model_id, themes_model=themes.model_id or "")
    # Tags are committed chunk by chunk: one transaction over a million documents held
    # gigabytes of uncommitted rows in memory, and a classify cut short keeps what it
    # finished (the next run picks up the rest; nothing is half-written).
    todo, result.up_to_date = store.pending_ids(
        corpus, sources, since_iso, stance.model_id, themes.model_id, force
    )
    result.articles = store.count_articles(corpus, sources)
    store.save_model_meta(corpus, stance.model_id, getattr(stance, "meta", {}) or {})
    if themes.model_id is not None:  # NO_THEMES: no model tagged the themes, none to cite
        store.save_model_meta(corpus, themes.model_id, getattr(themes, "meta", {}) or {})
    touched: set[str] = set()
    # The corpus is read and written in chunks of several batches: DuckDB's cost per
    # query is mostly fixed (27 us/doc at 2,000 docs a query, 7 at 20,000: measured).
    chunk = max(1, STORE_CHUNK // batch_size) * batch_size
    batches = _split(
        (store.fetch_documents(corpus, todo[i : i + chunk], PREPROCESS_VERSION)
         for i in range(0, len(todo), chunk)),
        batch_size,
    )
    done: list = []
    tagged = 0
    workers = _workers(n_process, len(todo), batch_size)
    if workers > 1:  # built once here and shared by fork, not once per worker
        _load_for_workers()
    # Each worker preprocesses and predicts whole batches while this process reads and writes.
    for batch, tags in ordered_map(_tag_for_store, batches, workers, (stance, themes),
                                   payload=lambda b: b[["kind", "text", "prepared"]]):
        done.append((batch, tags))
        tagged += len(batch)
        if sum(len(b) for b, _ in done) >= chunk:
            _store_batches(corpus, done, result, PREPROCESS_VERSION, touched)
        if progress is not None:
            progress(tagged, len(todo))
    _store_batches(corpus, done, result, PREPROCESS_VERSION, touched)
    result.sources = sorted(touched)
    log.info("classified %d documents (%d already up to date)", result.classified, result.up_to_date)
    return result


def _models(stance_model: Any, themes_model: Any) -> tuple[Any, Any]:
    loaded = [m if hasattr(m, "predict_prepared") else None for m in (stance_model, themes_model)]
    if all(loaded):
        return loaded[0], loaded[1]
    paths = [None if m is not None else p for m, p in zip(loaded, (stance_model, themes_model), strict=True)]
    fresh = load_models(*paths) if any(m is None for m in loaded) else (None, None)
    return loaded[0] or fresh[0], loaded[1] or fresh[1]


def _workers(n_process: int, n_docs: int, batch_size: int) -> int:
    if n_docs < MIN_PARALLEL_DOCS or n_docs <= batch_size:
        return 1
    return worker_count(n_process, -(-n_docs // batch_size))


def _load_for_workers() -> None:
    """The per-process state every batch needs: spaCy's tokenizer and the language model."""
    from voices.language import load_identifier
    from voices.nlp.preprocess import load_normaliser

    load_normaliser()
    load_identifier()


def _tag_for_store(models: tuple[Any, Any], batch: pd.DataFrame) -> pd.DataFrame:
    """A batch's tags, with the dict columns already JSON (so the parent only writes them)."""
    return _classify_rows(batch, *models, as_json=True)


def _json_dicts(values) -> list[str | None]:
    """``json.dumps(v, sort_keys=True)`` of each dict (None stays None), five times faster.

    The dicts of one column share their keys, so each key set becomes a ``%``-template
    once; probabilities are Python floats, whose ``repr`` is what ``json`` writes. A
    value that is not finite (NaN, infinity) is written as ``null``: the text is always
    valid JSON.

    >>> _json_dicts([{"a": 0.25, "b": float("nan")}, None])
    ['{"a": 0.25, "b": null}', None]
    """
    import json
    import math

    templates: dict[tuple, str | None] = {}
    out: list[str | None] = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        keys = tuple(v)
        if keys not in templates:
            templates[keys] = _json_template(keys, v.values())
        tpl, numbers = templates[keys], tuple(v.values())
        if tpl is not None and all(map(math.isfinite, numbers)):
            out.append(tpl % numbers)
        else:
            finite = {k: None if isinstance(x, float) and not math.isfinite(x) else x for k, x in v.items()}
            out.append(json.dumps(finite, sort_keys=True, allow_nan=False))
    return out


def _json_template(keys: tuple, values) -> str | None:
    """The ``%`` template of a dict with these sorted keys and float values, else None."""
    import json

    if list(keys) != sorted(keys) or not all(type(x) is float for x in values):
        return None
    return "{" + ", ".join(json.dumps(k).replace("%", "%%") + ": %r" for k in keys) + "}"


def _split(frames, size: int):
    """Cut each frame into pieces of at most ``size`` rows."""
    for frame in frames:
        for start in range(0, len(frame), size):
            yield frame.iloc[start : start + size].reset_index(drop=True)


def _store_batches(corpus: Any, done: list, result: ClassifyResult, version: str, touched: set[str]) -> None:
    """Write the tags of the finished batches in ``done`` (then empty it) in one go."""
    import pandas as pd

    if not done:
        return
    batch = pd.concat([b for b, _ in done], ignore_index=True)
    tags = pd.concat([t for _, t in done], ignore_index=True)
    done.clear()
    with corpus.transaction():
        _store_batch(corpus, batch, tags, result, version)
    touched.update(batch["source_id"])
    fault_point("classify.between_chunks")


def _store_batch(corpus: Any, batch: pd.DataFrame, tags: pd.DataFrame, result: ClassifyResult, version: str) -> None:
    from voices.store import predictions as store

    had = batch["prepared"].notna()
    new_cache = {
        doc_id: prep
        for doc_id, prep, old in zip(batch["id"], tags["prepared"], had, strict=True)
        if prep is not None and not old
    }
    result.prepared_computed += store.store_cached(corpus, new_cache, version)
    fault_point("classify.mid_batch")
    result.prepared_cached += int(had.sum())
    tags["id"] = batch["id"].to_numpy()
    store.write_predictions(corpus, tags)
    result.classified += len(tags)
    result.not_english += int((tags["classification_status"] == STATUS_NOT_ENGLISH).sum())
    result.uncertain += int(tags["stance_uncertain"].fillna(False).sum())
    for label, n in tags["stance"].dropna().value_counts().items():
        result.by_stance[label] = result.by_stance.get(label, 0) + int(n)
