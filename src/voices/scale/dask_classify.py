"""Classify a Parquet dataset partition by partition on a Dask cluster.

The client plans the partitions from the Parquet footers, submits one task per
partition (read, classify, write its part), counts parts done as they finish,
and commits the output only when every part is written. A worker that dies
mid-job has its tasks rerun by the scheduler; they rewrite the same part files.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from voices.errors import ClusterError, UsageError
from voices.scale.dataset import DatasetScan, scan_dataset
from voices.scale.output import commit, discard, prepare_output
from voices.scale.worker import PINNED_THREADS_ENV, ModelClassifier, ModelRef, classify_partition

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DatasetClassifyResult:
    """What a dataset classification wrote."""

    dataset: str
    out: str
    documents: int
    partitions: int
    workers: int
    scheduler: str
    stance_model: str
    themes_model: str
    seconds: float
    skipped_blank: int = 0  # documents with no text, left out of ``out`` (``documents`` counts the others)
    articles: int = 0  # of ``documents``, the articles: in ``out`` without a stance, as ``voices classify`` leaves them


def resolve_models(stance_model: str | os.PathLike | None, themes_model: str | os.PathLike | None) -> ModelClassifier:
    """Load both models once on the client: fail early on a bad directory, learn their ids.

    A dataset carries no scheme, so the stance model's tells it: trained for a scheme without
    themes (``scheme_themes`` ``[]`` in its ``meta.json``), the job tags stance only as
    ``classify`` does on such a corpus, and a themes model must cover the scheme's themes.

    A stance model from before voices recorded ``scheme_themes`` names its scheme but not whether
    the scheme has themes: for the shipped scheme the shipped themes model fits, as before; for
    another scheme the job needs ``--themes-model`` (the shipped model's themes are the shipped
    debate's) and is refused without it.

    Raises
    ------
    ModelError
        A model directory is missing, damaged or incompatible, a themes model whose labels
        the stance model's scheme lacks, or an older stance model of another scheme than the
        shipped one and no themes model given.
    """
    from voices.classify import NO_THEMES, load_models
    from voices.models.trained import shipped_model_dir

    stance, _ = load_models(stance_model, NO_THEMES)
    scheme_themes = stance.meta.get("scheme_themes")  # None: a model from before voices recorded them
    if scheme_themes is None:
        _refuse_unknown_scheme_themes(stance, given=themes_model is not None)
    stance_only = isinstance(scheme_themes, list) and not scheme_themes and themes_model is None
    _, themes = load_models(NO_THEMES, NO_THEMES if stance_only else themes_model)
    if isinstance(scheme_themes, list) and themes is not NO_THEMES:
        _check_themes_fit(stance, scheme_themes, themes, given=themes_model is not None)
    # path None: each worker loads its own installed default rather than the client's path (shipped:stance too:
    # its abspath is ./shipped:stance); the model_id still checks that the worker's is the same model.
    refs = [
        None if model is NO_THEMES else ModelRef(model.task, None if given is None or shipped_model_dir(given)
                                                 else os.path.abspath(given), model.model_id)
        for model, given in ((stance, stance_model), (themes, themes_model))
    ]
    scheme = (stance.meta.get("scheme") or {}).get("name")
    return ModelClassifier(*refs, scheme=scheme if isinstance(scheme, str) else None)


def _refuse_unknown_scheme_themes(stance: Any, *, given: bool) -> None:
    """Refuse the shipped themes model for an older stance model (no ``scheme_themes``) of another scheme.

    Such a model's scheme may have no themes, or others: the shipped themes model tagged a stance-only
    debate's texts with the social-work debate's themes (``outsourcing``, ``pay``), and a report on the
    dataset counted them. A themes model given is the user's choice for that scheme, and is used.
    """
    from voices.errors import ModelError
    from voices.models.scheme import SHIPPED_SCHEME

    scheme = (stance.meta.get("scheme") or {}).get("name")
    if not isinstance(scheme, str) or scheme == SHIPPED_SCHEME:
        return  # no scheme (trained on --data alone) or the shipped one: the shipped themes model, as before
    if given:
        log.warning("%s: a stance model from before voices recorded its scheme's themes: the themes model given "
                    "is taken to be one for scheme %r, unchecked", stance.path, scheme)
        return
    raise ModelError(f"{stance.path}: a stance model from before voices recorded its scheme's themes, so "
                     f"classify --dataset (which reads no corpus) cannot tell whether scheme {scheme!r} has themes, "
                     "and the shipped themes model's are another debate's: retrain it (voices train --task stance "
                     "--corpus CORPUS --out DIR), which records them, or give --themes-model DIR trained for "
                     f"scheme {scheme!r}")


def _check_themes_fit(stance: Any, scheme_themes: list[str], themes: Any, *, given: bool) -> None:
    """Refuse a themes model with labels the stance model's scheme lacks (the shipped one, for a new debate)."""
    from voices.errors import ModelError

    extra = [lab for lab in themes.labels if lab not in scheme_themes]
    if not extra:
        return
    scheme = (stance.meta.get("scheme") or {}).get("name")
    where = str(themes.path) if given else f"the shipped themes model ({themes.path})"
    train = ("train one for it (voices train --task themes --corpus CORPUS --out DIR), then give it with "
             "--themes-model DIR")
    fix = (f", which has no themes: leave out --themes-model to classify stance only, or add themes to the scheme, "
           f"label texts with them and {train}" if not scheme_themes else f"; {train}")
    raise ModelError(f"{where}: its themes labels {', '.join(extra)} are not in scheme {scheme!r} of the stance model "
                     f"{stance.path}{fix}")


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None, workers: int | None = None, connect_timeout: str = "20s"
) -> Iterator[Any]:
    """A ``distributed.Client`` on ``scheduler``, or on a new ``LocalCluster`` of ``workers`` processes.

    LocalCluster workers are single-threaded processes with BLAS/OpenMP pinned to
    one thread through their environment.

    Raises
    ------
    ClusterError
        The scheduler cannot be reached or has no workers.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc.__class__.__name__}): "
                "start one with `dask scheduler`, or leave out --scheduler to use local workers"
            ) from None
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    nanny = logging.getLogger("distributed.nanny")
    level = nanny.level
    try:
        with (
            LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,  # task errors reach the user once, as the raised error
                env=PINNED_THREADS_ENV,
            ) as cluster,
            Client(cluster) as client,
        ):
            try:
                yield client
            finally:
                # stopping the workers voices started, a slow one is killed after 4 s, and the nanny said
                # "WARNING: Worker process still alive after 4.0 seconds, killing" after a finished job
                nanny.setLevel(logging.ERROR)
    finally:
        nanny.setLevel(level)


def _refuse_out_inside(dataset: str, out: str) -> None:
    """An output inside the input would be read as input by the next run (documents doubled)."""
    import os

    def norm(url: str) -> str:
        if "://" in url:
            return url.rstrip("/") + "/"
        return os.path.realpath(os.path.abspath(url)).rstrip("/") + "/"

    if norm(out).startswith(norm(dataset)):
        raise UsageError(f"--out {out} is inside the dataset {dataset}: the next run would read the "
                         "output as input; give a folder outside the dataset")


def classify_dataset(
    dataset: str | DatasetScan,
    out: str,
    *,
    client: Any,
    classifier: Callable[[Any], Any],
    progress: Progress | None = None,
    partition_rows: int | None = None,
    storage_options: Mapping[str, Any] | None = None,
) -> DatasetClassifyResult:
    """Classify every document of ``dataset`` on ``client``'s cluster and write ``out``.

    Parameters
    ----------
    dataset : str or DatasetScan
        A Parquet file or dataset folder (local path or fsspec URL), or its
        ``scan_dataset`` result.
    out : str
        A new dataset folder. Both must be reachable from every worker (a shared
        disk or an object store on a multi-node cluster).
    client : distributed.Client
        The cluster to run on (see ``dask_client``).
    classifier : callable
        Picklable; maps a frame of ``DOCUMENT_FIELDS`` to the same rows plus
        ``PREDICTION_FIELDS`` (``resolve_models`` builds the voices one).
    progress : callable, optional
        Called as ``progress(partitions_done, partitions_total)``.
    partition_rows : int, optional
        Documents per partition; by default enough partitions for every worker.

    Returns
    -------
    DatasetClassifyResult

    Raises
    ------
    InputError
        The dataset is missing, unreadable or lacks required columns.
    UsageError
        ``out`` exists and is not an empty folder.
    ClusterError
        The cluster has no workers, lacks voices, or kept losing a partition's worker.
    """
    started = time.perf_counter()
    # the input is checked before the cluster is asked for anything
    scan = dataset if isinstance(dataset, DatasetScan) else scan_dataset(dataset, storage_options)
    _refuse_out_inside(scan.source.url, out)
    if scan.blank:  # as ingest leaves them out of a corpus: "not documents: N empty"
        more = ", ..." if scan.blank > len(scan.blank_ids) else ""
        log.warning("%s: %s with no text (null, empty or only spaces) not classified and left out of "
                    "%s: id %s%s", scan.source.url, f"{scan.blank:,} document{'s' * (scan.blank != 1)}", out,
                    ", ".join(scan.blank_ids), more)
    n_workers = _wait_for_workers(client)
    _check_workers_have_voices(client)
    plan = scan.plan(partition_rows, n_workers)
    job = uuid.uuid4().hex[:12]
    area = prepare_output(out, job, storage_options)
    from voices.scale._plugin import ModelCachePlugin

    client.register_plugin(ModelCachePlugin())  # each worker keeps the models it loads for this job
    try:
        _run(client, plan, area, classifier, job, progress)
        summary = _summary(scan, plan, classifier, job)
        commit(area, len(plan.partitions), summary)
    except BaseException:
        discard(area)
        raise
    models = summary.get("models", {})
    return DatasetClassifyResult(
        dataset=scan.source.url,
        out=out,
        documents=plan.rows - scan.blank,
        partitions=len(plan.partitions),
        workers=n_workers,
        scheduler=str(client.scheduler.address),
        stance_model=models.get("stance_model", ""),
        themes_model=models.get("themes_model", ""),
        seconds=time.perf_counter() - started,
        skipped_blank=scan.blank,
        articles=scan.articles,
    )


def _run(client: Any, plan: Any, area: Any, classifier: Any, job: str, progress: Progress | None) -> None:
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    parts = plan.partitions
    total = len(parts)
    if progress:
        progress(0, total)
    # The shared arguments are small (paths, model ids), so each task carries its own copy:
    # nothing a task needs lives only in a worker's memory that a SIGKILL could take.
    futures = client.map(
        classify_partition,
        parts,
        source=plan.source,
        staging=area,
        classifier=classifier,
        key=[f"voices-classify-{job}-{p.index:05d}" for p in parts],
    )
    done = rows = 0
    try:
        for future in as_completed(futures):
            result = future.result()
            if result.rows + result.blank != parts[result.index].rows:  # a document with no text is left out
                raise RuntimeError(f"partition {result.index} wrote {result.rows} of {parts[result.index].rows} rows"
                                   f" ({result.blank} with no text)")
            done += 1
            rows += result.rows
            if progress:
                progress(done, total)
    except KilledWorker as exc:
        raise ClusterError(
            f"a partition's worker died too many times ({exc}): the workers may be running out "
            "of memory; give them more, or lower the partition size"
        ) from None
    finally:
        client.cancel(futures)
    log.debug("job %s: %d partitions, %d documents", job, done, rows)


def _wait_for_workers(client: Any, timeout: float = 60.0) -> int:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(
            f"the Dask scheduler at {client.scheduler.address} has no workers after {timeout:.0f}s: "
            "start some with `dask worker ADDRESS`"
        ) from None
    return len(client.scheduler_info(n_workers=-1)["workers"])


def _check_workers_have_voices(client: Any) -> None:
    from voices import __version__

    def probe() -> str | None:  # a closure is pickled by value: it runs even where voices is missing
        try:
            import voices
        except ImportError:
            return None
        return voices.__version__

    found = client.run(probe)
    missing = sorted(addr for addr, version in found.items() if version is None)
    if missing:
        raise ClusterError(
            f"voices is not installed on worker{'s' if len(missing) != 1 else ''} {', '.join(missing)}: "
            f"install voices=={__version__} in every worker's environment"
        )
    other = sorted(f"{addr} ({v})" for addr, v in found.items() if v != __version__)
    if other:
        log.warning("workers run a different voices version from this client (%s): %s", __version__, ", ".join(other))


def _summary(scan: DatasetScan, plan: Any, classifier: Any, job: str) -> dict[str, Any]:
    from datetime import UTC, datetime

    from voices import __version__

    describe = getattr(classifier, "describe", None)
    return {
        "dataset": scan.source.url,
        "documents": plan.rows - scan.blank,
        "partitions": len(plan.partitions),
        "job": job,
        "models": describe() if describe else {},
        "voices": __version__,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "skipped_blank": scan.blank,
        "articles": scan.articles,
    }
