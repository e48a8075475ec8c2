"""Use cases that analyse: classify the corpus (or a dataset on a cluster), report on it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.api._events import DEFAULT_CORPUS, ProgressCallback, choice, out_format, out_matches, tell, tell_migrated
from voices.errors import UsageError

if TYPE_CHECKING:
    from voices.classify import ClassifyResult
    from voices.report.data import ReportData
    from voices.scale.dask_classify import DatasetClassifyResult

REPORT_FORMATS = ("table", "md", "html", "csv", "json", "xlsx")


TASKS = ("stance", "themes")


def load_models(stance_model: Path | str | Any | None = None, themes_model: Path | str | Any | None = None, *,
                corpus: Path | str | None = None, sources: Sequence[str] = ()) -> tuple[Any, Any]:
    """The stance and themes models, for a caller that classifies and then reports: pass them to
    ``classify`` and ``report`` and each model is read once.

    For None: the corpus's default model (set by an earlier ``classify`` with a model
    directory) when ``corpus`` has one, else the shipped model. With ``corpus``, each
    model must fit the scheme of the corpus (or of each of ``sources``).

    Raises
    ------
    voices.errors.ModelError
        A missing or damaged model, one of the other task, a corpus default whose
        ``model_id`` changed at its path, or labels the corpus's scheme lacks.
    """
    import contextlib

    from voices.store import Corpus

    in_corpus = corpus is not None and Path(corpus).is_file()
    # one reading open for the defaults and the fit check (each open costs 15-35 ms)
    with Corpus.open(corpus) if in_corpus else contextlib.nullcontext() as c:
        return _load_models_in(c, stance_model, themes_model, sources)


def _load_models_in(c: Any, stance_model: Any, themes_model: Any, sources: Sequence[str]) -> tuple[Any, Any]:
    """``load_models`` with the corpus ``c`` open already (None: no corpus)."""
    from voices.classify import load_models as load

    given = [stance_model, themes_model]
    defaults = _corpus_defaults(c) if c is not None else {}
    loaded = [hasattr(g, "predict_prepared") for g in given]
    # what to read: nothing for a loaded model, else the path given, else the corpus's default
    paths = [None if done else g if g is not None else (defaults.get(t) or {}).get("path")
             for t, g, done in zip(TASKS, given, loaded, strict=True)]
    schemes = _schemes(c, sources) if c is not None else []
    if c is not None and themes_model is None and not any(s.labels("themes") for s in schemes):
        # a scheme without themes classifies stance only: neither the shipped themes model's themes nor
        # those of a themes model an earlier classify set (before `scheme set` to this one) are its
        from voices.classify import NO_THEMES

        paths[1] = NO_THEMES
    for task, g, path in zip(TASKS, given, paths, strict=True):
        if g is None and isinstance(path, str | Path):
            _check_default(task, path)
    fresh = (None, None) if all(loaded) else load(*paths)
    models = tuple(g if done else f for g, f, done in zip(given, fresh, loaded, strict=True))
    for task, g, model in zip(TASKS, given, models, strict=True):
        want = (defaults.get(task) or {}).get("model_id")
        if g is None and want and model.model_id is not None and model.model_id != want:  # None: NO_THEMES
            raise _changed(task, defaults[task]["path"], model.model_id, want)
    if c is not None:
        if themes_model is None and paths[1] is None and _misfits_every(schemes, models[1]):
            # a new debate's scheme has themes but no themes model yet: nobody asked for the shipped one, so
            # stance is tagged and themes are not (classify says so) rather than refusing the whole command
            from voices.classify import NO_THEMES

            models = (models[0], NO_THEMES)
        _check_fit(schemes, models, given)
    return models[0], models[1]


def _changed(task: str, path: str, now: str, was: str) -> Exception:
    from voices.errors import ModelError

    return ModelError(f"the corpus's {task} model at {path} is now model {now[:12]}, not {was[:12]} as when it was "
                      f"set: give --{task}-model {path} to use the new one (it retags), or restore the old one")


def _check_default(task: str, path: str) -> None:
    """Refuse a corpus default model folder that is gone or now holds the other task's model.

    Deleted on purpose, moved, or retrained for the other task: either way the user gave no
    ``--{task}-model`` this time, so the message says whose folder it is and the way back to
    the shipped model (its folder is inside the installed package).
    """
    import json

    from voices.errors import ModelError
    from voices.models import default_model_dir
    from voices.models.persist import META_FILE, META_LIMIT, read_model_file

    folder = Path(path)
    try:
        now = json.loads(read_model_file(folder, META_FILE, META_LIMIT)).get("task")
    except (OSError, ValueError, AttributeError, ModelError):  # a FIFO there hung classify
        now = task  # a folder that is there but unreadable: loading it says what is wrong
    what = "is gone" if not folder.is_dir() else f"now holds a {now} model" if now != task else None
    if what is not None:
        raise ModelError(f"the corpus's {task} model at {path} (set by an earlier classify --{task}-model) {what}: "
                         f"give --{task}-model DIR for another, or --{task}-model {default_model_dir(task)} to go "
                         "back to the shipped one")


def _corpus_defaults(c: Any) -> dict[str, dict]:
    """The models an earlier classify set as the open corpus ``c``'s defaults."""
    from voices.store.settings import get_setting

    return {t: v for t in TASKS if isinstance(v := get_setting(c, f"{t}_model"), dict) and v.get("path")}


def _schemes_have_themes(c: Any, sources: Sequence[str]) -> bool:
    """Whether the scheme of the open corpus ``c`` (or of any of ``sources``) has themes."""
    return any(scheme.labels("themes") for scheme in _schemes(c, sources))


def _schemes(c: Any, sources: Sequence[str]) -> list[Any]:
    """The schemes of ``sources`` in the open corpus ``c``; with none given, of every source it holds.

    Every source, not the corpus-wide scheme alone: in a corpus of two debates (``scheme set --source``)
    a plain classify tagged the second debate's texts with the shipped themes its scheme lacks."""
    from voices.models.scheme import scheme_for, schemes_for

    if sources:
        return list(schemes_for(c, c.resolve_sources(sources)).values())
    held = c.sql("SELECT source_id FROM source_schemes WHERE scheme IS NOT NULL AND scheme <> ''").fetchall() \
        if c.has_table("source_schemes") else []
    if not held:
        return [scheme_for(c)]
    stored = [r[0] for r in c.sql("SELECT DISTINCT source_id FROM documents ORDER BY 1").fetchall()]
    return list({id(s): s for s in schemes_for(c, stored).values()}.values()) if stored else [scheme_for(c)]


def _misfits_every(schemes: Sequence[Any], model: Any) -> bool:
    """Whether ``model`` (the shipped themes model, loaded) has a theme that every one of ``schemes`` lacks.

    Every scheme, not one: in a corpus of two debates, a source under the shipped scheme would otherwise be
    tagged with no themes; there the refusal, which names the flag, stays."""
    labels = getattr(model, "labels", None) or []
    return bool(labels) and all(any(lab not in scheme.labels("themes") for lab in labels) for scheme in schemes)


def themes_not_tagged(c: Any, sources: Sequence[str], themes_model: Any) -> str:
    """What to tell a user whose scheme has themes that no themes model tagged (empty when none)."""
    from voices.classify import NO_THEMES

    if themes_model is not NO_THEMES or not _schemes_have_themes(c, sources):
        return ""
    return ("themes not tagged: the scheme has themes and no themes model fits it (the shipped one tags the "
            "shipped scheme's): label texts with its themes, train one (voices train --task themes --corpus "
            "CORPUS --out DIR), then voices classify --themes-model DIR")


def _check_fit(schemes: Sequence[Any], models: tuple[Any, Any], given: Sequence[Any]) -> None:
    """Refuse models whose labels one of ``schemes`` (the corpus's, or each source's) lacks; ``given``: the
    models the caller named (None: a default), so a refusal names a flag only when one was given."""
    from voices.models.scheme import check_model_fits

    for scheme in schemes:
        for task, model, named in zip(TASKS, models, given, strict=True):
            labels = getattr(model, "labels", None)
            if labels is not None:
                # a default model under a scheme without this task's labels, beside a scheme with them: two debates
                apart = named is None and not scheme.labels(task) and any(s.labels(task) for s in schemes)
                check_model_fits(scheme, task, list(labels), str(getattr(model, "path", f"the {task} model")),
                                 debates=apart)


def _remember_models(c: Any, models: tuple[Any, Any]) -> dict[str, dict[str, str]]:
    """Store the models classify used as the open corpus ``c``'s defaults (path and model_id), unless shipped;
    return the defaults that changed (task -> path and model_id), so classify can say what a plain call uses."""
    from voices.models import default_model_dir
    from voices.store.settings import get_setting, set_setting

    changed = {}
    with c.transaction():
        for task, model in zip(TASKS, models, strict=True):
            path = getattr(model, "path", None)
            if path is None:
                continue
            path = Path(path).resolve()
            if path == default_model_dir(task).resolve():  # back to the shipped model: it is no default to pin
                if get_setting(c, f"{task}_model") is not None:
                    set_setting(c, f"{task}_model", None)
                continue
            pinned = {"path": str(path), "model_id": model.model_id}
            if get_setting(c, f"{task}_model") != pinned:
                set_setting(c, f"{task}_model", pinned)
                changed[task] = pinned
    return changed


def classify(corpus: Path | str = DEFAULT_CORPUS, *, sources: Sequence[str] = (), since: str | None = None,
             stance_model: Path | str | Any | None = None, themes_model: Path | str | Any | None = None,
             force: bool = False, entities: bool = False,
             progress: ProgressCallback | None = None) -> ClassifyResult:
    """Tag the corpus's new documents with stance and themes, stored beside them.

    Parameters
    ----------
    corpus : path-like
        The corpus file.
    sources : sequence of str
        Only these sources (ids or unique prefixes); all when empty.
    since : str or None
        Only documents posted on or after this date (``YYYY-MM-DD``).
    stance_model, themes_model : path-like, loaded model or None
        Model directories (or models from ``load_models``); None for the corpus's default
        (the model an earlier classify was given) or the shipped model. A model given
        becomes the corpus's default; each must fit the corpus's scheme.
    force : bool
        Reclassify everything, even documents these models already tagged.
    entities : bool
        Also find and store the named entities of every document not cached yet (spaCy
        NER, slow), so later redacted exports reuse them (``Progress("entities", ...)``).
    progress : callable or None
        Receives ``Progress("classify", "", done, total)`` as chunks are stored.

    Returns
    -------
    voices.classify.ClassifyResult
        Counts: classified, already up to date, uncertain, not in English, articles.

    Raises
    ------
    voices.errors.NotFoundError
        An unknown source.
    voices.errors.ModelError
        A missing or damaged model, a default whose model_id changed, or labels the scheme lacks.
    """
    from voices.classify import classify_corpus, classify_open
    from voices.store import Corpus

    tagged = (lambda done, total: tell(progress, "classify", "", done, total)) if progress else None
    path = Path(corpus)
    if not path.is_file():  # classify_corpus says what is wrong
        return classify_corpus(corpus, source_ids=list(sources) or None, since=since, stance_model=stance_model,
                               themes_model=themes_model, force=force, progress=tagged)
    # One writing open for the migration, the model checks, the tags and the defaults, in that order:
    # four opens took 0.15 s of CPU, a tenth of a short classify.
    with Corpus.open(path, write=True, create=False) as c:
        tell_migrated(progress, path, c.migrated)
        stance_model, themes_model = _load_models_in(c, stance_model, themes_model, sources)
        result = classify_open(c, source_ids=list(sources) or None, since=since, stance_model=stance_model,
                               themes_model=themes_model, force=force, progress=tagged)
        result.new_defaults = _remember_models(c, (stance_model, themes_model))
        result.themes_not_tagged = themes_not_tagged(c, sources, themes_model)
    if entities:
        from voices.redact import cache_entities
        from voices.store import Corpus

        with Corpus.open(corpus, write=True, create=False) as c:
            cache_entities(c, c.resolve_sources(sources) if sources else None,
                           progress=(lambda done, total: tell(progress, "entities", "finding named entities", done, total))
                           if progress else None)
    return result


def classify_dataset(dataset: str, out: str | None, *, scheduler: str | None = None,
                     workers: int | None = None, stance_model: Path | str | None = None,
                     themes_model: Path | str | None = None,
                     progress: ProgressCallback | None = None) -> DatasetClassifyResult:
    """Classify a Parquet dataset partition by partition on a Dask cluster; write it to ``out``.

    Parameters
    ----------
    dataset : str
        Parquet file or dataset folder, local or any fsspec URL (``s3://...``).
    out : str
        The new dataset folder to write (path or URL).
    scheduler : str or None
        Address of a running Dask scheduler; None starts ``workers`` local processes.
    stance_model, themes_model : path-like or None
        Model directories; None for the shipped models.
    progress : callable or None
        Receives ``Progress("classify", "", partitions_done, partitions)``.

    Returns
    -------
    voices.scale.dask_classify.DatasetClassifyResult

    Raises
    ------
    voices.errors.ClusterError
        The cluster cannot be reached or keeps losing workers.
    """
    from voices.scale import run_dataset_classify

    return run_dataset_classify(
        dataset, out, scheduler=scheduler, workers=workers, stance_model=stance_model,
        themes_model=themes_model,
        progress=(lambda done, total: tell(progress, "classify", "", done, total)) if progress else None,
    )


def _dataset_scheme(dataset: str, where: Any) -> str | None:
    """The shipped scheme the job that classified ``dataset`` names (None: the shipped default).

    A dataset carries no scheme TOML, and the report stated the shipped debate's proposition and
    themes over stances of another: a scheme voices does not ship must be given with --scheme.
    """
    from voices.models.scheme import packaged_scheme
    from voices.scale.dataset import job_summary

    models = job_summary(where).get("models")
    # a marker another tool (or a hand) wrote may hold anything: no models mapping names no scheme
    name = models.get("scheme") if isinstance(models, dict) else None
    if not isinstance(name, str) or packaged_scheme(name) is not None:
        return name if isinstance(name, str) else None
    raise UsageError(f"{dataset} was classified with a stance model trained for scheme {name!r}, which voices does "
                     "not ship: give --scheme FILE (the scheme's TOML, as voices scheme init wrote it) so the report "
                     "states that debate")


@dataclass(frozen=True)
class ReportResult:
    """A report: the figures (``data``), and the text rendered in ``format`` (None for ``table``).

    ``out`` is the file written, if any.
    """

    data: ReportData = field(repr=False)
    format: str
    text: str | None = field(default=None, repr=False)
    out: Path | None = None


def report(corpus: Path | str | None = DEFAULT_CORPUS, *, dataset: str | None = None,
           sources: Sequence[str] = (), format: str | None = None,  # noqa: A002 - the option's name
           redact: bool | None = None, stance_model: Path | str | Any | None = None,
           scheme: Path | str | None = None, out: Path | str | None = None,
           by: Sequence[str] = (), title: str | None = None) -> ReportResult:
    """Report who argues what: stance shares with 95% intervals, themes, quotes, thread dynamics.

    Parameters
    ----------
    corpus : path-like or None
        The corpus file (ignored with ``dataset``).
    dataset : str or None
        A classified Parquet dataset (path or URL) to report on instead.
    sources : sequence of str
        Only these sources (ids or unique prefixes).
    format : str or None
        ``table`` (figures only, ``text`` None: the CLI draws it), ``md``, ``html``,
        ``csv``, ``json`` or ``xlsx`` (one sheet per table; needs ``out``, ``text``
        None); any case. None: the one ``out``'s ending names, else ``md``.
    redact : bool or None
        Replace names, e-mails, phones, postcodes and authors; None: on for md and html.
    stance_model, scheme : path-like or None
        The stance model that tagged the corpus, the scheme TOML (default: the model's).
    out : path-like or None
        Write the rendered report there (atomically).
    by : sequence of str
        Consultation breakdown fields (role, sector, region... as ingested into
        ``attributes``) to cross with stance; any case or a unique prefix.
    title : str or None
        The report's title (default: the sources' titles, or "N sources" when many).

    Returns
    -------
    ReportResult

    Raises
    ------
    voices.errors.InputError
        Nothing classified, or a missing scheme.
    voices.errors.NotFoundError
        An unknown source.
    voices.errors.ModelError
        ``stance_model`` is not a stance model's folder.
    """
    from voices.report import build_report, default_redaction, render

    fmt = choice(format or out_format(out, REPORT_FORMATS) or "md", REPORT_FORMATS)
    out_matches(out, fmt, REPORT_FORMATS, "the report", given=format is not None)
    if title is not None and not title.strip():  # '' fell back to the default, '  ' gave an empty heading
        raise UsageError("--title is empty: give the report's title, or leave --title out for the sources' titles")
    if fmt == "xlsx" and out is None:
        raise UsageError("an XLSX report is a binary file: give --out FILE.xlsx")
    if isinstance(stance_model, str | Path):
        _check_stance_model(Path(stance_model))
    if dataset is not None:
        from voices.report.build import ParquetDataset
        from voices.scale.dataset import prediction_files

        where, files = prediction_files(dataset)
        scheme = scheme if scheme is not None else _dataset_scheme(dataset, where)
        if out is not None and where.is_local:
            _refuse_out_in_dataset(Path(out), Path(where.root), dataset)
        # read by DuckDB (read_parquet); a remote dataset through its fsspec filesystem
        source: Any = (ParquetDataset(tuple(files)) if where.is_local else
                       ParquetDataset(tuple(map(where.fs.unstrip_protocol, files)), where.fs))
    else:
        source = corpus or DEFAULT_CORPUS
    data = build_report(source, list(sources) or None, redact=default_redaction(fmt, redact),
                        stance_model=stance_model, scheme=scheme, by=by, title=title)
    if fmt == "table" and out is None:
        return ReportResult(data, fmt)
    if fmt == "xlsx":
        return _report_xlsx(data, out)  # type: ignore[arg-type] - checked above
    text = render(data, fmt)
    if out is not None:
        from voices._atomic import atomic_write_text

        atomic_write_text(Path(out), text)
    return ReportResult(data, fmt, text, None if out is None else Path(out))


def _refuse_out_in_dataset(out: Path, root: Path, dataset: str) -> None:
    """Refuse an ``--out`` that is the dataset reported on, or inside its folder.

    ``report --dataset classified/ --format md --out classified/part-00000.parquet`` replaced the
    dataset's Parquet file with the report (an ending the report never writes is left as given),
    and a report written beside the parts would be read as one next time.
    """
    from voices.errors import OutputError

    target, data = Path(os.path.realpath(out)), Path(os.path.realpath(root))
    if target == data or data in target.parents:
        where = "is" if target == data else "is inside"
        raise OutputError(f"--out {out} {where} the dataset {dataset} this report reads: writing there would "
                          "destroy or change it: give a path outside it")


def _check_stance_model(model_dir: Path) -> None:
    """Refuse a --stance-model that is not a stance model's folder, which the report would quietly pass over."""
    from voices.errors import ModelError
    from voices.models.persist import read_meta

    task = read_meta(model_dir)["task"]
    if task != "stance":
        raise ModelError(f"--stance-model {model_dir} is a {task} model: give the stance model that tagged the corpus")


def _report_xlsx(data: ReportData, out: Path | str) -> ReportResult:
    """The report's tables as a workbook (``voices.formats.xlsx.write_report``)."""
    from voices.formats.xlsx import write_report

    write_report(data, Path(out))
    return ReportResult(data, "xlsx", None, Path(out))
