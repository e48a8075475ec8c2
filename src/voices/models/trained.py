"""A loaded model: ``load_model(path) -> TrainedModel`` and its predictions."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from voices.errors import ModelError

if TYPE_CHECKING:
    from voices.models.bundle import Bundle

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StancePrediction:
    """A stance: the best guess, its probability, all probabilities, and whether it is uncertain."""

    label: str
    probability: float
    probabilities: dict[str, float]
    uncertain: bool


@dataclass(frozen=True, slots=True)
class ThemePrediction:
    """Themes over their thresholds (sorted by name) and every theme's probability."""

    labels: list[str]
    probabilities: dict[str, float] = field(default_factory=dict)


@dataclass
class TrainedModel:
    """A stance or themes model read from a model directory (use ``load_model``).

    Predictions run the array-only ``bundle`` (``voices.models.bundle``); ``pipeline``
    is the fitted scikit-learn pipeline, read from ``model.skops`` (with all its checks)
    only when asked for.
    """

    path: Path
    meta: dict
    bundle: Bundle
    _pipeline: object = field(default=None, repr=False, compare=False)

    @property
    def pipeline(self):
        """The fitted ``sklearn.pipeline.Pipeline`` (read on first use; predictions do not need it)."""
        if self._pipeline is None:
            self._pipeline = _read_pipeline(self.path, self.meta)
        return self._pipeline

    @property
    def task(self) -> str:
        """``"stance"`` or ``"themes"``."""
        return self.meta["task"]

    @property
    def labels(self) -> list[str]:
        """The labels, in the order of probabilities and the confusion matrix."""
        return list(self.meta["labels"])

    @property
    def model_id(self) -> str:
        """The model's identity: covers ``model.skops`` and the options in ``meta.json`` (``model_id.ID_FIELDS``)."""
        return self.meta["model_id"]

    def predict(self, texts: Iterable[str], n_process: int = 1) -> list:
        """Predict from raw texts (preprocessed on the fast path first).

        Parameters
        ----------
        texts : iterable of str
        n_process : int
            Worker processes for preprocessing.

        Returns
        -------
        list of StancePrediction or ThemePrediction
        """
        from voices.nlp import preprocess

        return self.predict_prepared(list(preprocess(texts, n_process=n_process)))

    def predict_prepared(self, prepared: Sequence[str], shared: dict | None = None) -> list:
        """Predict from ``voices.nlp.preprocess`` output (what the corpus caches).

        Parameters
        ----------
        prepared : sequence of str
        shared : dict or None
            As for ``probabilities``.

        Returns
        -------
        list of StancePrediction or ThemePrediction

        Examples
        --------
        >>> m = load_model(default_model_dir("stance"))  # doctest: +SKIP
        >>> m.predict(["Only a social worker should lead social workers."])[0].label  # doctest: +SKIP
        'social_work_leaders'
        """
        import numpy as np

        probs = self.probabilities(prepared, shared)
        labels = self.labels
        if self.task == "stance":
            threshold = float(self.meta["abstain_threshold"])
            best = probs.argmax(1)
            return [
                StancePrediction(
                    labels[b], float(row[b]), {lab: float(p) for lab, p in zip(labels, row, strict=True)},
                    bool(row[b] < threshold),
                )
                for b, row in zip(best.tolist(), probs.tolist(), strict=True)
            ]
        on = probs >= self.thresholds
        return [
            ThemePrediction(
                sorted(labels[j] for j in np.nonzero(row_on)[0]),
                {lab: float(p) for lab, p in zip(labels, row, strict=True)},
            )
            for row_on, row in zip(on, probs.tolist(), strict=True)
        ]

    @property
    def thresholds(self):
        """Themes: the per-theme thresholds as an array in label order."""
        import numpy as np

        return np.array([self.meta["thresholds"][lab] for lab in self.labels])

    def probabilities(self, prepared: Sequence[str], shared: dict | None = None):
        """Calibrated probabilities ``(n, len(labels))`` for preprocessed texts.

        Parameters
        ----------
        prepared : sequence of str
            ``voices.nlp.preprocess`` output.
        shared : dict or None
            A per-batch memo of feature blocks. Pass the same dict to the stance and
            themes models for the same texts: a block both models fitted identically
            (equal fingerprint) is then computed once.

        Returns
        -------
        numpy.ndarray
        """
        return self.bundle.probabilities(prepared, shared)


def _read_pipeline(path: Path, meta: dict):
    """``model.skops`` with all its checks (hash, trusted types), and a voices pipeline's steps."""
    from voices.models.skops_file import load_pipeline_file

    pipeline = load_pipeline_file(path, meta)
    if list(getattr(pipeline, "named_steps", {})) not in (["features", "classifier"],
                                                         ["tweets", "features", "classifier"]):
        raise ModelError(f"{path / 'model.skops'}: not a voices pipeline; retrain the model")
    return pipeline


def load_model(path: Path | str) -> TrainedModel:
    """Load a model directory, refusing anything tampered, truncated or incompatible.

    Parameters
    ----------
    path : path
        A directory written by ``voices train`` (``model.skops``, ``meta.json``), or
        ``shipped:stance`` / ``shipped:themes`` for the shipped models (``shipped_model_dir``).

    Returns
    -------
    TrainedModel

    Raises
    ------
    ModelError
        With the file and what to do: missing, modified, truncated, newer format,
        different preprocessing, or untrusted types inside.

    Examples
    --------
    >>> load_model(default_model_dir("stance")).labels  # doctest: +SKIP
    ['social_work_leaders', 'system_leaders', 'practice_connected', 'none']
    """
    from voices.models.bundle import compile_pipeline, read_bundle
    from voices.models.persist import read_meta
    from voices.models.skops_file import check_model_file
    from voices.nlp import PREPROCESS_VERSION

    path = shipped_model_dir(path) or Path(path)
    meta = read_meta(path)
    if meta["preprocess_version"] != PREPROCESS_VERSION:
        raise ModelError(
            f"{path}: trained on preprocessing {meta['preprocess_version']!r} but this voices uses "
            f"{PREPROCESS_VERSION!r}; retrain the model with `voices train`"
        )
    key = "abstain_threshold" if meta["task"] == "stance" else "thresholds"
    if key not in meta:
        raise ModelError(f"{path / 'meta.json'}: lacks {key}; retrain the model")
    bundle, unused = read_bundle(path, meta)
    if bundle is not None:
        check_model_file(path, meta)  # a modified model.skops is refused on this path too
        pipeline = None
    else:  # no bundle, or one that does not match: skops with all its checks, compiled here
        pipeline = _read_pipeline(path, meta)
        if unused:  # said only now: a folder skops refuses gets that refusal alone
            log.warning("%s: %s; read model.skops with all its checks instead", path, unused)
        bundle = compile_pipeline(pipeline)
    if len(bundle.classes) != len(meta["labels"]):
        raise ModelError(f"{path}: the classifier has {len(bundle.classes)} outputs but meta.json "
                         f"{len(meta['labels'])} labels; retrain the model")
    return TrainedModel(path, meta, bundle, pipeline)


def default_model_dir(task: str) -> Path:
    """The shipped model directory for ``task`` (inside the installed package).

    Raises
    ------
    ModelError
        For an unknown task.
    """
    if task not in ("stance", "themes"):
        raise ModelError(f"no shipped model for task {task!r}; use stance or themes")
    return Path(str(resources.files("voices") / "data" / "models" / task))


SHIPPED_NAMES = {"shipped:stance": "stance", "shipped:themes": "themes"}


def shipped_model_dir(given: Path | str) -> Path | None:
    """The shipped model's folder when ``given`` is ``shipped:stance`` or ``shipped:themes`` and no such
    path exists (a folder of that name wins), else None.

    An installed voices keeps its models inside the package, so ``voices evaluate --model shipped:stance``
    is how a user scores the shipped model on their own held-out texts.

    >>> shipped_model_dir("shipped:stance").name
    'stance'
    >>> shipped_model_dir("models/mine") is None
    True
    """
    task = SHIPPED_NAMES.get(str(given))
    if task is None or Path(given).exists():
        return None
    return default_model_dir(task)
