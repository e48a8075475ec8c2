"""Erasing documents from the corpus: ``voices delete`` and the documents ``ingest --replace`` drops.

A document goes with everything derived from it (its rows in ``DOC_TABLES``, the stored
theme-discovery runs, which quote texts); replies to it stay, detached. The erasure marker
(``ERASE_PENDING``) is set in the same transaction, and stays until the file is rewritten
without the deleted bytes (``voices.store.compact``). ``Corpus.delete``, ``remove_documents``,
``texts_of`` and ``ids_of`` call these.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from voices._faultpoints import fault_point
from voices.errors import NotFoundError, UsageError
from voices.store import adopted_cues, erased_names, export_kept, suppression
from voices.store.corpus import DOC_TABLES, ERASE_PENDING, utcnow
from voices.store.keyed_ids import keyed_matches, refuse_short_prefix
from voices.store.predictions import forget_in_model_metas

if TYPE_CHECKING:
    from voices.store.corpus import Corpus


def delete(corpus: Corpus, *, source_id: str | None = None, respondent_id: str | None = None,
           author: str | None = None, doc_id: str | None = None, names: Mapping[str, str] | None = None,
           model_metas_elsewhere: Sequence[Mapping[str, Any]] = (), told: Sequence[str] = ()) -> int:
    """Erase a source's, a respondent's, an author's or one document's documents and everything derived from them.

    With a source and a respondent (or an author, or a document id), only what matches both goes. A respondent
    id found in several sources is refused without ``source_id``: ids such as
    ``row-2`` or ``1`` name different people in different consultations. ``author`` matches the stored
    author ignoring case, surrounding white space and how long a run of white space inside is
    (``author_matches`` refuses a name that matches nobody); ``doc_id`` is a full id (``resolve_document``).
    A respondent's ratings row goes only with the respondent or the source: an author's comments, or one
    document, are not the respondent's ratings.

    Keyed digests of what goes are recorded in the same transaction (``voices.store.suppression``),
    so ingesting it again skips it, and of ``names`` (the erased authors' name terms -> kind: ``erased_names``),
    so redacted outputs still hide them in others' texts. The corpus's copies of model metas lose what they
    held of them, and what those or ``model_metas_elsewhere`` (model folders' metas) held stays out of any meta
    a later classify stores (``voices.store.predictions.forget_in_model_metas``). ``told``: what the caller will
    say once the file is rewritten (the models trained on them), kept with the unfinished marker so that the
    command that finishes an interrupted rewrite says it instead (``pending_told``). Returns the number of documents removed;
    ``NotFoundError`` if there were none,
    ``UsageError`` for a respondent id that needs its source.
    """
    cond, values = _selection(source_id, respondent_id, author, doc_id)
    if not values:
        raise ValueError("give source_id, respondent_id, author, doc_id or source_id with one of the others")
    ratings = author is None and doc_id is None  # a ratings row is a respondent's, never one comment's
    whole_source = respondent_id is None and ratings
    with corpus.transaction():
        ids_sql = f"SELECT id FROM documents WHERE {cond}"
        if respondent_id is not None:
            _check_respondent(corpus, respondent_id, source_id, ids_sql, values)
        if author is not None:
            author_matches(corpus, author, source_id)
        n = int(corpus._con.execute(f"SELECT count(*) FROM ({ids_sql})", values).fetchall()[0][0])
        if doc_id is not None and not n:
            resolve_document(corpus, doc_id, source_id)  # says why: none there, or only ids it begins
        # remembered, as keyed digests only, so that ingesting the same file again does not bring them back
        suppression.record(corpus, cond, values, utcnow(), ratings=ratings)
        erased_names.record(corpus, names or {})  # as keyed digests only: nothing readable of the name stays
        # the corpus's copies of model metas held their text keys; a model folder's meta would bring them back
        forget_in_model_metas(corpus, cond, values, model_metas_elsewhere)
        adopted_cues.forget(corpus, cond, values)  # a theme's cue only their texts held: their words, not the user's
        if author is not None:  # the person erased is erased as a labeller too: their labels stay, unnamed
            _unname_labeller(corpus, author, source_id)
            # an old labelled export read back must not name them again (in ``source_id`` only, if given)
            erased_names.record(corpus, {author: erased_names.labeller_kind(source_id)})
        export_kept.forget(corpus, ids_sql, values)  # made on first use: not among DOC_TABLES
        for table in DOC_TABLES:
            corpus._con.execute(f"DELETE FROM {table} WHERE doc_id IN ({ids_sql})", values)
        corpus._con.execute("DELETE FROM discovered_themes")  # derived, and it quotes texts
        # replies to erased documents stay, detached: their own authors did not ask to go
        corpus._con.execute(
            f"UPDATE documents SET parent_id = NULL WHERE parent_id IN ({ids_sql}) AND NOT ({cond})",
            values + values,
        )
        corpus._con.execute(f"DELETE FROM documents WHERE {cond}", values)
        if ratings:
            corpus._con.execute(f"DELETE FROM responses WHERE {cond}", values)  # their ratings too
        # until the rewrite below succeeds, the deleted bytes are still in the file: a kill
        # or a failure in between is finished by the next writing open
        corpus._con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                            [ERASE_PENDING, json.dumps(list(told)) if told else "yes"])
        gone = ("id NOT IN (SELECT source_id FROM documents UNION SELECT source_id FROM responses)"
                + (" OR id = ?" if whole_source else ""))
        gone_values = [source_id] if whole_source else []
        _keep_rules(corpus, gone, gone_values)
        corpus._con.execute(f"DELETE FROM sources WHERE {gone}", gone_values)
        if corpus.has_table("source_schemes"):  # a gone source's scheme, keyed by a plain hash of its title
            corpus._con.execute("DELETE FROM source_schemes WHERE source_id NOT IN (SELECT id FROM sources)")
    fault_point("delete.committed")
    corpus.compact()
    return n


ERASED_LABELLER = erased_names.ERASED_LABELLER  # who gave a label, once that person was erased (``delete --author``)


def labels_given_by(corpus: Corpus, author: str, source_id: str | None = None) -> int:
    """How many labels (and superseded labels) ``author``, matched as ``delete`` matches it, gave to documents
    they did not write (in ``source_id``, if given): the ones ``delete --author`` keeps under ``ERASED_LABELLER``."""
    return sum(int(corpus._con.execute(f"SELECT count(*) FROM {table} WHERE {where}", values).fetchall()[0][0])
               for table, where, values in _labeller_scope(corpus, author, source_id))


def _unname_labeller(corpus: Corpus, author: str, source_id: str | None) -> None:
    """Replace ``author``'s name where they gave a label with ``ERASED_LABELLER`` (``delete``'s transaction).

    ``labels.labelled_by`` kept an erased commenter's name on the labels they gave to other people's documents,
    readable in the rewritten file. The labels stay: they are those documents' labels.
    """
    for table, where, values in _labeller_scope(corpus, author, source_id):
        corpus._con.execute(f"UPDATE {table} SET labelled_by = ? WHERE {where}", [ERASED_LABELLER, *values])


def _labeller_scope(corpus: Corpus, author: str, source_id: str | None) -> list[tuple[str, str, list[Any]]]:
    """Per table holding ``labelled_by``: the WHERE clause over it picking ``author``'s labels, and its values."""
    theirs, values = _selection(source_id, None, author, None)  # their own documents' labels go with them
    where = f"{_folded('labelled_by')} = {_folded('?')} AND doc_id NOT IN (SELECT id FROM documents WHERE {theirs})"
    values = [author, *values]
    if source_id is not None:  # erased there only: named as a labeller elsewhere still
        where += " AND doc_id IN (SELECT id FROM documents WHERE source_id = ?)"
        values.append(source_id)
    return [(t, where, values) for t in ("labels", "label_history") if corpus.has_table(t)]


def pending_told(corpus: Corpus) -> list[str]:
    """What an interrupted ``delete`` had still to say (the models trained on what it erased: its ``told``)."""
    rows = corpus._con.execute("SELECT value FROM meta WHERE key = ?", [ERASE_PENDING]).fetchall()
    try:
        told = json.loads(rows[0][0]) if rows and rows[0][0] != "yes" else []
    except ValueError:
        return []
    return [str(line) for line in told] if isinstance(told, list) else []


def _keep_rules(corpus: Corpus, gone: str, values: list[Any]) -> None:
    """Remember the id rule of each source about to go (``suppression.record_rules``): the same file ingested
    again, even after a newer rule has landed, is read as it was stored, so its erased answers' digests match.
    A source a voices export brought (rule 0) has no rule to remember."""
    from voices.ids import FIRST_ID_RULE

    rules = corpus._con.execute(f"SELECT id, coalesce(id_rule, {FIRST_ID_RULE}) FROM sources WHERE ({gone}) "
                                f"AND coalesce(id_rule, {FIRST_ID_RULE}) > 0 ORDER BY id", values).fetchall()
    if rules:
        suppression.record_rules(corpus, [(sid, int(rule)) for sid, rule in rules], utcnow())


def remove_documents(corpus: Corpus, ids: Sequence[str]) -> None:
    """Remove documents and what derives from them, inside the caller's transaction (``ingest --replace``).

    Replies to a removed document stay, detached, and adopted theme cues only their texts held go, as in
    ``delete``.
    """
    if not ids:
        return
    wanted = "(SELECT unnest(?::VARCHAR[]))"
    adopted_cues.forget(corpus, f"id IN {wanted}", [list(ids)])  # a cue only their texts held goes, as in delete
    export_kept.forget(corpus, "SELECT unnest(?::VARCHAR[])", [list(ids)])
    for table in DOC_TABLES:
        corpus._con.execute(f"DELETE FROM {table} WHERE doc_id IN {wanted}", [list(ids)])
    corpus._con.execute("DELETE FROM discovered_themes")  # derived, and it quotes texts
    corpus._con.execute(f"UPDATE documents SET parent_id = NULL WHERE parent_id IN {wanted}", [list(ids)])
    corpus._con.execute(f"DELETE FROM documents WHERE id IN {wanted}", [list(ids)])
    # the caller rewrites the file after its commit; a kill before that is finished by the next writing open
    corpus._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")


def to_delete(corpus: Corpus, column: str, source_id: str | None, respondent_id: str | None, *,
              author: str | None = None, doc_id: str | None = None) -> list[str]:
    """``column`` of the documents ``delete`` with the same arguments would erase ("author": as ``_selection``
    reads it, a rule-1 name column for a blank author, so the erased name is hidden in others' texts too)."""
    cond, values = _selection(source_id, respondent_id, author, doc_id)
    if column == "author":
        column = f"coalesce(author, {export_kept.named_sql('author')})"
    return [r[0] for r in corpus._con.execute(f"SELECT {column} FROM documents WHERE {cond or 'FALSE'}",
                                            values).fetchall()]


def _folded(sql: str) -> str:
    """``sql`` (a column or ``?``) as an author is matched: lower case, without surrounding white space,
    each run of it inside one space (a web page's no-break space too: "Jo&nbsp;Bloggs" is "Jo Bloggs",
    and a name nobody can type as stored must still be erasable)."""
    space = r"[\s\pZ\x{FEFF}]+"
    trimmed = rf"regexp_replace({sql}, '^{space}|{space}$', '', 'g')"
    return rf"lower(regexp_replace({trimmed}, '{space}', ' ', 'g'))"


def _selection(source_id: str | None, respondent_id: str | None, author: str | None,
               doc_id: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause over ``documents`` (and, with source and respondent only, ``responses``) and its values.

    A name or respondent id is matched as ``export_kept.as_named`` reads it: rule 1 kept a file's name and id
    columns as attributes (no author, a respondent numbered by row), and "delete --author" said there was no such
    author while the answer stayed stored.
    """
    named = export_kept.named_sql
    # never NULL: "NOT (cond)" picks the replies to detach, and a NULL left them naming an erased parent. The column
    # is read only where contains() says it can hold the value: coalesce() around it all read every row's JSON
    # (10 s a query over a million row-numbered answers, 0.2 s so: benchmarks/named_selection.py)
    by_respondent = (f"coalesce(respondent_id = ?, FALSE) OR CASE WHEN contains(attributes, ?) "
                     f"THEN coalesce({named('respondent_id')} = ?, FALSE) ELSE FALSE END")
    words = sorted({_in_json(w) for w in re.split(r"[\s\ufeff]+", author or "") if w})  # each in the column
    held = "".join(" AND contains(lower(attributes), lower(?))" for _ in words)
    by_name = (f"coalesce({_folded('author')} = {_folded('?')}, FALSE) OR CASE WHEN author IS NULL{held} "
               f"THEN coalesce({_folded(named('author'))} = {_folded('?')}, FALSE) ELSE FALSE END")
    given = [(sql, vs) for sql, vs in (
        ("source_id = ?", [source_id]),
        (f"({by_respondent})", [respondent_id, _in_json(respondent_id), respondent_id]),
        (f"({by_name})", [author, *words, author]),
        ("id = ?", [doc_id])) if vs[0] is not None]
    return " AND ".join(sql for sql, _ in given), [v for _, vs in given for v in vs]


def _in_json(value: str | None) -> str | None:
    """``value`` as it is written inside a JSON string of the stored attributes (``ensure_ascii=False``)."""
    return None if value is None else json.dumps(value.strip(), ensure_ascii=False)[1:-1]


# what an erasure cannot reach, as ``voices delete`` says after erasing
_WRITTEN_BEFORE = "reports, exports and copies of the corpus written before that still hold"


def author_matches(corpus: Corpus, author: str, source_id: str | None = None) -> int:
    """How many documents (in ``source_id``, if given) ``author`` wrote, matched as ``delete`` matches it.

    Raises ``NotFoundError`` when none, naming up to three close spellings of stored authors in the same
    sources: names ``voices export`` lists anyway, never one of an erased document (none is stored).
    """
    cond, values = _selection(source_id, None, author, None)
    n = int(corpus._con.execute(f"SELECT count(*) FROM documents WHERE {cond}", values).fetchall()[0][0])
    if n:
        return n
    import difflib

    scope, scoped = ("source_id = ?", [source_id]) if source_id is not None else ("TRUE", [])
    stored = [r[0] for r in corpus._con.execute(
        f"SELECT DISTINCT author FROM documents WHERE {scope} AND author IS NOT NULL ORDER BY 1", scoped).fetchall()]
    folded = {a.strip().casefold(): a.strip() for a in stored}
    close = [folded[f] for f in difflib.get_close_matches(author.strip().casefold(), list(folded), n=3, cutoff=0.75)]
    where = f" in source {source_id}" if source_id is not None else ""
    if erased_names.was_erased(corpus, author):  # run again: say it was done, not that the name is wrong
        raise NotFoundError(f"no document by author {author.strip()!r}{where} in {corpus.path}: an author of that "
                            f"name was erased from it earlier (voices delete), and nothing of theirs is stored now; "
                            f"{_WRITTEN_BEFORE} them")
    hint = f" (close: {', '.join(map(repr, close))})" if close else ""
    raise NotFoundError(f"no document by author {author.strip()!r}{where} in {corpus.path}{hint}: "
                        "check the name as stored (voices export lists each document's author)")


def resolve_document(corpus: Corpus, doc_id: str, source_id: str | None = None) -> str:
    """The full id of the one document (in ``source_id``, if given) whose id is ``doc_id`` or starts with it.

    ``doc_id`` may also be the keyed id a redacted export shows (``voices.ids.keyed_id``: ``k`` and 15
    hex digits) or a unique prefix of one (four characters at least): someone holding only a redacted
    export can name the document to erase. Plain ids begin with ``d``, so the two never meet.
    Raises ``NotFoundError`` for none and ``UsageError`` for a prefix of several.
    """
    scope, scoped = (" AND source_id = ?", [source_id]) if source_id is not None else ("", [])
    rows = [r[0] for r in corpus._con.execute(
        f"SELECT id FROM documents WHERE (id = ? OR starts_with(id, ?)){scope} ORDER BY id LIMIT 3",
        [doc_id, doc_id, *scoped]).fetchall()]
    if doc_id in rows:
        return doc_id
    shown = rows
    if not rows:
        keyed = keyed_matches(corpus, doc_id, scope, scoped)
        rows, shown = [d for _, d in keyed], [k for k, _ in keyed]
    where = f" in source {source_id}" if source_id is not None else ""
    if not rows:
        refuse_short_prefix(doc_id)
        if suppression.was_erased(corpus, doc_id):  # run again: say it was done, not that the id is wrong
            raise NotFoundError(f"document {doc_id!r} was erased from {corpus.path} earlier (voices delete), and "
                                f"nothing of it is stored now; {_WRITTEN_BEFORE} it")
        raise NotFoundError(f"no document {doc_id!r}{where} in {corpus.path}: give its voices id, the keyed id a "
                            "redacted export shows, or a unique prefix of either (voices export lists each "
                            "document's id)")
    if len(rows) > 1:
        raise UsageError(f"document id prefix {doc_id!r} is ambiguous{where} ({', '.join(shown[:2])}, ...): "
                         "give more of it")
    return rows[0]


def _check_respondent(corpus: Corpus, respondent_id: str, source_id: str | None, ids_sql: str,
                      values: list[Any]) -> None:
    rated = ids_sql.replace("SELECT id FROM documents", "SELECT source_id FROM responses")
    sources = [r[0] for r in corpus._con.execute(  # a respondent who only rated has no documents
        f"SELECT DISTINCT source_id FROM documents WHERE id IN ({ids_sql}) UNION {rated} ORDER BY 1",
        values + values,
    ).fetchall()]
    where = f" in source {source_id}" if source_id else ""
    if not sources:
        raise NotFoundError(f"no documents for respondent {respondent_id!r}{where} in {corpus.path}: "
                            "check the id (voices export shows them)")
    if len(sources) > 1:
        raise UsageError(f"respondent {respondent_id!r} is in {len(sources)} sources "
                         f"({', '.join(sources[:5])}): add --source ID to say which one")
