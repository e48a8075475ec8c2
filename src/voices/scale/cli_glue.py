"""The two calls ``voices classify --dataset`` and ``voices report --dataset`` make.

Plain functions, no typer: the command modules parse options, call one of
these, and render the result.
"""

from __future__ import annotations

import os
from typing import Any

from voices.errors import UsageError
from voices.scale.classified import load_predictions
from voices.scale.dask_classify import (
    DatasetClassifyResult,
    Progress,
    classify_dataset,
    dask_client,
    resolve_models,
)
from voices.scale.dataset import scan_dataset
from voices.scale.output import check_output

# Local worker processes beyond this many per CPU core are refused: they only compete for the cores.
MAX_WORKERS_PER_CORE = 4


def run_dataset_classify(
    dataset: str,
    out: str | None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    stance_model: str | os.PathLike | None = None,
    themes_model: str | os.PathLike | None = None,
    progress: Progress | None = None,
    partition_rows: int | None = None,
) -> DatasetClassifyResult:
    """Classify a Parquet dataset on a Dask cluster and write the classified dataset to ``out``.

    Parameters
    ----------
    dataset : str
        Parquet file or dataset folder, local or any fsspec URL (``s3://...``).
    out : str
        A new dataset folder (local or URL) that every worker can write to.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``).
    workers : int, optional
        Without ``scheduler``: start a local cluster of this many worker
        processes (default: one per CPU core).
    stance_model, themes_model : path, optional
        Model directories; by default the models installed with voices.
    progress : callable, optional
        ``progress(partitions_done, partitions_total)``.
    partition_rows : int, optional
        Documents per partition (default: about four partitions per worker).

    Returns
    -------
    DatasetClassifyResult

    Raises
    ------
    UsageError
        ``--out`` missing or not a new folder, ``--workers`` with ``--scheduler``, or fewer than 1 worker
        or more than ``MAX_WORKERS_PER_CORE`` per CPU core.
    InputError, ModelError, ClusterError
        Bad dataset, bad model, unreachable or failing cluster.

    Example
    -------
    >>> run_dataset_classify("docs/", "classified/", workers=2)  # doctest: +SKIP
    DatasetClassifyResult(documents=52000, partitions=8, workers=2, ...)
    """
    if not out:
        raise UsageError("--dataset needs --out DIR: where to write the classified dataset")
    if out == "-":  # as export --format parquet refuses it: '-' is stdout elsewhere, not a folder named '-'
        raise UsageError("a classified dataset is a folder: give --out DIR")
    if scheduler and workers is not None:
        raise UsageError("--workers starts local workers; with --scheduler the cluster's own workers run: give one")
    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    cores = os.cpu_count() or 1
    if workers is not None and workers > MAX_WORKERS_PER_CORE * cores:
        # each local worker is a process that loads the models: millions of them never start
        raise UsageError(f"--workers {workers}: this machine has {cores} CPU core{'s' * (cores != 1)}, and local workers beyond "
                         f"{MAX_WORKERS_PER_CORE} per core only compete for them: give at most "
                         f"{MAX_WORKERS_PER_CORE * cores}, or --scheduler ADDRESS for a cluster")
    # Everything that can be checked without a cluster is checked before one starts.
    scan = scan_dataset(dataset)
    check_output(out)
    classifier = resolve_models(stance_model, themes_model)
    with dask_client(scheduler, workers) as client:
        return classify_dataset(
            scan,
            out,
            client=client,
            classifier=classifier,
            progress=progress,
            partition_rows=partition_rows,
        )


def load_dataset_predictions(path: str) -> Any:
    """The pandas frame ``voices.report.aggregate`` takes, from a classified dataset.

    ``path`` is what ``voices classify --dataset ... --out PATH`` wrote (or a
    Parquet export of a classified corpus), local or any fsspec URL.

    Raises
    ------
    InputError
        Missing, unreadable or unfinished dataset, or one without predictions.
    """
    return load_predictions(path)
