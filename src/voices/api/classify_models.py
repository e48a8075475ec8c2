"""Which models a classify uses: the corpus's defaults, their checks against its schemes, and pinning new ones.

``load_models`` reads each model once for a caller that classifies and then reports; the
checks refuse a default folder that is gone or changed, and a model whose labels a source's
scheme lacks; ``_remember_models`` stores the models a classify was given as the corpus's defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

TASKS = ("stance", "themes")


def load_models(stance_model: Path | str | Any | None = None, themes_model: Path | str | Any | None = None, *,
                corpus: Path | str | None = None, sources: Sequence[str] = ()) -> tuple[Any, Any]:
    """The stance and themes models, for a caller that classifies and then reports: pass them to
    ``classify`` and ``report`` and each model is read once.

    For None: the corpus's default model (set by an earlier ``classify`` with a model
    directory) when ``corpus`` has one, else the shipped model. With ``corpus``, each
    model must fit the scheme of the corpus (or of each of ``sources``).

    Raises
    ------
    voices.errors.ModelError
        A missing or damaged model, one of the other task, a corpus default whose
        ``model_id`` changed at its path, or labels the corpus's scheme lacks.
    """
    import contextlib

    from voices.store import Corpus

    in_corpus = corpus is not None and Path(corpus).is_file()
    # one reading open for the defaults and the fit check (each open costs 15-35 ms)
    with Corpus.open(corpus) if in_corpus else contextlib.nullcontext() as c:
        return _load_models_in(c, stance_model, themes_model, sources)


def _load_models_in(c: Any, stance_model: Any, themes_model: Any, sources: Sequence[str]) -> tuple[Any, Any]:
    """``load_models`` with the corpus ``c`` open already (None: no corpus)."""
    from voices.classify import load_models as load

    given = [stance_model, themes_model]
    defaults = _corpus_defaults(c) if c is not None else {}
    loaded = [hasattr(g, "predict_prepared") for g in given]
    # what to read: nothing for a loaded model, else the path given, else the corpus's default
    paths = [None if done else g if g is not None else (defaults.get(t) or {}).get("path")
             for t, g, done in zip(TASKS, given, loaded, strict=True)]
    schemes = _schemes(c, sources) if c is not None else []
    if c is not None and themes_model is None and not any(s.labels("themes") for s in schemes):
        # a scheme without themes classifies stance only: neither the shipped themes model's themes nor
        # those of a themes model an earlier classify set (before `scheme set` to this one) are its
        from voices.classify import NO_THEMES

        paths[1] = NO_THEMES
    for task, g, path in zip(TASKS, given, paths, strict=True):
        if g is None and isinstance(path, str | Path):
            _check_default(task, path)
    fresh = (None, None) if all(loaded) else load(*paths)
    models = tuple(g if done else f for g, f, done in zip(given, fresh, loaded, strict=True))
    for task, g, model in zip(TASKS, given, models, strict=True):
        want = (defaults.get(task) or {}).get("model_id")
        if g is None and want and model.model_id is not None and model.model_id != want:  # None: NO_THEMES
            raise _changed(task, defaults[task]["path"], model.model_id, want)
    if c is not None:
        if themes_model is None and paths[1] is None and _misfits_every(schemes, models[1]):
            # a new debate's scheme has themes but no themes model yet: nobody asked for the shipped one, so
            # stance is tagged and themes are not (classify says so) rather than refusing the whole command
            from voices.classify import NO_THEMES

            models = (models[0], NO_THEMES)
        _check_fit(schemes, models, given)
    return models[0], models[1]


def _changed(task: str, path: str, now: str, was: str) -> Exception:
    from voices.errors import ModelError

    return ModelError(f"the corpus's {task} model at {path} is now model {now[:12]}, not {was[:12]} as when it was "
                      f"set: give --{task}-model {path} to use the new one (it retags), or restore the old one")


def _check_default(task: str, path: str) -> None:
    """Refuse a corpus default model folder that is gone or now holds the other task's model.

    Deleted on purpose, moved, or retrained for the other task: either way the user gave no
    ``--{task}-model`` this time, so the message says whose folder it is and the way back to
    the shipped model: ``shipped:{task}``, which classify takes (its folder, inside the installed
    package, made a long path to copy).
    """
    import json

    from voices.errors import ModelError
    from voices.models.persist import META_FILE, META_LIMIT, read_model_file

    folder = Path(path)
    try:
        now = json.loads(read_model_file(folder, META_FILE, META_LIMIT)).get("task")
    except (OSError, ValueError, AttributeError, ModelError):  # a FIFO there hung classify
        now = task  # a folder that is there but unreadable: loading it says what is wrong
    what = "is gone" if not folder.is_dir() else f"now holds a {now} model" if now != task else None
    if what is not None:
        raise ModelError(f"the corpus's {task} model at {path} (set by an earlier classify --{task}-model) {what}: "
                         f"give --{task}-model DIR for another, or --{task}-model shipped:{task} to go "
                         "back to the shipped one")


def _corpus_defaults(c: Any) -> dict[str, dict]:
    """The models an earlier classify set as the open corpus ``c``'s defaults."""
    from voices.store.settings import get_setting

    return {t: v for t in TASKS if isinstance(v := get_setting(c, f"{t}_model"), dict) and v.get("path")}


def _schemes_have_themes(c: Any, sources: Sequence[str]) -> bool:
    """Whether the scheme of the open corpus ``c`` (or of any of ``sources``) has themes."""
    return any(scheme.labels("themes") for scheme in _schemes(c, sources))


def _schemes(c: Any, sources: Sequence[str]) -> list[Any]:
    """The schemes of ``sources`` in the open corpus ``c``; with none given, of every source it holds.

    Every source, not the corpus-wide scheme alone: in a corpus of two debates (``scheme set --source``)
    a plain classify tagged the second debate's texts with the shipped themes its scheme lacks."""
    from voices.models.scheme import scheme_for, schemes_for

    if sources:
        return list(schemes_for(c, c.resolve_sources(sources)).values())
    held = c.sql("SELECT source_id FROM source_schemes WHERE scheme IS NOT NULL AND scheme <> ''").fetchall() \
        if c.has_table("source_schemes") else []
    if not held:
        return [scheme_for(c)]
    stored = [r[0] for r in c.sql("SELECT DISTINCT source_id FROM documents ORDER BY 1").fetchall()]
    return list({id(s): s for s in schemes_for(c, stored).values()}.values()) if stored else [scheme_for(c)]


def _misfits_every(schemes: Sequence[Any], model: Any) -> bool:
    """Whether ``model`` (the shipped themes model, loaded) has a theme that every one of ``schemes`` lacks.

    Every scheme, not one: in a corpus of two debates, a source under the shipped scheme would otherwise be
    tagged with no themes; there the refusal, which names the flag, stays."""
    labels = getattr(model, "labels", None) or []
    return bool(labels) and all(any(lab not in scheme.labels("themes") for lab in labels) for scheme in schemes)


def themes_not_tagged(c: Any, sources: Sequence[str], themes_model: Any) -> str:
    """What to tell a user whose scheme has themes that no themes model tagged (empty when none)."""
    from voices.classify import NO_THEMES

    if themes_model is not NO_THEMES or not _schemes_have_themes(c, sources):
        return ""
    return ("themes not tagged: the scheme has themes and no themes model fits it (the shipped one tags the "
            "shipped scheme's): label texts with its themes, train one (voices train --task themes --corpus "
            "CORPUS --out DIR), then voices classify --themes-model DIR")


def _check_fit(schemes: Sequence[Any], models: tuple[Any, Any], given: Sequence[Any]) -> None:
    """Refuse models whose labels one of ``schemes`` (the corpus's, or each source's) lacks; ``given``: the
    models the caller named (None: a default), so a refusal names a flag only when one was given."""
    from voices.models.scheme import check_model_fits

    for scheme in schemes:
        for task, model, named in zip(TASKS, models, given, strict=True):
            labels = getattr(model, "labels", None)
            if labels is not None:
                # a default model under a scheme without this task's labels, beside a scheme with them: two debates
                apart = named is None and not scheme.labels(task) and any(s.labels(task) for s in schemes)
                check_model_fits(scheme, task, list(labels), str(getattr(model, "path", f"the {task} model")),
                                 debates=apart)


def _remember_models(c: Any, models: tuple[Any, Any]) -> dict[str, dict[str, str]]:
    """Store the models classify used as the open corpus ``c``'s defaults (path and model_id), unless shipped;
    return the defaults that changed (task -> path, model_id and whether it is the shipped model, whose pin is
    cleared), so classify can say what a plain call uses."""
    from voices.models import default_model_dir
    from voices.store.settings import get_setting, set_setting

    changed = {}
    with c.transaction():
        for task, model in zip(TASKS, models, strict=True):
            path = getattr(model, "path", None)
            if path is None:
                continue
            path = Path(path).resolve()
            if path == default_model_dir(task).resolve():  # back to the shipped model: it is no default to pin
                if get_setting(c, f"{task}_model") is not None:  # said too: the folder it replaced is no longer used
                    set_setting(c, f"{task}_model", None)
                    changed[task] = {"path": str(path), "model_id": model.model_id, "shipped": True}
                continue
            pinned = {"path": str(path), "model_id": model.model_id}
            if get_setting(c, f"{task}_model") != pinned:
                set_setting(c, f"{task}_model", pinned)
                changed[task] = pinned | {"shipped": False}
    return changed
