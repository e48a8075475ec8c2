"""What every use case shares: progress events, option values in any case, migrating before a write."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from voices.errors import OutputError, UsageError

DEFAULT_CORPUS = "voices.duckdb"


@dataclass(frozen=True)
class Progress:
    """One progress event.

    ``stage`` says what is running (``ingest``, ``classify``, ``train``,
    ``migrate``...); ``done`` of ``total`` counts its steps when known; ``message``
    is one line a person can read.
    """

    stage: str
    message: str = ""
    done: int | None = None
    total: int | None = None


ProgressCallback = Callable[[Progress], None]


def tell(progress: ProgressCallback | None, stage: str, message: str = "",
         done: int | None = None, total: int | None = None) -> None:
    """Send a ``Progress`` event to ``progress``, if there is a callback."""
    if progress is not None:
        progress(Progress(stage, message, done, total))


def choice(value: str, choices: Sequence[str], option: str = "--format") -> str:
    """``value`` lower-cased if it is one of ``choices``, else ``UsageError`` naming them.

    >>> choice("HTML", ("md", "html"))
    'html'
    """
    low = value.lower()
    if low not in choices:
        raise UsageError(f"{option} {value!r} is not one of {'|'.join(choices)}")
    return low


@contextlib.contextmanager
def written_by(option: str) -> Iterator[None]:
    """Say a refused or failed output path under ``option``, the one that gave it (``voices._atomic`` says ``--out``).

    ``review --export /proc/x.csv`` answered "--out /proc/x.csv: cannot write there", an option the command has not;
    on a full disk, "could not write x.csv (...): free some space or give another --out" (the option ends it).

    >>> with written_by("--export"):
    ...     raise OutputError("--out x.csv: cannot write there (Permission denied): give another path")
    Traceback (most recent call last):
    ...
    voices.errors.OutputError: --export x.csv: cannot write there (Permission denied): give another path
    """
    try:
        yield
    except OutputError as exc:
        text = str(exc)
        if text.startswith("--out "):
            raise OutputError(option + text[len("--out"):]) from None
        if text.endswith(" another --out"):
            raise OutputError(text[: -len("--out")] + option) from None
        raise


def labeller(by: str | None) -> str | None:
    """Who labels: ``by``, else ``$USER``, spaces around either dropped; None when both are blank.

    ``voices label ID --stance none --by '   '`` stored a labeller named by three spaces, and an empty ``$USER``
    one named by nothing, which reads as a name in every export and no one can be asked about.

    >>> labeller("  Ann "), labeller(" ") == labeller(None)
    ('Ann', True)
    """
    import os

    return (by or "").strip() or (os.environ.get("USER") or "").strip() or None


def check_seed(seed: int) -> int:
    """``seed`` if it can seed numpy's generators (0 or more), else ``UsageError`` naming ``--seed``.

    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    voices.errors.UsageError: --seed -1: a seed is a whole number of 0 or more: give one such as 0
    """
    if seed < 0:
        raise UsageError(f"--seed {seed}: a seed is a whole number of 0 or more: give one such as 0")
    return seed


# File name endings that name an output format: an --out ending in another format's is refused.
_ENDINGS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet",
            ".xlsx": "xlsx", ".qdpx": "qdpx", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def out_format(out: Path | str | None, formats: Sequence[str]) -> str | None:
    """The format ``out``'s ending names, when it is one of ``formats``, else None.

    With no ``--format``, the command writes what ``--out`` is named for (``--out report.html``
    is an HTML report), as a person naming the file expects.

    >>> out_format("r.HTML", ("md", "html")), out_format("r.txt", ("md", "html")), out_format(None, ("md",))
    ('html', None, None)
    """
    named = _ENDINGS.get(Path(out).suffix.lower()) if out is not None else None
    return named if named in formats else None


def out_matches(out: Path | str | None, fmt: str, formats: Sequence[str], what: str, *, given: bool = True) -> None:
    """Refuse an ``out`` whose ending names another format than ``fmt``, the one to be written there.

    ``given``: ``fmt`` was asked for with ``--format``; then only an ending naming another
    format this command writes is refused (``--format jsonl --out data.json`` is what the
    user asked for), while a default format is refused under any known foreign ending
    (``export --out notes.md`` would be CSV). An ending voices does not know (``.txt``,
    none) is left to the user, and an unknown ``fmt`` to the format check.
    ``formats`` are those the command writes.

    >>> out_matches("r.html", "md", ("md", "html"), "the report")
    Traceback (most recent call last):
    ...
    voices.errors.UsageError: --out r.html ends in .html, but the report would be md: give --format html or an --out ending in .md
    """
    ending = Path(out).suffix.lower() if out is not None else ""
    named = _ENDINGS.get(ending)
    if named is None or named == fmt or fmt not in formats or (given and named not in formats):
        return
    own = next((e for e, f in _ENDINGS.items() if f == fmt), None)
    near = {"json": "jsonl"}.get(named, named)  # JSON lines under .json: --format jsonl writes what was asked
    fixes = ([f"--format {near}"] if near in formats else []) + ([f"an --out ending in {own}"] if own else [])
    if near == fmt and own:  # JSON lines already: "would be jsonl: give --format jsonl" read as nonsense
        raise UsageError(f"--out {out} ends in {ending}, but {what} would be JSON lines, not one JSON document: give "
                         f"--format {fmt} to write them there, or an --out ending in {own}")
    fix = "give " + (" or ".join(fixes) if fixes else "another file name")
    raise UsageError(f"--out {out} ends in {ending}, but {what} would be {fmt}: {fix}")


def migrate(corpus: Path | str, progress: ProgressCallback | None = None) -> tuple[int, int] | None:
    """Bring an existing corpus made by an older voices up to the current schema, in one transaction.

    Every writing use case calls this first.

    Parameters
    ----------
    corpus : path-like
        The corpus file; nothing happens when there is none yet.
    progress : callable or None
        Receives ``Progress("migrate", "migrated corpus PATH from schema 1 to 2")`` when it migrated.

    Returns
    -------
    tuple of int or None
        ``(old_version, new_version)`` when it migrated, else None.

    Raises
    ------
    voices.errors.CorpusError
        Not a corpus, or one from a newer voices.
    voices.errors.CorpusBusyError
        Another process holds the corpus.
    """
    from voices.store import Corpus

    path = Path(corpus)
    if not path.is_file():
        return None
    with Corpus.open(path, write=True, create=False) as c:
        done = c.migrated
    tell_migrated(progress, path, done)
    return done


def tell_migrated(progress: ProgressCallback | None, path: Path, done: tuple[int, int] | None) -> None:
    """Say that a writing open of the corpus at ``path`` migrated it (``Corpus.migrated``), if it did."""
    if done is not None:
        tell(progress, "migrate", f"migrated corpus {path} from schema {done[0]} to {done[1]}")
