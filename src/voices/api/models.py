"""Use cases on models: train one, evaluate one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.api._events import ProgressCallback, check_seed, choice, tell
from voices.errors import InputError, UsageError

if TYPE_CHECKING:
    from voices.models.train import TrainResult


def expand_data_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Labelled-data arguments with folders expanded to their ``*.jsonl``/``*.csv`` files (sorted)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".csv"))
            if not found:
                raise InputError(f"{path}: no .jsonl or .csv files in this folder: give labelled files")
            out += found
        else:
            out.append(path)
    return out


def train(data: Iterable[Path | str], task: str, out: Path | str, *, corpus: Path | str | None = None,
          scheme: Path | str | None = None, text_field: str = "text", label_field: str | None = None,
          group_field: str | None = None, seed: int = 0, abstain_precision: float = 0.9,
          objective: str = "macro_f1", tokenizer: str = "default", redact: bool = True,
          adapt: str | None = None, progress: ProgressCallback | None = None) -> TrainResult:
    """Train a stance or themes model: grouped cross-validation picks the settings, then calibration.

    With ``corpus``, a stance model under the shipped scheme is the shipped model adapted to the
    corpus's human labels (its validation sample left out) by MAP (``adapt="map"``, the default);
    otherwise (``adapt="pooled"``, themes, another scheme, ``data``) the training data is the shipped
    labelled corpus (under the shipped scheme), those labels and ``data``, the labels' weight chosen by
    CV on them.

    Parameters
    ----------
    data : iterable of path-like
        Labelled ``.jsonl``/``.csv`` files, or folders of them (may be empty with ``corpus``).
    task : {"stance", "themes"}
        What to predict.
    out : path-like
        Model directory to write.
    corpus : path-like or None
        Also learn from this corpus's human labels (its scheme is used; ``scheme``,
        the field options, ``objective`` and ``tokenizer`` stay at their defaults).
    scheme, text_field, label_field, group_field, seed, abstain_precision, objective, tokenizer
        See ``voices train --help``.
    adapt : {"map", "pooled"} or None
        With ``corpus``: how its labels adapt the shipped model (``voices.models.adapt.train_from_corpus``);
        None: the default, ``"map"``.
    redact : bool
        Redact the user's texts before fitting (``voices.models.redacted``); False (``--no-redact``)
        only for files naming public figures alone, and never with ``corpus``.
    progress : callable or None
        Receives ``Progress("train", message)`` at each step.

    Returns
    -------
    voices.models.train.TrainResult
        The model directory, its ``meta.json`` and the seconds it took.

    Raises
    ------
    voices.errors.LabelError
        Labelled data that cannot be trained on (too few texts or labels).
    voices.errors.UsageError
        An unknown ``task``, ``objective``, ``tokenizer`` or ``adapt`` (each taken in any case), a negative
        ``seed``, no data at all, or options that do not go with ``corpus``.
    """
    from voices.models.adapt_map import ADAPT_METHODS
    from voices.models.data import TASKS
    from voices.models.train import OBJECTIVES, TOKENIZERS
    from voices.models.train import train as train_model

    # in any case, as --format and --queue are; and all before reading a file ("--tokenizer Tweets" was refused
    # only after the labelled files were read and checked)
    task, objective, tokenizer = (choice(v, c, o) for v, c, o in ((task, TASKS, "--task"),
                                  (objective, OBJECTIVES, "--objective"), (tokenizer, TOKENIZERS, "--tokenizer")))
    adapt = None if adapt is None else choice(adapt, ADAPT_METHODS, "--adapt")
    check_seed(seed)
    data = list(data)
    tell_train = (lambda msg: tell(progress, "train", msg)) if progress else None
    if corpus is not None:
        from voices.models.adapt import train_from_corpus

        given = [opt for opt, on in (("--scheme", scheme is not None), ("--text-field", text_field != "text"),
                                     ("--label-field", label_field is not None),
                                     ("--group-field", group_field is not None),
                                     ("--objective", objective != "macro_f1"), ("--tokenizer", tokenizer != "default"),
                                     ("--no-redact", not redact))
                 if on]
        if given:
            raise UsageError(f"{', '.join(given)} do not go with --corpus (the corpus's scheme and labels are used); "
                             "drop them, or train from --data files alone")
        made = train_from_corpus(corpus, task, out, data=expand_data_paths(data), seed=seed,
                                 abstain_precision=abstain_precision, adapt=adapt, progress=tell_train)
        return _replaced_default(corpus, task, out, made)
    if adapt is not None:
        raise UsageError("--adapt goes with --corpus (it says how your corpus's labels adapt the shipped model); "
                         "drop it, or give --corpus")
    if not data:
        raise UsageError("give labelled files with --data, or a corpus whose labels to learn from with --corpus")
    return train_model(
        expand_data_paths(data), task, out, scheme=scheme, text_field=text_field, label_field=label_field,
        group_field=group_field, seed=seed, abstain_precision=abstain_precision, objective=objective,
        tokenizer=tokenizer, redact=redact, progress=tell_train,
    )


def _replaced_default(corpus: Path | str, task: str, out: Path | str, made: TrainResult) -> TrainResult:
    """``made`` with a warning when ``out`` was the corpus's ``task`` model (an earlier ``classify --TASK-model``)
    and now holds another: retraining in place (as ``voices delete`` advises) left a plain classify refusing
    the folder, and nothing said so until then."""
    import dataclasses

    from voices.store import Corpus
    from voices.store.settings import get_setting

    with Corpus.open(corpus) as c:
        pinned = get_setting(c, f"{task}_model")
    new = str(made.meta.get("model_id", ""))
    if (not isinstance(pinned, dict) or not pinned.get("path") or pinned.get("model_id") == new
            or Path(pinned["path"]).resolve() != Path(made.model_dir).resolve()):
        return made
    note = (f"{out} held model {str(pinned.get('model_id'))[:12]}, the {task} model corpus {corpus} classifies with; "
            f"it now holds model {new[:12]}: give voices classify --{task}-model {out} to retag with it "
            "(a plain classify refuses the changed folder)")
    return dataclasses.replace(made, warnings=(*made.warnings, note))


@dataclass(frozen=True)
class EvaluateResult:
    """A model's scores on labelled data: ``task``, ``model_id``, ``n`` and every figure in ``metrics``."""

    task: str
    model_id: str
    n: int
    metrics: dict[str, Any] = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """What ``voices evaluate --json`` prints."""
        return self.metrics


def evaluate(model: Path | str, data: Iterable[Path | str], *, text_field: str = "text",
             label_field: str | None = None, allow_overlap: bool = False) -> EvaluateResult:
    """Per-label precision/recall/F1, macro-F1 and accuracy with 95% intervals, confusion matrix.

    Parameters
    ----------
    model : path-like
        Model directory, or ``shipped:stance`` / ``shipped:themes`` for a shipped model.
    data : iterable of path-like
        Labelled ``.jsonl``/``.csv`` files, or folders of them.
    text_field, label_field : str or None
        Columns holding the text and the label (default: the model's task).
    allow_overlap : bool
        Also score texts the model was trained on.

    Returns
    -------
    EvaluateResult

    Raises
    ------
    voices.errors.LabelError
        Texts the model was trained on (unless ``allow_overlap``), or unusable labels.
    voices.errors.ModelError
        A missing or damaged model directory.
    """
    from voices.models.evaluate import evaluate as evaluate_model

    found = evaluate_model(model, expand_data_paths(data), text_field=text_field, label_field=label_field,
                           allow_overlap=allow_overlap)
    return EvaluateResult(found["task"], found["model_id"], found["n"], found)
