"""Scaling out: classify Parquet datasets on a Dask cluster and read the results back.

| module | owns |
|---|---|
| ``dataset`` | scanning a dataset and planning its partitions from the footers, reading one partition |
| ``dataset_files`` | fsspec paths, listing the Parquet files, their footers, hive keys, the ``_SUCCESS`` name |
| ``dataset_checks`` | what a dataset must hold: id and text columns, their types, unique ids, blank texts |
| ``classified`` | a classified dataset read back: checked for predictions, the job summary, the report frame |
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
