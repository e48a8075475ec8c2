"""A loaded model: ``load_model(path) -> TrainedModel`` and its predictions."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from voices.errors import ModelError

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
    """A stance or themes model read from a model directory (use ``load_model``)."""

    path: Path
    meta: dict
    pipeline: object
    # the themes one-vs-rest's weights stacked into one matrix (built once, never saved)
    _stacked: tuple | None = field(default=None, init=False, repr=False, compare=False)

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
        """sha256 of ``model.skops``."""
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
            (equal ``fingerprint_``) is then computed once.

        Returns
        -------
        numpy.ndarray
        """
        import numpy as np

        prepared = list(prepared)
        if not prepared:
            return np.zeros((0, len(self.labels)))
        steps = self.pipeline.named_steps
        features = steps["features"]
        if shared is None or "tweets" in steps or not hasattr(features, "transformer_list"):
            # the saved pipeline's own steps (tests/test_models_persist.py holds that the
            # shared path below gives the same probabilities)
            X = self.pipeline[:-1].transform(np.asarray(prepared, dtype=object))
        else:
            X = _union_transform(features, np.asarray(prepared, dtype=object), shared)
        return self._predict_proba(steps["classifier"], X)

    def _predict_proba(self, classifier, X):
        """``classifier.predict_proba(X)``; a one-vs-rest of binary linear models as one product.

        sklearn's ``OneVsRestClassifier`` asks each theme's model in turn (eleven passes
        over ``X``); stacking their weights once gives the same probabilities in one.
        """
        import numpy as np
        from scipy.special import expit

        members = getattr(classifier, "estimators_", None)
        multilabel = getattr(getattr(classifier, "label_binarizer_", None), "y_type_", "") == "multilabel-indicator"
        if not (members and multilabel and all(getattr(e, "coef_", np.zeros((0,))).shape[:1] == (1,) for e in members)):
            return classifier.predict_proba(X)
        key = tuple((id(e), id(e.coef_), id(e.intercept_)) for e in members)
        stacked = self._stacked  # read once: another thread may replace it (with equal arrays)
        if stacked is None or stacked[0] != key:
            stacked = self._stacked = (key, np.vstack([e.coef_ for e in members]).T,
                                       np.concatenate([e.intercept_ for e in members]))
        return expit(X @ stacked[1] + stacked[2])


def _union_transform(union, X, shared: dict):
    """``FeatureUnion.transform``, reusing blocks found in ``shared`` by fingerprint."""
    from scipy import sparse

    from voices.models.vectorize import tokenize

    weights = union.transformer_weights or {}
    blocks = []
    for name, step in union.transformer_list:
        if step == "drop":
            continue
        key = getattr(step, "fingerprint_", None)
        block = shared.get(key) if key else None
        if block is None and hasattr(step, "transform_tokens"):
            if "tokens" not in shared:  # the texts are split and encoded once per batch
                shared["tokens"] = tokenize(X)
            block = step.transform_tokens(shared["tokens"])
        elif block is None:
            block = step.transform(X)
        if key:
            shared[key] = block
        if name in weights:
            block = block * weights[name]
        blocks.append(block)
    return sparse.hstack(blocks, format="csr")


def load_model(path: Path | str) -> TrainedModel:
    """Load a model directory, refusing anything tampered, truncated or incompatible.

    Parameters
    ----------
    path : path
        A directory written by ``voices train`` (``model.skops``, ``meta.json``).

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
    from voices.models.persist import load_pipeline_file, read_meta
    from voices.nlp import PREPROCESS_VERSION

    path = Path(path)
    meta = read_meta(path)
    if meta["preprocess_version"] != PREPROCESS_VERSION:
        raise ModelError(
            f"{path}: trained on preprocessing {meta['preprocess_version']!r} but this voices uses "
            f"{PREPROCESS_VERSION!r}; retrain the model with `voices train`"
        )
    key = "abstain_threshold" if meta["task"] == "stance" else "thresholds"
    if key not in meta:
        raise ModelError(f"{path / 'meta.json'}: lacks {key}; retrain the model")
    pipeline = load_pipeline_file(path, meta)
    if list(getattr(pipeline, "named_steps", {})) not in (["features", "classifier"],
                                                         ["tweets", "features", "classifier"]):
        raise ModelError(f"{path / 'model.skops'}: not a voices pipeline; retrain the model")
    return TrainedModel(path, meta, pipeline)


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
