"""Store-side SQL for predictions, the preprocessing/NER cache and the models that tagged a corpus.

The use case (``voices.classify``) decides what to classify; these functions only
read and write the ``predictions``, ``prepared`` and ``meta`` tables of a ``Corpus``.
Callers hold the transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from voices.schemas import DOCUMENT_FIELDS
from voices.store.corpus import PREDICTION_COLUMNS, utcnow

if TYPE_CHECKING:
    import pandas as pd

    from voices.store.corpus import Corpus

_MODEL_META_PREFIX = "model:"

# Document fields as the export names them, read from documents d JOIN sources s.
_DOC_SELECT = """d.id, d.source_id, s.title AS source_title, d.kind, d.position, d.author,
    d.posted_at, d.parent_id, d.question_id, d.question, d.respondent_id, d.respondent_type,
    d.organisation, d.closed_answer, d.text, d.attributes"""


def _ids_param(ids: Sequence[str]) -> list[Any]:
    return [list(ids)]


def pending_ids(
    corpus: Corpus,
    source_ids: Sequence[str] | None,
    since: str | None,
    stance_model: str,
    themes_model: str,
    force: bool,
) -> tuple[list[str], int]:
    """Ids of documents to classify, in corpus order, and how many are already up to date.

    A document is pending when it is not an article and has no prediction, or one
    made by another stance or themes model; with ``force`` every non-article is.
    ``since`` keeps documents posted on or after that ISO date.
    """
    where = ["d.kind <> 'article'"]
    params: list[Any] = []
    if source_ids:
        where.append(f"d.source_id IN ({', '.join('?' for _ in source_ids)})")
        params.extend(source_ids)
    if since:
        where.append("d.posted_at >= ?")
        params.append(since)
    cond = " AND ".join(where)
    stale = "TRUE" if force else (
        "p.doc_id IS NULL OR p.stance_model IS DISTINCT FROM ? OR p.themes_model IS DISTINCT FROM ?"
    )
    stale_params = [] if force else [stance_model, themes_model]
    rows = corpus.sql(
        f"""SELECT d.id, ({stale}) AS todo FROM documents d
            LEFT JOIN predictions p ON p.doc_id = d.id
            WHERE {cond} ORDER BY d.source_id, d.position, d.id""",
        stale_params + params,
    ).fetchall()
    todo = [r[0] for r in rows if r[1]]
    return todo, len(rows) - len(todo)


def count_articles(corpus: Corpus, source_ids: Sequence[str] | None) -> int:
    """Articles in the chosen sources (never classified as comments)."""
    cond, params = "TRUE", []
    if source_ids:
        cond = f"source_id IN ({', '.join('?' for _ in source_ids)})"
        params = list(source_ids)
    return int(corpus.sql(f"SELECT count(*) FROM documents WHERE kind = 'article' AND {cond}", params).fetchone()[0])


def fetch_documents(corpus: Corpus, ids: Sequence[str], version: str) -> pd.DataFrame:
    """The export fields of ``ids`` (in the given order) plus ``prepared``: the cached text, or null."""
    frame = corpus.sql(
        f"""SELECT {_DOC_SELECT}, c.data AS prepared
            FROM documents d JOIN sources s ON s.id = d.source_id
            LEFT JOIN prepared c ON c.doc_id = d.id AND c.version = ?
            WHERE d.id IN (SELECT unnest(?::VARCHAR[]))""",
        [version, *_ids_param(ids)],
    ).df()
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    frame = frame.sort_values("id", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    return frame[[*DOCUMENT_FIELDS, "prepared"]]


def cached(corpus: Corpus, ids: Sequence[str], version: str) -> dict[str, str]:
    """Cached data (``prepared`` table) of ``ids`` under ``version``: doc id -> data."""
    if not ids:
        return {}
    rows = corpus.sql(
        "SELECT doc_id, data FROM prepared WHERE version = ? AND doc_id IN (SELECT unnest(?::VARCHAR[]))",
        [version, *_ids_param(ids)],
    ).fetchall()
    return dict(rows)


def store_cached(corpus: Corpus, data: Mapping[str, str], version: str) -> int:
    """Cache per-document data (preprocessed text, entities) under ``version``; returns rows written."""
    if not data:
        return 0
    import pandas as pd

    frame = pd.DataFrame({"doc_id": list(data), "version": version, "data": list(data.values())})
    corpus._con.register("_cache", frame)
    try:
        corpus.sql(
            """INSERT INTO prepared SELECT doc_id, version, data FROM _cache
               ON CONFLICT (doc_id, version) DO UPDATE SET data = excluded.data"""
        )
    finally:
        corpus._con.unregister("_cache")
    return len(frame)


def write_predictions(corpus: Corpus, frame: pd.DataFrame, when: datetime | None = None) -> int:
    """Insert or replace the predictions of ``frame``'s documents; only the tags change.

    ``frame`` has ``id`` and the prediction columns (``status``, ``language``, ``stance``,
    ``stance_probability``, ``stance_probabilities`` (dict), ``stance_uncertain``,
    ``themes`` (list), ``theme_probabilities`` (dict), ``stance_model``, ``themes_model``).
    """
    if frame.empty:
        return 0
    import pandas as pd

    rows = pd.DataFrame(
        {
            "doc_id": frame["id"].astype(str),
            "status": frame["classification_status"],
            "language": frame["language"],
            "stance": frame["stance"],
            "stance_probability": frame["stance_probability"].astype("float64"),
            "stance_probabilities": _json_column(frame["stance_probabilities"]),
            "stance_uncertain": frame["stance_uncertain"].astype("boolean"),
            "themes": [list(v) if v is not None else [] for v in frame["themes"]],
            "theme_probabilities": _json_column(frame["theme_probabilities"]),
            "stance_model": frame["stance_model"],
            "themes_model": frame["themes_model"],
            "classified_at": when or utcnow(),
        }
    )
    cols = ", ".join(PREDICTION_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in PREDICTION_COLUMNS if c != "doc_id")
    corpus._con.register("_preds", rows)
    try:
        corpus.sql(
            f"""INSERT INTO predictions ({cols}) SELECT {cols} FROM _preds
                ON CONFLICT (doc_id) DO UPDATE SET {updates}"""
        )
    finally:
        corpus._con.unregister("_preds")
    return len(rows)


def _json_column(values: pd.Series) -> Any:
    """A probability column as JSON text: a string column (what classify sends, made by its
    workers) as it is, with no Python object per value; anything else value by value.

    Iterating the Arrow-backed string column, only to hand each string back, took 0.15 s
    of the parent's CPU per 20,000 documents, and DuckDB then read the values back from
    Python objects.
    """
    import pandas as pd

    if isinstance(values.dtype, pd.StringDtype):  # a missing value is NULL either way
        return values.array
    return [_json(v) for v in values]


def _json(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def save_model_meta(corpus: Corpus, model_id: str, meta: Mapping[str, Any]) -> None:
    """Keep the meta.json of a model that tagged this corpus, so reports cite exactly that model.

    The keys and ids ``forget_in_model_metas`` took out stay out: the model folder still lists an erased
    text's hash, and the next ``voices classify`` with it wrote that hash back into the corpus.
    """
    forgotten = _forgotten(corpus)
    if forgotten:
        key = _digest_key(corpus)
        meta = _without(meta, lambda v: _digest(key, v) in forgotten, lambda v: _digest(key, v) in forgotten)
    corpus.sql(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [_MODEL_META_PREFIX + model_id, json.dumps(dict(meta), sort_keys=True, default=str)],
    )


def model_metas(corpus: Corpus) -> dict[str, dict[str, Any]]:
    """model id -> meta.json of every model that has tagged this corpus."""
    rows = corpus.sql("SELECT key, value FROM meta WHERE key LIKE ?", [_MODEL_META_PREFIX + "%"]).fetchall()
    return {key[len(_MODEL_META_PREFIX):]: json.loads(value) for key, value in rows}


# Python's ``str.split`` white space, near enough for a first cut in SQL (``text_key`` then decides)
_SQL_FOLD = r"lower(regexp_replace(text, '[\s\pZ]+', '', 'g'))"


def forget_in_model_metas(corpus: Corpus, cond: str, values: Sequence[Any],
                          elsewhere: Sequence[Mapping[str, Any]] = ()) -> int:
    """Take the documents matching ``cond`` out of every model meta this corpus keeps (``save_model_meta``).

    A model's ``meta.json`` lists a plain hash of every training text (``training_data.text_keys``) and the
    ids of the labelled documents (keyed ``doc_keys``, older plain ``doc_ids``). The corpus's copy kept an
    erased text's hash, so anyone holding the corpus could confirm a guess of the erased words. A text's
    key stays while another stored document has the same text: that copy is still here in full, and the
    report must still know the model learnt it. Call inside ``delete``'s transaction, before the rows go.
    The model folder is the user's file and is not touched. What the metas held of them, and what
    ``elsewhere`` (metas of model folders that have not tagged the corpus yet) holds, is remembered as keyed
    digests, so that a meta stored later (``save_model_meta``) leaves it out. Returns the number of metas changed.
    """
    metas = model_metas(corpus)
    if not metas and not elsewhere:
        return 0
    from voices.ids import keyed_id
    from voices.store.provenance import text_key
    from voices.store.secrets import redaction_key

    learnt = {str(k) for m in (*metas.values(), *elsewhere)
              for k in ((m.get("training_data") or {}).get("text_keys") or ())}
    key = redaction_key(corpus)
    ids: set[str] = set()
    texts: dict[str, str] = {}  # only the erased texts a meta lists: a whole source's texts are never all held
    cursor = corpus._con.execute(f"SELECT id, text FROM documents WHERE {cond}", list(values))
    while rows := cursor.fetchmany(10_000):
        for d, t in rows:
            ids.add(d)
            if key is not None:
                ids.add(keyed_id(key, d))
            if isinstance(t, str) and learnt and (k := text_key(t)) in learnt:
                texts[k] = t
    if texts:  # a copy that stays keeps its key
        kept = corpus._con.execute(
            f"SELECT text FROM documents WHERE NOT ({cond}) AND {_SQL_FOLD} IN (SELECT unnest(?::VARCHAR[]))",
            [*values, sorted({"".join(t.split()).lower() for t in texts.values()})]).fetchall()
        for (text,) in kept:
            texts.pop(text_key(text), None)
    taken: set[str] = set()  # what the metas held of them: remembered, so a later save leaves it out too
    changed = 0
    for model_id, meta in metas.items():
        cleaned = _without(meta, _taking(ids, taken), _taking(set(texts), taken))
        if cleaned != meta:
            save_model_meta(corpus, model_id, cleaned)
            changed += 1
    for meta in elsewhere:  # only to learn what it holds of them
        _without(meta, _taking(ids, taken), _taking(set(texts), taken))
    _remember_forgotten(corpus, taken)
    return changed


def _taking(values: set[str], taken: set[str]) -> Callable[[str], bool]:
    """Whether a meta's value is one of ``values``; those found are added to ``taken``."""
    def gone(value: str) -> bool:
        if value in values:
            taken.add(value)
            return True
        return False
    return gone


# meta key: keyed digests of the text keys and document ids ``forget_in_model_metas`` took out (not "model:...")
_FORGOTTEN = "erased_model_meta_keys"


def _digest_key(corpus: Corpus) -> bytes:
    from voices.store.secrets import redaction_key

    return redaction_key(corpus) or b""  # a writing open made the key: b"" only for a corpus never migrated


def _digest(key: bytes, value: object) -> str:
    """A keyed digest of a text key or document id, with a domain label of its own: nothing readable of it."""
    import hashlib
    import hmac

    return hmac.new(key, f"voices.model_meta_forgotten\x1e{value}".encode(), hashlib.sha256).hexdigest()


def _forgotten(corpus: Corpus) -> set[str]:
    rows = corpus.sql("SELECT value FROM meta WHERE key = ?", [_FORGOTTEN]).fetchall()
    return set(json.loads(rows[0][0])) if rows else set()


def _remember_forgotten(corpus: Corpus, values: set[str]) -> None:
    """Keep keyed digests of ``values`` so a model meta saved later (``save_model_meta``) leaves them out too.

    Only what a stored meta held: as many as the models' training texts at most, whatever the delete's size.
    """
    if not values:
        return
    key = _digest_key(corpus)
    digests = sorted(_forgotten(corpus) | {_digest(key, v) for v in values})
    corpus.sql("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
               [_FORGOTTEN, json.dumps(digests)])


def _without(meta: Mapping[str, Any], id_gone: Callable[[str], bool], key_gone: Callable[[str], bool]) -> dict[str, Any]:
    """``meta`` without the ``training_data.text_keys`` ``key_gone`` picks and the document ids ``id_gone`` picks."""
    out = json.loads(json.dumps(dict(meta), default=str))
    places = [(out.get("training_data"), "text_keys", key_gone), (out.get("training_data"), "doc_ids", id_gone)]
    users = (out.get("adaptation") or {}).get("user_labels") if isinstance(out.get("adaptation"), dict) else None
    places += [(users, "doc_keys", id_gone), (users, "doc_ids", id_gone)]
    for holder, field, gone in places:
        if isinstance(holder, dict) and isinstance(holder.get(field), list):
            holder[field] = [v for v in holder[field] if not gone(str(v))]
    return out
