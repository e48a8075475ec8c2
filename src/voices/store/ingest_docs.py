"""What ingest writes to the documents and responses tables, and what it checks against them first.

New documents in, positions brought up to date, ``ingest --replace``'s edited documents
and superseded labels, and the checks that say when a file repeats another source or
drops a stored text. ``Corpus.add_documents``, ``update_documents``, ``supersede_labels``,
``stored_with_other_text``, ``copied_source`` and ``add_responses`` call these; a pipe into
standard input's "stdin" source reads ``held_places`` directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from voices.store import adopted_cues
from voices.store.corpus import DOCUMENT_COLUMNS, ERASE_PENDING, utcnow

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from voices.store.corpus import Corpus


def _has_values(frame: pd.DataFrame | pa.Table, column: str) -> bool:
    """Whether ``column`` of ``frame`` (pandas or Arrow) holds at least one value."""
    values = frame[column]
    return values.null_count < len(values) if hasattr(values, "null_count") else bool(values.notna().any())


def add_documents(corpus: Corpus, frame: pd.DataFrame | pa.Table) -> tuple[int, int]:
    """Insert new documents (``DOCUMENT_COLUMNS``, as a DataFrame or an Arrow table) and bring
    positions of known ones up to date.

    Returns ``(added, repositioned)``. Documents already stored keep their id,
    text and ingest time; one stored without its ``original_id`` gets it.
    """
    corpus._con.register("_incoming", frame)
    try:
        cols = ", ".join(DOCUMENT_COLUMNS)
        repositioned = corpus._con.execute(
            """UPDATE documents SET position = i.position FROM _incoming i
               WHERE documents.id = i.id AND documents.position <> i.position"""
        ).fetchall()[0][0]
        if _has_values(frame, "original_id"):  # only records files carry one: thread pages skip the join
            corpus._con.execute(  # stored before voices kept the record's own id: the file gives it now
                """UPDATE documents SET original_id = i.original_id FROM _incoming i
                   WHERE documents.id = i.id AND documents.original_id IS NULL AND i.original_id IS NOT NULL""")
        added = corpus._con.execute(
            f"""INSERT INTO documents ({cols})
                SELECT {cols} FROM _incoming i
                WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = i.id)"""
        ).fetchall()[0][0]
    finally:
        corpus._con.unregister("_incoming")
    return int(added), int(repositioned)


def update_documents(corpus: Corpus, frame: pd.DataFrame | pa.Table, cues: set[str] | None = None) -> int:
    """``ingest --replace``: bring stored documents up to what the files now hold (inside the
    caller's transaction); returns how many changed.

    A document keeps its id when its text or a field is edited (a moderated comment, a
    column given another role), so without this the corpus kept the old text, name or
    phone number the user re-ingested to be rid of. Predictions and cached entities of a
    changed document go, as do stored theme-discovery runs (they quote texts); its label
    stays when only a field changed (``supersede_labels`` moves it when the text did). The
    old values stay in the file's bytes until the caller rewrites it (the erasure marker is
    set, as for removed documents). An adopted theme's cue that only the old texts held goes from
    the scheme, as ``delete`` takes it (``voices.store.adopted_cues``); given ``cues``, the old texts'
    cues are added to it instead, for the caller to weigh once the call has stored its texts.
    """
    # original_id comes from the same record id as the document id, so it never differs; a document
    # stored before voices kept it has none, and add_documents fills that in without a change
    fields = [c for c in DOCUMENT_COLUMNS if c not in ("id", "position", "ingested_at", "original_id")]
    differs = " OR ".join(f"d.{c} IS DISTINCT FROM i.{c}" for c in fields)
    corpus._con.register("_incoming", frame)
    try:
        changed = [r[0] for r in corpus._con.execute(
            f"SELECT i.id FROM _incoming i JOIN documents d ON d.id = i.id WHERE {differs}").fetchall()]
        if not changed:
            return 0
        wanted = "(SELECT unnest(?::VARCHAR[]))"
        for table in ("predictions", "prepared"):  # derived from the old text
            corpus._con.execute(f"DELETE FROM {table} WHERE doc_id IN {wanted}", [changed])
        corpus._con.execute("DELETE FROM discovered_themes")  # derived, and it quotes texts
        held = adopted_cues.held(corpus, f"id IN {wanted}", [changed])  # the old texts' words, before they go
        sets = ", ".join(f"{c} = i.{c}" for c in fields)
        corpus._con.execute(f"UPDATE documents SET {sets} FROM _incoming i "
                          f"WHERE documents.id = i.id AND documents.id IN {wanted}", [changed])
        if cues is None:
            adopted_cues.forget_unheld(corpus, held)  # an adopted cue the edit took out of every text goes
        else:
            cues |= held
        corpus._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")
    finally:
        corpus._con.unregister("_incoming")
    return len(changed)


def supersede_labels(corpus: Corpus, frame: pd.DataFrame | pa.Table, reason: str = "text updated by ingest --replace"
                     ) -> list[str]:
    """Move to ``label_history`` the labels of documents whose stored text ``frame`` changes
    (inside the caller's transaction); returns their ids, sorted.

    A label given to one text is no evidence about another: left in place it would be trained
    on, counted in the validation sample and shown as a person's label of the new text.
    """
    corpus._con.register("_incoming", frame)
    try:
        ids = [r[0] for r in corpus._con.execute(
            """SELECT i.id FROM _incoming i JOIN documents d ON d.id = i.id JOIN labels l ON l.doc_id = i.id
               WHERE d.text IS DISTINCT FROM i.text ORDER BY i.id""").fetchall()]
    finally:
        corpus._con.unregister("_incoming")
    if ids:
        wanted = "(SELECT unnest(?::VARCHAR[]))"
        corpus._con.execute(f"""INSERT INTO label_history SELECT doc_id, stance, themes, labelled_by, labelled_at,
                              ?, ? FROM labels WHERE doc_id IN {wanted}""", [utcnow(), reason, ids])
        corpus._con.execute(f"DELETE FROM labels WHERE doc_id IN {wanted}", [ids])
    return ids


# A respondent numbered by row ("row-2") is known by its place only: the same words under another name at that
# place are another person's answer (a campaign's text piped by Sarah, then by Amir), not the stored one, which
# ingest counted as a duplicate and lost. So is a name on one side only (Sarah's answer, then an unsigned one),
# unless the unsigned side keeps that very name in a name column (``voices.ids.NAME_COLUMN_2``): that is how the
# other id rule stores the same respondent (rule 1 keeps "Your name (optional)", rule 2 reads it as the author).
def _keeps_name(side: str, other: str) -> str:
    """SQL: whether document ``side`` has no author and keeps ``other``'s author in a name column."""
    from voices.ids import NAME_SQL_2

    attrs, pattern = f"{side}.attributes", NAME_SQL_2
    return (f"({side}.author IS NULL AND coalesce(len(list_filter(json_keys({attrs}), lambda k: "
            f"regexp_full_match(k, '{pattern}', 'i') AND trim(json_extract_string({attrs}, '$.' || to_json(k))) "
            f"= trim({other}.author))), 0) > 0)")


_OTHER_RESPONDENT = ("(d.author IS DISTINCT FROM i.author "
                     "AND regexp_full_match(coalesce(i.respondent_id, ''), 'row-[0-9]+') "
                     f"AND NOT {_keeps_name('d', 'i')} AND NOT {_keeps_name('i', 'd')})")


def stored_with_other_text(corpus: Corpus, frame: pd.DataFrame | pa.Table) -> list[str]:
    """Ids in ``frame`` (``id``, ``text``, ``author``, ``respondent_id``) that the corpus holds with another
    text, or, for a respondent numbered by row, under another author, sorted.

    ``add_documents`` keeps the stored document of a known id; ingest says when that drops a different one.
    """
    corpus._con.register("_incoming", frame)
    try:
        rows = corpus._con.execute(
            f"""SELECT i.id FROM _incoming i JOIN documents d ON d.id = i.id
               WHERE d.text IS DISTINCT FROM i.text OR {_OTHER_RESPONDENT} ORDER BY i.id"""
        ).fetchall()
    finally:
        corpus._con.unregister("_incoming")
    return [r[0] for r in rows]


_COPY_GIVEN = ("id", "text", "author", "posted_at", "position", "respondent_id", "original_id")


def copied_source(corpus: Corpus, source_id: str, probe: int = 20,
                  given: list[tuple] | None = None) -> tuple[str, str, int, int] | None:
    """Another source holding at least half the telling documents of ``source_id``, and (nearly) all
    of its own: the same text, author, date, respondent and own id (where both have one); without
    author or date, the same position too, and a text found once in ``source_id`` (a recurring "No"
    tells nothing).

    The same file under another name is another source (a source is known by its title, a
    file's name without one), so its documents would be stored twice; so would the old rows
    of a later export of a consultation saved under a new name. A random ``probe`` of the
    documents (by id, a hash) is compared first, so a source that is no copy costs one small join.

    ``given``: the documents of ``source_id``, not stored, as ``stored_row`` gives them (``ingest --preview``).

    Returns
    -------
    (str, str, int, int) or None
        The other source's id and title, how many documents it repeats, and how many there are.
    """
    from voices.store.corpus import DOCUMENT_COLUMNS

    if given is None:
        source, params = "documents WHERE source_id = ?", [source_id]
    else:
        at = [DOCUMENT_COLUMNS.index(c) for c in _COPY_GIVEN]
        source = "(SELECT {}) AS g".format(", ".join(
            f"unnest(?::{'BIGINT' if c == 'position' else 'VARCHAR'}[]) AS {c}" for c in _COPY_GIVEN))
        params = [[r[i] for r in given] for i in at]
    # a text with neither author nor date must also hold the same place: short answers ("Agree")
    # recur across different files, but not at the same positions. Another respondent, or another
    # id in the user's own file, is another record whatever its text: a second survey wave repeats
    # the first's "No" and "Agree" at the same places, from other people. Where most answers are
    # one "No", two waves also share it at most places by chance, with the same row numbers as ids:
    # only a text found once in its file tells a copy by its place (the window counts the whole
    # source, before the probe's LIMIT). A respondent numbered by row ("row-N") is that place, not a
    # person: a file stored under id rule 1 (``voices.ids``), whose respondent_id column that rule did
    # not see, has its respondents numbered by row, and a renamed copy read under rule 2 names them
    # (R001...); at the same place, row-N matches any respondent. Rule 1 named such a respondent by
    # their e-mail when the file had one: with the same author (the name, or that e-mail), it matches too.
    # Rule 2 also reads a name column rule 1 left as an attribute ("Your name (optional)"): an answer
    # stored by rule 1 with its e-mail respondent as its author is that respondent's, whatever name
    # the new read gives it
    query = """WITH n AS (SELECT id, text, author, posted_at, position, respondent_id, original_id,
                                 author IS NOT NULL OR posted_at IS NOT NULL
                                     OR count(*) OVER (PARTITION BY text) = 1 AS telling
                        FROM {source} {limit}),
                    told AS (SELECT count(*) FILTER (WHERE telling) AS told, count(*) AS total FROM n)
               SELECT o.source_id, s.title, count(DISTINCT n.id) AS k, any_value(told.total) AS total,
                      (SELECT count(*) FROM documents a WHERE a.source_id = o.source_id) AS theirs
               FROM n JOIN documents o ON o.text = n.text AND o.source_id <> ?
                    AND (o.author IS NOT DISTINCT FROM n.author
                         OR (o.respondent_id = n.respondent_id AND o.author = o.respondent_id
                             AND o.respondent_id LIKE '%@%'))
                    AND o.posted_at IS NOT DISTINCT FROM n.posted_at
                    AND (n.author IS NOT NULL OR n.posted_at IS NOT NULL OR o.position = n.position)
                    AND (o.respondent_id IS NOT DISTINCT FROM n.respondent_id
                         OR (o.position = n.position AND (regexp_full_match(o.respondent_id, 'row-[0-9]+')
                                                          OR regexp_full_match(n.respondent_id, 'row-[0-9]+')))
                         OR (o.author IS NOT NULL AND (o.respondent_id LIKE '%@%' OR n.respondent_id LIKE '%@%')))
                    AND (o.original_id IS NULL OR n.original_id IS NULL OR o.original_id = n.original_id)
               JOIN sources s ON s.id = o.source_id CROSS JOIN told
               GROUP BY o.source_id, s.title
               HAVING 2 * count(DISTINCT n.id) FILTER (WHERE n.telling) >= any_value(told.told)
                  AND any_value(told.told) {some} 0 {whole}
               ORDER BY k DESC, o.source_id LIMIT 1"""
    # a probe with no telling text decides nothing: the whole source does. The whole source, unlike
    # the probe, must also repeat (nearly) all of the stored one: a copy or a later export holds every
    # old answer, and a match of one or two texts is a copy only when both sources are just those
    whole = "AND 10 * k >= 9 * theirs AND (k >= 3 OR (k = total AND k = theirs))"
    for limit, some, extra in ((f"ORDER BY id LIMIT {int(probe)}", ">=", ""), ("", ">", whole)):
        row = corpus._con.execute(query.format(source=source, limit=limit, some=some, whole=extra),
                                  [*params, source_id]).fetchone()
        if row is None:
            return None
    return row[0], row[1], int(row[2]), int(row[3])


def copied_read_before(corpus: Corpus, source_id: str, probe: int, given: list[tuple] | None,
                       before: Sequence[tuple]) -> tuple[str, str, int, int] | None:
    """:func:`copied_source` of ``source_id`` read as an older reading read it: ``before`` (``stored_row``'s rows,
    positions from 1) ahead of its documents (``given``, else the stored ones), whose positions move up as many.

    A merged-header sheet stored before voices read its merged question cell has its labels row as a respondent's
    answer ("Please explain"): a renamed copy, read right, repeated five of the six stored answers, short of the
    nine in ten a copy repeats, and was stored whole a second time.
    """
    if given is None:
        given = corpus.sql(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE source_id = ?",
                           [source_id]).fetchall()
    at = DOCUMENT_COLUMNS.index("position")
    moved = [(*r[:at], r[at] + len(before), *r[at + 1:]) for r in given]
    return copied_source(corpus, source_id, probe, [*before, *moved])


def held_places(corpus: Corpus, source_id: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """Each stored document of ``source_id``, by position: its id, the MD5 of its text (UTF-8, hex), author,
    date and parent id.

    What a later pipe into "stdin" checks its texts against (``voices.ids.assign_ids``' ``fits`` and
    ``copies``): whether a place holds another text, and where a text with its author, date and parent
    is stored already. Digests, not texts, so a large source costs 32 characters a document.
    """
    return corpus.sql("SELECT id, md5(text), author, posted_at, parent_id FROM documents WHERE source_id = ? "
                      "ORDER BY position, id", [source_id]).fetchall()


def answers_by_row(corpus: Corpus, source_id: str) -> dict[str, tuple[str, str, str | None, str | None, str | None]]:
    """The documents of ``source_id`` whose respondent is numbered by row: id -> (kind, respondent id, question,
    closed answer, attributes). What an older export's row keeping no id or name column is matched by
    (``voices.ingest.export_rules``): the two rules read its question otherwise, never its row."""
    rows = corpus.sql("SELECT id, kind, respondent_id, question, closed_answer, attributes FROM documents "
                      "WHERE source_id = ? AND regexp_full_match(respondent_id, 'row-[0-9]+')", [source_id]).fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def source_columns(corpus: Corpus, source_id: str) -> tuple[list[str], list[str]]:
    """The column names the documents of ``source_id`` keep in their ``attributes``, and their questions
    (each once): how the source's file was read (``voices.ingest.consultation_columns.rules_read_alike``)."""
    keys = corpus.sql("SELECT DISTINCT unnest(json_keys(attributes)) FROM documents WHERE source_id = ? "
                      "AND attributes IS NOT NULL", [source_id]).fetchall()
    questions = corpus.sql("SELECT DISTINCT question FROM documents WHERE source_id = ? AND question IS NOT NULL",
                           [source_id]).fetchall()
    return [k for (k,) in keys], [q for (q,) in questions]


def add_responses(corpus: Corpus, rows: Sequence[tuple[str, str, str | None, str | None]], *, replace_sources: bool) -> None:
    """Store ``(source id, respondent id, attributes, ratings)`` rows (the latest read wins).

    With ``replace_sources`` the sources' earlier rows go first (``ingest --replace``); when
    any of them is not among the new rows (a respondent who only rated has gone, or their
    answers changed), the erasure marker is set so that the caller's rewrite takes its bytes.
    """
    if replace_sources:
        sids = sorted({r[0] for r in rows})
        where = "WHERE source_id IN (SELECT unnest(?::VARCHAR[]))"
        before = {tuple(r) for r in corpus._con.execute(f"SELECT * FROM responses {where}", [sids]).fetchall()}
        if before - {tuple(r) for r in rows}:
            corpus._con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{ERASE_PENDING}', 'yes')")
        corpus._con.execute(f"DELETE FROM responses {where}", [sids])
    if rows:
        corpus._con.executemany("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)", [list(r) for r in rows])
