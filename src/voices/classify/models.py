"""The models classify tags with: loading a stance and a themes model, and ``NO_THEMES``.

``NO_THEMES`` stands in for the themes model of a scheme that has no themes, so the
rest of classify runs one code path whether or not a text can get themes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from voices.errors import ModelError

__all__ = ["NO_THEMES", "NoThemes", "load_models"]


class NoThemes:
    """The themes model of a scheme without themes: every text gets no themes, from no model.

    Stored as a missing themes prediction always was (a non-English text's): ``themes`` an
    empty list, ``theme_probabilities`` ``{}``, and ``themes_model`` NULL, since no model tagged them.
    """

    task = "themes"
    model_id = None
    path = None
    labels: ClassVar[list[str]] = []
    meta: ClassVar[dict[str, Any]] = {}

    @property
    def thresholds(self) -> Any:
        import numpy as np

        return np.zeros(0)

    def probabilities(self, prepared: Sequence[str], shared: dict | None = None) -> Any:
        import numpy as np

        return np.zeros((len(prepared), 0))

    def predict_prepared(self, prepared: Sequence[str]) -> list[Any]:
        from types import SimpleNamespace

        return [SimpleNamespace(labels=[], probabilities={}) for _ in prepared]


NO_THEMES = NoThemes()


def load_models(stance_model: Path | str | None = None, themes_model: Path | str | None = None) -> tuple[Any, Any]:
    """Load the stance and themes models (the shipped ones by default; ``NO_THEMES`` is passed through).

    ``shipped:stance`` and ``shipped:themes`` name the shipped models (``shipped_model_dir``).

    Raises
    ------
    ModelError
        A directory that does not exist, is not a model, or holds the other task's model.
    """
    from voices.models import default_model_dir, load_model
    from voices.models.trained import shipped_model_dir

    loaded = []
    for task, given in (("stance", stance_model), ("themes", themes_model)):
        if given is NO_THEMES:  # a scheme without themes: no model to read
            loaded.append(NO_THEMES)
            continue
        # shipped:stance names the shipped model, as for evaluate --model and report --stance-model
        path = (shipped_model_dir(given) or Path(given)) if given is not None else default_model_dir(task)
        if not path.is_dir():
            raise ModelError(
                f"no {task} model at {path}: give --{task}-model DIR (a `voices train` output)"
                if given is not None
                else f"the shipped {task} model is missing at {path}: reinstall voices or give --{task}-model"
            )
        model = load_model(path)
        if model.task != task:
            raise ModelError(f"{path} holds a {model.task} model, not a {task} model: check --{task}-model")
        loaded.append(model)
    return loaded[0], loaded[1]

