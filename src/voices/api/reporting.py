"""The report use case: ``report`` over a corpus or a classified dataset, rendered and written.

The options are checked here (format, ``--out``, ``--title``, ``--stance-model``, a dataset's
scheme); the figures come from ``voices.report.build_report``, the text from ``voices.report.render``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.api._events import DEFAULT_CORPUS, choice, out_format, out_matches
from voices.errors import UsageError

if TYPE_CHECKING:
    from voices.report.data import ReportData


REPORT_FORMATS = ("table", "md", "html", "csv", "json", "xlsx")


def _dataset_scheme(dataset: str, where: Any) -> str | None:
    """The shipped scheme the job that classified ``dataset`` names (None: the shipped default).

    A dataset carries no scheme TOML, and the report stated the shipped debate's proposition and
    themes over stances of another: a scheme voices does not ship must be given with --scheme.
    """
    from voices.models.scheme import packaged_scheme
    from voices.scale.classified import job_summary

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
        The stance model that tagged the corpus (a folder, or ``shipped:stance`` as ``evaluate`` takes it), the
        scheme TOML (default: the model's).
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
    if out is not None and isinstance(scheme, str | Path):
        _refuse_out_on_scheme(Path(out), Path(scheme))
    if isinstance(stance_model, str | Path):
        from voices.models.trained import shipped_model_dir

        # as evaluate takes it: 'report --stance-model shipped:stance' said "no such model directory; ...
        # (shipped:stance or shipped:themes names a shipped model)"
        stance_model = shipped_model_dir(stance_model) or stance_model
        _check_stance_model(Path(stance_model))
    if dataset is not None:
        from voices.report.build import ParquetDataset
        from voices.scale.classified import prediction_files

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


def _refuse_out_on_scheme(out: Path, scheme: Path) -> None:
    """Refuse an ``--out`` that is the ``--scheme`` file the report reads.

    ``report --scheme library.toml --out library.toml --format md`` replaced the user's scheme (hand-written
    definitions, examples and keywords) with the report, exit 0: an ending the report never writes is left as given.
    The same file by another name is refused too: on a case-insensitive disk ``--scheme SW.toml --out sw.toml``
    resolves to two paths, and the report's rename replaced the scheme.
    """
    from voices.errors import OutputError

    if scheme.is_file() and (os.path.realpath(out) == os.path.realpath(scheme)
                             or (out.exists() and os.path.samefile(out, scheme))):
        raise OutputError(f"--out {out} is the --scheme file this report reads: writing there would destroy it: "
                          "give another path")


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
