"""Labelled data: JSONL and CSV readers, field mapping, scheme checks and clear errors.

JSONL: one object a line, ``{"id", "text", "stance", "themes": [...]}`` (extra fields
kept). CSV: a header with at least ``text`` and the label column; themes are
``;``-separated. Other datasets map their columns with ``text_field``, ``label_field``
and ``group_field``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from voices.errors import LabelError, json_kind
from voices.store.provenance import text_key  # one hash of a training text for meta.json, evaluate, delete, reports

log = logging.getLogger(__name__)

TASKS = ("stance", "themes")
GROUP_FIELD_DEFAULTS = ("source_id", "group")


def shipped_labelled_root() -> Path:
    """The shipped labelled corpus (package data ``voices/data/labelled``): AI-written texts."""
    from importlib import resources

    return Path(str(resources.files("voices") / "data" / "labelled"))


def data_origin(files: Sequence[str | Path]) -> str:
    """Who wrote a model's training files, as far as voices knows: ``"shipped"`` (all from the
    shipped labelled corpus, which is AI-written), ``"yours"`` (none of them) or ``"mixed"``.

    A file is the shipped corpus's when it is one of the package's batch files (each has a
    provenance note) or a byte-for-byte copy of one (a clone's ``corpora/labelled/`` beside an
    installed voices); another file saved in the package folder is the user's."""
    root = shipped_labelled_root().resolve()
    shipped = [_is_shipped(Path(f), root) for f in files]
    return "shipped" if shipped and all(shipped) else "mixed" if any(shipped) else "yours"


def is_shipped_file(path: Path | str) -> bool:
    """Whether a labelled file is the shipped corpus's (as ``data_origin`` judges): AI-written, not the user's."""
    return _is_shipped(Path(path), shipped_labelled_root().resolve())


def _is_shipped(path: Path, root: Path) -> bool:
    import filecmp

    own = root / path.name
    if not (own.is_file() and _has_provenance(own)):
        # a file of the user's saved in the package folder (an editable install's src/voices/data/labelled/)
        # was "shipped" by where it lay, so train fitted on its texts unredacted: shipped batches have a note
        return False
    return path.resolve() == own.resolve() or (path.is_file() and filecmp.cmp(path, own, shallow=False))


def _has_provenance(batch: Path) -> bool:
    """Whether a batch file of the shipped corpus has its provenance note (``provenance/w1.md`` for ``batch-w1.jsonl``)."""
    name = batch.name
    return name.startswith("batch-") and name.endswith(".jsonl") and \
        (batch.parent / "provenance" / f"{name[len('batch-'):-len('.jsonl')]}.md").is_file()


@dataclass(frozen=True, slots=True)
class LabelledItem:
    """One labelled text.

    ``label`` is a string for stance and a sorted tuple of themes for themes;
    ``group`` keeps related texts (a thread, a writer) in the same CV fold;
    ``where`` is ``file:line`` for messages.
    """

    id: str
    text: str
    label: str | tuple[str, ...]
    group: str
    where: str
    extra: dict[str, object] = field(default_factory=dict, compare=False)


def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    if not path.is_file():
        raise LabelError(f"{path}: no such labelled data file; check the --data path")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        with path.open("rb") as fh:  # lines decoded one by one, so an undecodable one is named
            for n, raw in enumerate(fh, 1):
                try:
                    line = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise LabelError(f"{path}:{n}: not UTF-8 text; save the file as UTF-8") from None
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LabelError(f"{path}:{n}: not valid JSON ({exc.msg}); fix the line") from None
                if not isinstance(row, dict):
                    raise LabelError(f"{path}:{n}: expected a JSON object per line")
                yield n, row
    elif suffix in (".csv", ".tsv"):
        from voices.labelfile_rows import csv_text  # decoded as `label --from` decodes: UTF-8, UTF-16 or Windows-1252

        reader = csv.DictReader(io.StringIO(csv_text(path), newline=""), delimiter="\t" if suffix == ".tsv" else ",")
        for n, row in enumerate(reader, 2):
            yield n, row
    else:
        raise LabelError(f"{path}: unknown labelled data format {suffix!r}; use .jsonl or .csv")


def _parse_themes(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(",", ";").split(";")]
    elif isinstance(value, list):
        parts = [str(p).strip() for p in value]
    else:
        raise LabelError(f"{where}: themes must be a list or a ';'-separated string")
    return tuple(sorted({p for p in parts if p}))


def read_labelled(
    paths: Sequence[Path | str],
    task: str,
    text_field: str = "text",
    label_field: str | None = None,
    group_field: str | None = None,
    labels: Sequence[str] | None = None,
    *,
    warn_duplicates: bool = True,
) -> list[LabelledItem]:
    """Read labelled texts from JSONL/CSV files, checking every row.

    Parameters
    ----------
    paths : sequence of path
        ``.jsonl`` or ``.csv`` files.
    task : {"stance", "themes"}
    text_field : str
        Column holding the text.
    label_field : str or None
        Column holding the label; defaults to the task name.
    group_field : str or None
        Column grouping related texts for cross-validation. Defaults to
        ``source_id`` or ``group`` when present, else the file name.
    labels : sequence of str or None
        Allowed labels (from a scheme); None takes them from the data.
    warn_duplicates : bool
        Log a warning for each exact duplicate kept once (else a debug line: the
        shipped corpus's few known duplicates are no news to a user).

    Returns
    -------
    list of LabelledItem
        In file order. Exact duplicate texts with the same label are kept once.

    Raises
    ------
    LabelError
        Naming file and line: unreadable rows, empty text, missing or unknown
        labels, the same text with different labels, duplicate ids.

    Examples
    --------
    >>> items = read_labelled(["corpora/labelled/batch-w1.jsonl"], "stance")  # doctest: +SKIP
    """
    if task not in TASKS:
        raise LabelError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")
    label_field = label_field or task
    allowed = set(labels) if labels is not None else None
    items: list[LabelledItem] = []
    seen_text: dict[str, LabelledItem] = {}
    seen_id: dict[str, str] = {}
    for raw_path in paths:
        path = Path(raw_path)
        for n, row in _rows(path):
            where = f"{path}:{n}"
            if str(row.get(f"{task}_labelled", "true")).lower() in ("false", "0"):
                continue  # `export --labelled`: a person labelled only the other task here
            item = _item(row, where, path, n, task, text_field, label_field, group_field, allowed)
            if item.id in seen_id:
                raise LabelError(f"{where}: id {item.id!r} already used at {seen_id[item.id]}; ids must be unique")
            seen_id[item.id] = where
            key = text_key(item.text)
            first = seen_text.get(key)
            if first is not None:
                if first.label != item.label:
                    raise LabelError(
                        f"{where}: same text as {first.where} but labelled {item.label!r} there "
                        f"{first.label!r}; make them agree or remove one"
                    )
                log.log(logging.WARNING if warn_duplicates else logging.DEBUG,
                        "%s: duplicate of %s, kept once", where, first.where)
                continue
            seen_text[key] = item
            items.append(item)
    if not items:
        raise LabelError(f"no labelled texts in {', '.join(map(str, paths))}; check the files")
    if allowed is None:
        _refuse_case_variants(items)
    return items


def _spelt(label: str, allowed: set[str] | None) -> str:
    """``label`` as the scheme spells it when it differs only in case ('AGAINST' for 'against')."""
    if allowed is None or label in allowed:
        return label
    same = [a for a in allowed if a.casefold() == label.casefold()]
    return same[0] if len(same) == 1 else label


def _refuse_case_variants(items: Sequence[LabelledItem]) -> None:
    """Without a scheme the labels are the data's: 'AGAINST' beside 'against' would train two stances."""
    first: dict[str, LabelledItem] = {}
    for item in items:
        for name in ([item.label] if isinstance(item.label, str) else item.label):
            other = first.setdefault(name.casefold(), item)
            other_names = [other.label] if isinstance(other.label, str) else other.label
            spelt = next(o for o in other_names if o.casefold() == name.casefold())
            if spelt != name:
                raise LabelError(f"{item.where}: label {name!r} differs only in case from {spelt!r} at {other.where}; "
                                 "write each label one way (or give --scheme, whose spelling is then used)")


def _item(row, where, path, n, task, text_field, label_field, group_field, allowed) -> LabelledItem:
    if text_field not in row:
        raise LabelError(f"{where}: no {text_field!r} field; map the text column with --text-field")
    text = row[text_field]
    if text is not None and not isinstance(text, str):
        raise LabelError(f"{where}: the {text_field!r} field holds {json_kind(text)}, not text; "
                         "give it as a string (in quotes)")
    if text is None or not text.strip():
        raise LabelError(f"{where}: empty text; give it text or remove the row")
    if label_field not in row:
        raise LabelError(f"{where}: no {label_field!r} field; map the label column with --label-field")
    value = row[label_field]
    if task == "stance":
        if value is not None and not isinstance(value, str):
            raise LabelError(f"{where}: the {label_field!r} field holds {json_kind(value)}, not a label; "
                             "give the stance's name as a string (in quotes)")
        if value is None or not value.strip():
            raise LabelError(f"{where}: empty {label_field!r} label; every text needs one stance")
        label: str | tuple[str, ...] = _spelt(value.strip(), allowed)
        unknown = [label] if allowed is not None and label not in allowed else []
    else:
        label = tuple(sorted({_spelt(t, allowed) for t in _parse_themes(value, where)}))
        unknown = [t for t in label if allowed is not None and t not in allowed]
    if unknown:
        kind = "stance" if task == "stance" else "theme"
        raise LabelError(
            f"{where}: unknown {kind} {', '.join(map(repr, unknown))}; the scheme allows "
            f"{', '.join(sorted(allowed))} (fix the label or use another --scheme)"
        )
    gfield = group_field or next((g for g in GROUP_FIELD_DEFAULTS if row.get(g)), None)
    if group_field and not row.get(group_field):
        raise LabelError(f"{where}: no value in group field {group_field!r}")
    group = str(row[gfield]) if gfield else path.stem
    ident = str(row.get("id") or f"{path.stem}:{n}")
    extra = {k: v for k, v in row.items() if k not in (text_field, label_field, "id")}
    return LabelledItem(ident, text, label, group, where, extra)


def data_hash(items: Sequence[LabelledItem]) -> str:
    """sha256 over (id, text, label) of every item, in order: the training data's identity."""
    h = hashlib.sha256()
    for it in items:
        label = it.label if isinstance(it.label, str) else ";".join(it.label)
        h.update(json.dumps([it.id, it.text, label], ensure_ascii=False).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def label_counts(items: Sequence[LabelledItem]) -> dict[str, int]:
    """How many items carry each label (themes: each theme, plus ``(none)`` for no theme)."""
    counts: dict[str, int] = {}
    for it in items:
        labels = [it.label] if isinstance(it.label, str) else (list(it.label) or ["(none)"])
        for lab in labels:
            counts[lab] = counts.get(lab, 0) + 1
    return dict(sorted(counts.items()))
