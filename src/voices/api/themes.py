"""Use cases on discovered themes: find themes nobody coded, adopt one into the corpus's scheme."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voices.api._events import ProgressCallback, migrate, tell
from voices.errors import InputError, NotFoundError, UsageError

__all__ = ["AdoptResult", "DiscoverResult", "adopt_theme", "discover_themes"]

ADOPT_QUEUE = "learning"


@dataclass(frozen=True)
class DiscoverResult:
    """A discovery run, stored in the corpus: ``result`` is the JSON the README describes."""

    corpus: Path
    result: dict[str, Any] = field(repr=False)

    @property
    def run_id(self) -> str:
        return self.result["run_id"]


@dataclass(frozen=True)
class AdoptResult:
    """A discovered theme added to the corpus's scheme, and its documents queued for review."""

    corpus: Path
    theme_id: str
    name: str
    scheme: str
    run_id: str
    queued: int
    queue: str = ADOPT_QUEUE


def _need_corpus(corpus: Path | str) -> None:
    if not Path(corpus).is_file():
        raise InputError(f"no corpus at {corpus}: ingest something first (voices ingest FILE)")


def parse_n(value: str | int) -> int | str:
    """``--n`` as given: a number of themes or ``auto``.

    >>> parse_n("8"), parse_n("AUTO")
    (8, 'auto')
    """
    text = str(value).strip().lower()
    if text == "auto":
        return "auto"
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"--n {value!r}: give a number of themes (2 or more) or auto") from None


def discover_themes(corpus: Path | str, *, source: str | None = None, n: int | str = "auto", redact: bool = True,
                    progress: ProgressCallback | None = None) -> DiscoverResult:
    """Find recurring themes in the corpus's texts, including ones the codebook lacks, and store the run.

    Needs no classified corpus; where it is classified (or labelled), each theme's
    overlap with the codebook's themes is given. The same texts and options give the
    same result, byte for byte (the run id is hashed from them).

    Parameters
    ----------
    corpus : path-like
        The corpus file (must exist).
    source : str or None
        Only this source (id or unique prefix).
    n : int or "auto"
        How many themes to fit; ``auto`` chooses by stability.
    redact : bool
        Redact exemplar sentences (names, e-mails, phones...) and keep identifiers out of
        the terms, as md and html reports do; the result then shows document ids keyed
        with the corpus's secret (``k…``, as redacted reports do), while the stored run
        keeps the plain ids.

    Returns
    -------
    DiscoverResult

    Raises
    ------
    voices.errors.UsageError
        A bad ``n``.
    voices.errors.InputError
        No corpus, or too few texts.
    voices.errors.NotFoundError
        An unknown source.

    Examples
    --------
    >>> run = discover_themes("study.duckdb", n="auto")  # doctest: +SKIP
    >>> [t["name"] for t in run.result["themes"]]  # doctest: +SKIP
    """
    from voices.nlp.preprocess import PREPROCESS_VERSION
    from voices.store import Corpus
    from voices.store.discovered import discovery_frame, save_run
    from voices.themes import DiscoveryOptions, discover

    options = DiscoveryOptions(n=parse_n(n), redact=redact)
    _need_corpus(corpus)
    migrate(corpus, progress)
    with Corpus.open(corpus, write=True, create=False) as c:
        sids = c.resolve_sources([source]) if source is not None else None
        frame = discovery_frame(c, sids, PREPROCESS_VERSION)
        if frame.empty:
            raise InputError(f"{corpus} holds no texts{' in source ' + sids[0] if sids else ''} to find themes in: "
                             "ingest some first (voices ingest FILE)")
        codebook = [None if _is_na(v) else [str(t) for t in v] for v in frame.pop("codebook")]

        def relay(stage: str, done: int, total: int) -> None:
            tell(progress, "discover", f"themes: {stage}", done, total)

        # exemplars hide the names voices delete erased too: others' texts still write them
        redactor = _corpus_redactor(c, list(frame["author"])) if redact else None
        result = discover(frame, options=options, codebook=codebook, redactor=redactor, progress=relay)
        stored = {**options.as_json(), "source": sids[0] if sids else None}
        with c.transaction():
            save_run(c, result["run_id"], stored, result)
        if redact:  # plain ids hash the author: whoever has a list of names could recompute them
            result = _redacted(result, c)
    return DiscoverResult(Path(corpus), result)


def _corpus_redactor(corpus: Any, authors: list[Any]) -> Any:
    """A redactor for ``authors`` that also hides the names ``voices delete`` erased from the corpus
    (``voices.redact.erased``): an erased author is off the author list, not out of others' texts."""
    from voices.redact import IdMask, Redactor

    return Redactor(authors, erased=IdMask.for_corpus(corpus).erased)


def _redacted(result: dict[str, Any], corpus: Any) -> dict[str, Any]:
    """A copy of a discovery result as every redacted output shows it: document ids keyed with the
    corpus's secret, source ids keyed too (a plain one hashes the URL or title: ``Redactor.show_source_id``),
    and questions redacted (a header can name someone). The stored run keeps them as they are."""
    from voices.redact import IdMask, Redactor, distinct_keys
    from voices.store.discovered import redaction_context

    authors, titles = redaction_context(corpus)
    redactor = Redactor(authors, ids=IdMask.for_corpus(corpus))
    show = redactor.show_id
    redactor.source_titles(titles.get(s) for t in result["themes"] for s in t.get("shares", {}).get("source", {}))
    redactor.questions(q for t in result["themes"] for q in t.get("shares", {}).get("question", {}))

    def shares(by: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        return {**by, "source": distinct_keys((redactor.show_source_id(s, titles.get(s)), v)
                                              for s, v in by.get("source", {}).items()),
                "question": distinct_keys((redactor.question(q), v) for q, v in by.get("question", {}).items())}

    themes = [{**t, "doc_ids": [show(d) for d in t.get("doc_ids", [])],
               "exemplars": [{**e, "doc_id": show(e["doc_id"]), "id": show(e["doc_id"]),
                              "quote": e.get("quote", e["text"])} for e in t.get("exemplars", [])],
               **({"shares": shares(t["shares"])} if "shares" in t else {})}
              for t in result["themes"]]
    return {**result, "themes": themes}


def _is_na(value: object) -> bool:
    """A missing list cell: None, NaN or pandas' NA (a list is never missing, even empty)."""
    import pandas as pd

    return not hasattr(value, "__len__") and bool(pd.isna(value))


def adopt_theme(corpus: Path | str, theme_id: str, *, name: str, description: str, run: str | None = None,
                progress: ProgressCallback | None = None) -> AdoptResult:
    """Add a discovered theme to the corpus's scheme and queue its texts for review.

    The scheme is the corpus's own (``voices scheme set``), or the shipped one when it
    has none; the new theme gets ``description`` as its definition and the discovered
    terms as keyword cues. The theme's exemplars, then its other members, go to the
    ``learning`` review queue (reason ``adopted:<id>``), so a person labels them and
    ``voices train --task themes --corpus`` learns the theme.

    Parameters
    ----------
    corpus : path-like
    theme_id : str
        A theme's ``id`` from ``voices themes discover`` (``d-`` and 8 hex digits).
    name : str
        The new theme's label: letters, digits, ``_`` or ``-``, not yet in the scheme.
    description : str
        Its definition, one sentence people label by.
    run : str or None
        The discovery run (default: the newest).

    Returns
    -------
    AdoptResult

    Raises
    ------
    voices.errors.UsageError
        A malformed or existing name, an empty description, or a theme the scheme has
        already (adopted before under another name: its keyword cues are this theme's).
    voices.errors.NotFoundError
        No discovery run, or no such theme in it.
    """
    from voices.api.scheme import _LABEL
    from voices.models.scheme import parse_scheme, scheme_for
    from voices.store import Corpus
    from voices.store.discovered import latest_run, queue_documents
    from voices.store.settings import set_setting

    if not _LABEL.fullmatch(name or ""):
        raise UsageError(f"--name {name!r}: a theme id is letters, digits, '_' or '-' (e.g. lone_working)")
    if not description.strip():
        raise UsageError("--description is empty: say in one sentence what texts of this theme are about")
    _need_corpus(corpus)
    migrate(corpus, progress)
    with Corpus.open(corpus, write=True, create=False) as c:
        found = latest_run(c, run)
        if found is None:
            where = f"no discovery run {run!r}" if run else "no discovery run"
            raise NotFoundError(f"{corpus} has {where}: run voices themes discover first")
        theme = next((t for t in found["themes"] if t["id"] == theme_id), None)
        if theme is None:
            ids = ", ".join(t["id"] for t in found["themes"][:5])
            raise NotFoundError(f"no theme {theme_id!r} in discovery run {found['run_id']}; its themes are {ids}"
                                " (see voices themes discover --json)")
        scheme = scheme_for(c)
        if name in scheme.themes:
            raise UsageError(f"--name {name!r}: scheme {scheme.name!r} already has that theme; choose a new name")
        terms = theme["terms"] if found.get("terms_screened") else _screened_terms(c, theme)
        # adopted before (under another name): a second copy would split one theme's labels in two
        twin = next((k for k, d in scheme.themes.items() if terms and list(d.keywords) == terms[:5]), None)
        if twin is not None:
            raise UsageError(f"theme {theme_id} is in scheme {scheme.name!r} already, adopted as {twin!r}: label its "
                             f"texts with voices review --queue learning --corpus {shlex.quote(str(corpus))}, or adopt "
                             "another theme")
        text = _scheme_text(c) + _theme_table(name, description.strip(), terms)
        parse_scheme(text, f"the scheme of {corpus} with theme {name}")  # what is stored reads back
        ordered = [e["doc_id"] for e in theme["exemplars"]] + list(theme["doc_ids"])
        with c.transaction():
            set_setting(c, "scheme", {"toml": text})
            queued = queue_documents(c, ordered, ADOPT_QUEUE, f"adopted:{theme_id}")
    return AdoptResult(Path(corpus), theme_id, name, scheme.name, found["run_id"], queued)


def _screened_terms(corpus, theme: dict[str, Any]) -> list[str]:
    """The terms of a theme from a run that did not screen them (``--no-redact``), screened now.

    Its terms become keyword cues in the scheme, which outlives the texts (``voices delete``
    leaves settings), so a name or an address among them must not get there: each word is
    judged in the theme's texts as ``themes discover`` judges it (``voices.themes._private``).
    Other texts holding its words are read after the theme's, as discover reads the whole
    run: a name the theme's texts only write as 'thanks dev' is written 'Dev Okonkwo' there.
    """
    import numpy as np
    import pandas as pd

    from voices.store.discovered import corpus_authors
    from voices.themes._private import SCAN_LIMIT, hidden_words

    ids = list(dict.fromkeys([e["doc_id"] for e in theme.get("exemplars", [])] + list(theme.get("doc_ids", []))))
    rows = {r[0]: r[1] for r in corpus.sql(
        "SELECT id, text FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
    kept = [i for i in ids if i in rows]
    words = sorted({w for term in theme["terms"] for w in term.split()})
    others = corpus.sql(
        "SELECT id, text FROM documents WHERE id NOT IN (SELECT unnest(?::VARCHAR[])) AND ("
        + " OR ".join(["contains(lower(text), ?)"] * len(words)) + f") ORDER BY id LIMIT {SCAN_LIMIT}",
        [kept, *words]).fetchall() if words else []
    authors = corpus_authors(corpus)
    frame = pd.DataFrame({"id": kept + [r[0] for r in others], "text": [rows[i] for i in kept] + [r[1] for r in others]})
    # exemplars first, as the run ranked them, then the theme's other texts, then the rest
    weights = np.concatenate([np.arange(len(kept), 0, -1, dtype=float), np.zeros(len(others))])[:, None]
    hidden = hidden_words(frame, weights, [theme["terms"]], _corpus_redactor(corpus, authors))
    return [t for t in theme["terms"] if not set(t.split()) & hidden]


def _scheme_text(corpus) -> str:
    """The TOML text of the corpus's own scheme, or of the shipped one."""
    from voices.models.scheme import SHIPPED_SCHEME, packaged_scheme
    from voices.store.settings import get_setting

    stored = get_setting(corpus, "scheme")
    if isinstance(stored, dict):
        stored = stored.get("toml") or stored.get("scheme") or stored.get("path")
    if isinstance(stored, str) and ("\n" in stored or "[" in stored):
        text = stored
    else:
        path = packaged_scheme(stored if isinstance(stored, str) and stored else SHIPPED_SCHEME)
        if path is None:
            raise InputError(f"{corpus.path}: its stored scheme {stored!r} is not a shipped one; set it again "
                             "with voices scheme set")
        text = path.read_text(encoding="utf-8")
    return text if text.endswith("\n") else text + "\n"


def _theme_table(name: str, description: str, terms: list[str]) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - a JSON string is a TOML basic string
    keywords = ", ".join(q(t) for t in terms[:5])
    return (f"\n# Adopted from discovered themes by `voices themes adopt`\n[themes.{name}]\n"
            f"definition = {q(description)}\nexamples = []\nkeywords = [{keywords}]\n")
