"""Scaling out: classify Parquet datasets on a Dask cluster and read the results back.

| module | owns |
|---|---|
| ``dataset`` | fsspec paths, partition plans from Parquet footers, reading a partition, reading predictions back |
| ``output`` | staged, atomic part files and the ``_SUCCESS`` commit |
| ``worker`` | what runs in a worker: the model cache, thread pinning, one partition |
| ``dask_classify`` | the cluster (``--scheduler`` or a ``LocalCluster``) and the job with its progress |
| ``cli_glue`` | the two calls the ``classify`` and ``report`` commands make |

Nothing here imports Dask, pyarrow or the models at import time.
"""

from __future__ import annotations

from voices.scale.cli_glue import load_dataset_predictions, run_dataset_classify
from voices.scale.dask_classify import ClusterError, DatasetClassifyResult, classify_dataset, dask_client

__all__ = [
    "ClusterError",
    "DatasetClassifyResult",
    "classify_dataset",
    "dask_client",
    "load_dataset_predictions",
    "run_dataset_classify",
]
