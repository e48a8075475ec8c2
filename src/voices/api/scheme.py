"""Use cases on labelling schemes: write a new debate's scheme, set the scheme a corpus uses."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from voices.api._events import ProgressCallback, migrate
from voices.errors import InputError, UsageError

_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class SchemeInitResult:
    """The scheme file written: its path, name, stances and themes."""

    path: Path
    name: str
    stances: list[str]
    themes: list[str]


@dataclass(frozen=True)
class SchemeSetResult:
    """The scheme stored in a corpus: its name, and the source it is for (None: corpus-wide)."""

    corpus: Path
    name: str
    source: str | None


def _utf8(text: str, option: str) -> str:
    """``text`` once it is text a UTF-8 file can hold: bytes the terminal could not decode reach Python as
    lone surrogates, and writing the scheme then failed with a UnicodeEncodeError (exit 1)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option}: holds bytes that are not UTF-8 text; type it in a UTF-8 terminal") from None
    return text


def _pairs(values: Sequence[str], option: str) -> dict[str, str]:
    from voices.models.scheme import label_problem, quoted_label

    out: dict[str, str] = {}
    for value in values:
        name, sep, definition = value.partition("=")
        name, definition = name.strip(), _utf8(definition.strip(), f"{option} {name.strip()!r}")
        if not sep or not definition:
            raise UsageError(f"{option} {value!r}: give NAME=DEFINITION, e.g. {option} for=\"Sunday opening is wanted\"")
        if problem := label_problem(name):
            raise UsageError(f"{option} {quoted_label(name)}: {problem}")
        if name.casefold() in {n.casefold() for n in out}:
            raise UsageError(f"{option} {name!r} is given twice (letter case aside); give each label once")
        out[name] = definition
    return out


def _toml(name: str, proposition: str, stances: dict[str, str], themes: dict[str, str]) -> str:
    # a JSON string is a TOML basic string, but for DEL, which TOML refuses raw and JSON leaves so
    q = lambda s: json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")  # noqa: E731
    lines = ["# Written by `voices scheme init`: add examples and keywords per label as you learn the debate",
             "# (the shape is described in voices' shipped scheme, social-work-leadership.toml).", "",
             f"name = {q(name)}", "version = 1", f"proposition = {q(proposition)}"]
    for section, defs in (("stance", stances), ("themes", themes)):
        for label, definition in defs.items():
            lines += ["", f"[{section}.{label}]", f"definition = {q(definition)}", "examples = []", "keywords = []"]
    return "\n".join(lines) + "\n"


def scheme_init(proposition: str, stances: Sequence[str], out: Path | str, *, themes: Sequence[str] = (),
                name: str | None = None, stream: IO[str] | None = None) -> SchemeInitResult:
    """Write a scheme TOML for a new debate (the shape of the shipped schemes).

    Parameters
    ----------
    proposition : str
        What is debated, as one sentence.
    stances : sequence of str
        ``NAME=DEFINITION`` per stance (at least two).
    out : path-like
        The file to write; an existing file is never replaced. ``-``: written to ``stream``
        (standard output, as ``--out -`` is for export, report and quotes); ``name`` is then needed.
    themes : sequence of str
        ``NAME=DEFINITION`` per theme.
    name : str or None
        The scheme's name (default: the file name without ``.toml``).
    stream : text stream or None
        Where ``out`` ``-`` writes.

    Returns
    -------
    SchemeInitResult

    Raises
    ------
    voices.errors.UsageError
        A malformed or repeated label, fewer than two stances, an existing ``out``, or ``out`` ``-``
        without ``name``.

    Examples
    --------
    >>> scheme_init("Open the library on Sundays", ["for=Wants it", "against=Does not"], "lib.toml")  # doctest: +SKIP
    """
    from voices._atomic import atomic_write_text
    from voices.models.scheme import parse_scheme

    out = Path(out)
    if not _utf8(proposition, "--proposition").strip():
        raise UsageError("--proposition is empty: say what is debated in one sentence")
    stance_defs, theme_defs = _pairs(stances, "--stance"), _pairs(themes, "--theme")
    clash = [n for n in theme_defs if n.casefold() in {s.casefold() for s in stance_defs}]
    if clash:
        raise UsageError(f"--theme {clash[0]!r} has the name of a --stance; labels are told apart by name "
                         "alone: rename one")
    if len(stance_defs) < 2:
        raise UsageError("give at least two --stance NAME=DEFINITION (for example one for, one against, and none)")
    to_stream = str(out) == "-"  # a file named '-' was written (or the name '-' refused) where stdout was meant
    if to_stream and not name:
        raise UsageError("--out - prints the scheme: give --name NAME too (a file's name gives it otherwise)")
    if not to_stream and out.exists():
        raise UsageError(f"{out} already exists: choose another --out, or edit that file")
    name = name or out.stem
    if not _LABEL.fullmatch(name):
        raise UsageError(f"scheme name {name!r}: use letters, digits, '_' or '-' (give --name)")
    text = _toml(name, proposition.strip(), stance_defs, theme_defs)
    parse_scheme(text, "-" if to_stream else str(out))  # what is written reads back as a scheme
    if to_stream:
        if stream is None:
            raise UsageError("--out - writes to a stream: none was given")
        stream.write(text)
        stream.flush()
    else:
        atomic_write_text(out, text)
    return SchemeInitResult(out, name, list(stance_defs), list(theme_defs))


def scheme_set(corpus: Path | str, scheme: Path | str, *, source: str | None = None,
               progress: ProgressCallback | None = None) -> SchemeSetResult:
    """Store a scheme in the corpus: corpus-wide (``settings`` key ``scheme``) or for one source.

    Labels, training and reports then use it (``voices.models.scheme.scheme_for``).

    Parameters
    ----------
    corpus : path-like
        The corpus file.
    scheme : path-like
        A scheme TOML file, or the name of a shipped scheme. It is checked, then
        stored as text (later edits to the file change nothing until set again).
    source : str or None
        A source id (or unique prefix): the scheme for that source only, when a corpus
        mixes debates.

    Returns
    -------
    SchemeSetResult

    Raises
    ------
    voices.errors.InputError
        A missing or malformed scheme file, or one lacking labels people already gave.
    voices.errors.NotFoundError
        An unknown source.
    """
    from voices.models.scheme import load_scheme, packaged_scheme
    from voices.store import Corpus
    from voices.store.settings import labels_in_use, set_setting, set_source_scheme

    path = Path(scheme)
    if not path.exists():
        path = packaged_scheme(str(scheme)) or path
    loaded = load_scheme(path)
    text = path.read_text(encoding="utf-8")
    if not Path(corpus).is_file():
        raise InputError(f"no corpus at {corpus}: ingest something first (voices ingest FILE)")
    migrate(corpus, progress)
    with Corpus.open(corpus, write=True, create=False) as c:
        sid = c.resolve_sources([source])[0] if source is not None else None
        _refuse_orphaned_labels(loaded, *labels_in_use(c, sid), where=f"{path}")
        with c.transaction():
            if sid is None:
                set_setting(c, "scheme", {"toml": text})
            else:
                set_source_scheme(c, sid, text)
    return SchemeSetResult(Path(corpus), loaded.name, sid)


def _refuse_orphaned_labels(scheme, stances: set[str], themes: set[str], where: str) -> None:
    lost = sorted(stances - set(scheme.labels("stance"))) + sorted(themes - set(scheme.labels("themes")))
    if lost:
        raise InputError(f"{where}: people's labels in the corpus use {', '.join(lost)}, which scheme "
                         f"{scheme.name!r} lacks; add them to the scheme, or relabel those texts first")


__all__ = ["SchemeInitResult", "SchemeSetResult", "scheme_init", "scheme_set"]
