"""The Dask worker plugin that holds a worker's models (imports ``distributed``, so it is
imported only when a job runs: ``voices.scale`` itself stays light)."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin

from voices.scale.worker import ModelCache


class ModelCachePlugin(ModelCache, WorkerPlugin):
    """``ModelCache`` as a worker plugin: Dask hands it to every worker and calls ``setup``.

    Idempotent: a later job on the same cluster keeps the registered plugin, and with it the
    models its workers loaded (keyed by path and model id, so another model still loads).
    Replacing it cleared them, and every job paid the model loading again.
    """

    idempotent = True
