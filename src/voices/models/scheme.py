"""Labelling schemes: the labels of a debate, their definitions and cues, and its closed answers.

The shipped schemes are package data (``voices/data/schemes/NAME.toml``), found by
name wherever voices runs; ``corpora/schemes`` in a checkout points at them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from voices.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from voices.store.corpus import Corpus


@dataclass(frozen=True, slots=True)
class LabelDef:
    """One stance or theme: its definition, examples for people and keyword cues for the model.

    ``title`` is the readable name reports show (optional ``title = "..."``; empty: the id).
    """

    name: str
    definition: str
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True, slots=True)
class Scheme:
    """A debate's labels, read from a scheme TOML file."""

    name: str
    version: int
    proposition: str
    stances: dict[str, LabelDef]
    themes: dict[str, LabelDef]
    closed_answers: dict = field(default_factory=dict)

    def labels(self, task: str) -> list[str]:
        """The labels of ``task`` ("stance" or "themes"), in file order."""
        return list(self.stances if task == "stance" else self.themes)

    def keywords(self, task: str) -> dict[str, list[str]]:
        """Keyword cues per label of ``task``."""
        defs = self.stances if task == "stance" else self.themes
        return {k: list(d.keywords) for k, d in defs.items()}


# A label id is what `voices label --stance/--themes`, label files (themes ';'-joined) and export
# columns carry: `scheme init` and `themes adopt` take no other, and neither may a hand-written file.
LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
MAX_LABEL = 64
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # a scheme's name: a label, or a shipped scheme's file name


_TITLE = "readable name goes in the scheme file, as the label's title"


def label_problem(name: str) -> str | None:
    """Why ``name`` cannot be a label id, or None when it can.

    >>> label_problem("social_work_leaders") is None, label_problem("x;y").split("; ")[1]
    (True, "a readable name goes in the scheme file, as the label's title")
    """
    # `scheme init` has no title option: the title is written in the file it makes
    if not LABEL.fullmatch(name):
        return f"a label is letters, digits, '_' or '-' (e.g. sunday_opening); a {_TITLE}"
    if len(name) > MAX_LABEL:
        return f"a label is at most {MAX_LABEL} characters; a longer {_TITLE}"
    return None


def quoted_label(name: str) -> str:
    """A label id as a message names it: quoted, control characters escaped, cut to 40 characters."""
    return repr(name if len(name) <= 40 else name[:40] + "…")


def _defs(table: object, where: str, section: str, strict: bool = True) -> dict[str, LabelDef]:
    if not isinstance(table, dict) or not table:
        raise InputError(f"{where}: needs a non-empty [{section}.<label>] table per label")
    out = {}
    for name, body in table.items():
        if strict and (problem := label_problem(name)):
            raise InputError(f"{where}: [{section}] label {quoted_label(name)}: {problem}")
        if not isinstance(body, dict) or not isinstance(body.get("definition"), str) \
                or not body["definition"].strip():
            raise InputError(f"{where}: [{section}.{name}] needs a definition = \"...\" string that says "
                             "what the label means")
        for key in ("examples", "keywords"):
            if not all(isinstance(x, str) for x in body.get(key, [])):
                raise InputError(f"{where}: [{section}.{name}] {key} must be a list of strings")
        if not isinstance(body.get("title", ""), str):
            raise InputError(f"{where}: [{section}.{name}] title must be a string")
        out[name] = LabelDef(
            name, body["definition"], tuple(body.get("examples", ())), tuple(body.get("keywords", ())),
            body.get("title", "").strip(),
        )
    return out


def packaged_scheme(name: str) -> Path | None:
    """The scheme shipped with voices under ``name``, or None.

    Examples
    --------
    >>> packaged_scheme("social-work-leadership").name
    'social-work-leadership.toml'
    >>> packaged_scheme("no-such-debate") is None
    True
    """
    from importlib.resources import files

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        return None
    path = Path(str(files("voices") / "data" / "schemes" / f"{name}.toml"))
    return path if path.is_file() else None


def load_scheme(path: Path | str) -> Scheme:
    """Read and check a scheme file: the one reader of schemes.

    Parameters
    ----------
    path : path or str
        A TOML file shaped like the shipped ``social-work-leadership`` scheme, or the
        name of a scheme shipped with voices.

    Returns
    -------
    Scheme

    Raises
    ------
    InputError
        If the file is missing or unreadable, not TOML, or lacks a required table or key.

    Examples
    --------
    >>> s = load_scheme("social-work-leadership")
    >>> s.labels("stance")
    ['social_work_leaders', 'system_leaders', 'practice_connected', 'none']
    """
    path = Path(path)
    if not path.exists():
        path = packaged_scheme(str(path)) or path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such scheme file; check the path, or give a shipped scheme's name") from None
    except IsADirectoryError:  # was the raw "[Errno 21] Is a directory"
        raise InputError(f"{path}: a folder, not a scheme file; give the .toml file inside it, or a shipped "
                         "scheme's name") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the scheme ({exc}); give a UTF-8 TOML file") from None
    return parse_scheme(text, str(path))


def parse_scheme(text: str, where: str, *, strict: bool = True) -> Scheme:
    """Check and read a scheme from its TOML text; ``where`` names it in messages.

    ``strict=False`` reads a scheme a corpus stored before label ids were checked.

    Raises
    ------
    InputError
        Not TOML, a required table or key is missing, or (``strict``) a label id is not one.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{where}: not valid TOML ({exc}); fix the file") from None
    if not isinstance(data.get("name"), str):
        raise InputError(f"{where}: needs name = \"...\" at the top")
    if strict and not (_NAME.fullmatch(data["name"]) and len(data["name"]) <= MAX_LABEL):
        # the name goes into messages, model cards and meta.json as it is, as scheme init's --name does
        raise InputError(f"{where}: name {quoted_label(data['name'])} is not a scheme name: use letters, digits, "
                         f"'_', '.' or '-' (at most {MAX_LABEL})")
    closed = data.get("consultation", {})
    closed = closed.get("closed_answers", {}) if isinstance(closed, dict) else {}
    if not isinstance(closed, dict):
        raise InputError(f"{where}: [consultation.closed_answers] must be a table")
    stances = _defs(data.get("stance"), where, "stance", strict)
    themes = _defs(data.get("themes"), where, "themes", strict) if "themes" in data else {}
    _refuse_lookalike_labels(stances, themes, where)
    return Scheme(
        name=data["name"],
        version=int(data.get("version", 1)),
        proposition=str(data.get("proposition", "")),
        stances=stances,
        themes=themes,
        closed_answers=closed,
    )


def _refuse_lookalike_labels(stances: dict[str, LabelDef], themes: dict[str, LabelDef], where: str) -> None:
    """Refuse two labels that differ only in case, or a theme named like a stance.

    Label files, ``--stance``/``--theme`` options and report columns name labels by
    their text alone, so such a pair could not be told apart where people read them.
    """
    seen: dict[str, str] = {}
    for section, defs in (("stance", stances), ("themes", themes)):
        for name in defs:
            other = seen.get(name.casefold())
            if other is not None:
                raise InputError(f"{where}: [{section}.{name}] has the name of [{other}]; labels are told "
                                 "apart by name alone: rename one")
            seen[name.casefold()] = f"{section}.{name}"


def readable(label: str) -> str:
    """A label id as words when the scheme gives no title: ``social_work_leaders`` -> 'Social work leaders'."""
    words = " ".join(label.strip("()").replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:] if words else label


def label_names(scheme: Scheme) -> tuple[dict[str, str], dict[str, str]]:
    """Each stance's and theme's id -> the readable name reports show (its title, else the id as words),
    so a person may name a label as they read it ('Stay close to practice')."""
    return ({k: d.title or readable(k) for k, d in scheme.stances.items()},
            {k: d.title or readable(k) for k, d in scheme.themes.items()})


SHIPPED_SCHEME = "social-work-leadership"


def shipped_labels(scheme: Scheme, task: str) -> list[str] | None:
    """The shipped scheme's labels of ``task`` (sorted) when ``scheme`` is not it for ``task``, else None.

    A user's scheme may reuse the shipped name with other labels: the shipped labelled texts and the shipped
    model are then another debate's, as under another name (a pooled model read the texts and refused their
    labels; a MAP model gave the shipped stances, which classify refused for the corpus)."""
    if scheme.name != SHIPPED_SCHEME:
        return None
    path = packaged_scheme(SHIPPED_SCHEME)
    assert path is not None
    shipped = sorted(load_scheme(path).labels(task))
    return shipped if sorted(scheme.labels(task)) != shipped else None


def is_shipped(scheme: Scheme, task: str) -> bool:
    """``scheme`` is the shipped one for ``task``: its name, and the shipped labels of ``task`` in any order."""
    return scheme.name == SHIPPED_SCHEME and shipped_labels(scheme, task) is None


def scheme_for(corpus: Corpus, source_id: str | None = None) -> Scheme:
    """The scheme a corpus's documents are labelled with: the one reader of a corpus's scheme.

    A scheme set for ``source_id`` (table ``source_schemes``) comes first, then the
    corpus's own (``settings`` key ``scheme``), then the shipped scheme. An older
    corpus without those tables uses the shipped scheme.

    Parameters
    ----------
    corpus : voices.store.Corpus
        An open corpus (reading is enough).
    source_id : str or None
        The document's source; None asks for the corpus-wide scheme.

    Returns
    -------
    Scheme

    Raises
    ------
    InputError
        A stored scheme that no longer reads as one.
    """
    from voices.store.settings import get_setting

    if source_id is not None and corpus.has_table("source_schemes"):
        rows = corpus.sql("SELECT scheme FROM source_schemes WHERE source_id = ?", [source_id]).fetchall()
        if rows and rows[0][0]:
            return parse_scheme(rows[0][0], f"the scheme of source {source_id} in {corpus.path}", strict=False)
    stored = get_setting(corpus, "scheme")
    if stored:
        return _stored_scheme(stored, f"the scheme of {corpus.path}")
    return load_scheme(SHIPPED_SCHEME)


def schemes_for(corpus: Corpus, source_ids: Sequence[str]) -> dict[str, Scheme]:
    """``scheme_for`` of each source, reading the corpus-wide scheme once for all the sources
    without their own (36 sources read and parsed it 36 times: 0.15 s of a ``voices classify``).

    Raises
    ------
    InputError
        A stored scheme that no longer reads as one.
    """
    own: set[str] = set()
    if source_ids and corpus.has_table("source_schemes"):
        rows = corpus.sql("SELECT source_id FROM source_schemes WHERE scheme IS NOT NULL AND scheme <> ''").fetchall()
        own = {r[0] for r in rows}
    shared: list[Scheme] = []
    out = {}
    for sid in source_ids:
        if sid in own:
            out[sid] = scheme_for(corpus, sid)
        else:
            if not shared:
                shared.append(scheme_for(corpus, None))
            out[sid] = shared[0]
    return out


def check_model_fits(scheme: Scheme, task: str, labels: list[str], where: str, *, debates: bool = False) -> None:
    """Refuse a model whose labels are not all the scheme's (a themes model may cover a subset).

    ``debates``: the model is a default nobody named, checked against this scheme without the task's labels
    beside another source's scheme with them (a corpus of two debates): the fix is classifying them apart.

    Raises
    ------
    voices.errors.ModelError
        Naming the labels the scheme does not have.
    """
    from voices.errors import ModelError
    from voices.models.trained import default_model_dir

    extra = [lab for lab in labels if lab not in scheme.labels(task)]
    if not extra:
        return
    # the user gave no such path: the model classify falls back to is named as what it is
    shipped = Path(where).resolve() == default_model_dir(task).resolve()
    name = f"the shipped {task} model ({where})" if shipped else where
    train = (f"train one on this corpus (voices train --task {task} --corpus CORPUS --out DIR), then give it with "
             f"voices classify --{task}-model DIR")
    fix = f"{train}, or set another scheme with voices scheme set"
    if debates:  # nobody gave it: a plain classify of a corpus of two debates
        fix = (f"the scheme has no {task}, and another source's scheme has: classify each debate's sources apart "
               f"(voices classify --source ID, stance only for this one)")
    elif not scheme.labels(task):  # nothing to train on until the scheme has one
        # a scheme without themes classifies stance only: leaving the flag out is the first way out
        fix = (f"the scheme has no {task}, and no {task} model fits it: leave out --{task}-model to classify stance "
               f"only, or add {task} to the scheme ([{task}.NAME] with a definition, then voices scheme set), label "
               f"texts with them and {train}")
    raise ModelError(f"{name}: its {task} labels {', '.join(extra)} are not in the corpus's scheme "
                     f"{scheme.name!r}; {fix}")


def _stored_scheme(value: object, where: str) -> Scheme:
    """A ``settings`` scheme value: TOML text, a shipped scheme's name, or ``{"toml": ...}``."""
    if isinstance(value, dict):
        value = value.get("toml") or value.get("scheme") or value.get("path")
    if not isinstance(value, str):
        raise InputError(f"{where}: the stored scheme is not text; set it again with `voices scheme set`")
    if "\n" in value or "[" in value:
        return parse_scheme(value, where, strict=False)
    return load_scheme(value)
