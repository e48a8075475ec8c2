"""A new source that is only part of a stored one: ``head -3 FILE | voices ingest -`` after ``voices ingest FILE``.

A source is known by its title, and a file without one is named after the file
(standard input after "stdin"), so a few rows of a stored file, piped or saved
under another name, became a new source holding the same texts again: the
report counted them twice. The renamed-copy check (``Corpus.copied_source``)
refuses a file repeating (nearly) the whole of a stored source; a part of one is
caught here: piped, its texts are counted as already in the corpus instead; a file
with a name of its own is refused (``voices.ingest.file_loader.FileLoader._drop_stored_parts``), as it reads the
same as a second survey wave repeating a respondent's answer, which must be stored.

The rule: every document of the new source is stored in one other source with
the same kind, text, author, date, respondent, question and own id, every
ratings row of it too, and at least one of those documents tells: a text of
three words or more with an author, a date, a respondent id that names somebody
(not ``row-N``) or an own id; or, without any of them, found once in the file
and at the same place in both. "Agreed." or "+1", even under a name, tells
nothing: a new thread that shares only such texts with a stored one stays a new
source, and so does one with a single text the stored source lacks.

A part of a source stored under an older id rule (``voices.ids``) has other respondent and question ids
by the newest rule, which a new source is read by: :func:`held_under_rule` compares a sample of the file
as the older rule reads it, and a match has the file read by that rule (``voices.ingest.consultation``).
Respondents with no id column are numbered by row (``row-N``; rule 1 also does so in a file whose id column it
does not see), so a part that does not start at the file's top (its header and row 3 piped) has other respondent
ids, and was stored again. An answer numbered by row, in a source of any rule, therefore also holds an answer
numbered by row with the same text, question, author, date, closed answer and other columns (``attributes``,
where the respondent id column rule 1 did not see is kept): a match by content. Such a match tells only through
a column naming its respondent (an author, or a kept id or name column, that is no placeholder such as
"Anonymous" or "N/A": ``voices.placeholders``); a date, a place or a "Region" is shared by many (a campaign's
copies posted the same day), and a file of nothing but answers, moved to other rows, does not tell either: it
stays a new source. Nor is a new source with more copies of a text than the stored one holds a part of it.

Standard input's source "stdin" is stored by the first pipe, so a later one is no
new source: its documents (when none of them is in "stdin" yet) are judged by the
same rule, against the other sources, and only they are taken back. Respondents numbered by row meet an
earlier pipe's ids there (its row-2 answer to a Q1): those texts were not stored, and :func:`holding_rows`
judges them, as the pipe gives them, with the pipe's stored ones.

The store owns the SQL: ``voices.ingest`` asks :func:`holding_source` and
:func:`source_known`, and :func:`drop_source` takes back only what that ingest's
own transaction wrote. They sit beside ``Corpus.copied_source`` in a module of
their own, as ``voices.store.validation`` does, to keep ``corpus.py`` from growing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["MIN_WORDS", "drop_source", "held_elsewhere", "held_under_rule", "holding_given", "holding_rows",
           "holding_source", "older_rules", "source_known"]

# a text that tells: at least this many words (an "Agreed." or a "+1" recurs everywhere, under any name)
MIN_WORDS = 3

_QUERY = """
WITH n AS (SELECT id, kind, text, author, posted_at, position, respondent_id, question_id, original_id,
                  closed_answer, attributes, count(*) OVER (PARTITION BY text) = 1 AS once,
                  len(regexp_split_to_array(trim(text), '\\s+')) >= {words} AS worded
           FROM {documents} {limit}),
     total AS (SELECT count(*) AS total FROM n)
SELECT o.source_id, s.title, count(DISTINCT n.id) AS k
FROM n JOIN documents o ON o.text = n.text AND o.source_id <> ? AND o.kind = n.kind {others}
     AND (o.author IS NOT DISTINCT FROM n.author OR {o_author} = n.author) AND o.posted_at IS NOT DISTINCT FROM n.posted_at
     AND o.question_id IS NOT DISTINCT FROM n.question_id
     AND (o.original_id IS NULL OR n.original_id IS NULL OR o.original_id = n.original_id)
     AND (o.respondent_id IS NOT DISTINCT FROM n.respondent_id OR ({by_content}) OR {o_respondent} = n.respondent_id)
JOIN sources s ON s.id = o.source_id CROSS JOIN total
GROUP BY o.source_id, s.title
HAVING count(DISTINCT n.id) = any_value(total.total) {telling}
ORDER BY k DESC, o.source_id LIMIT 1
"""
# at least one document that tells (the module docstring); a match by content (respondents numbered by other rows)
# tells only through its author or a kept column naming the respondent: a date or a place names nobody, so a campaign
# copy posted the same day by a respondent at another row was taken for the stored one and not stored
# A placeholder ("Anonymous", "Guest", "N/A", "-") names nobody either: a new respondent's campaign copy signed so on
# the same day was matched by content to the stored one, counted as present and lost.
_TELLING = """AND bool_or(n.worded AND CASE WHEN o.respondent_id IS NOT DISTINCT FROM n.respondent_id
                                                   OR {o_respondent} = n.respondent_id
    THEN n.author IS NOT NULL OR n.posted_at IS NOT NULL OR n.original_id IS NOT NULL
         OR (n.respondent_id IS NOT NULL AND NOT regexp_full_match(n.respondent_id, 'row-[0-9]+'))
         OR (n.once AND o.position = n.position)
    ELSE {named_author} OR (n.attributes IS NOT NULL AND {kept_id}) END)"""
# a match by content tells only through a column that names its respondent (an id or a name column rule 1 kept and
# rule 2 reads as the respondent) with a value naming somebody: a "Region" or a role is shared by many, so a second
# batch of campaign copies with the same region was taken for a part of the first and not stored
def _kept_id() -> str:
    from voices.ids import NAME_SQL_2, RESPONDENT_ID_SQL_2

    def full(pattern: str) -> str:
        return "regexp_full_match(k, '" + pattern + "', 'i')"

    value = _names_somebody("json_extract_string(n.attributes, '$.' || to_json(k))")  # a key, however worded
    return (f"len(list_filter(json_keys(n.attributes), lambda k: ({full(RESPONDENT_ID_SQL_2)} OR "
            f"{full(NAME_SQL_2)}) AND {value})) > 0")


def _names_somebody(value: str) -> str:
    """SQL: whether ``value`` names somebody, as ``voices.placeholders.names_nobody`` says it does not."""
    from voices.placeholders import PLACEHOLDER_AUTHORS

    listed = ", ".join("'" + p.replace("'", "''") + "'" for p in sorted(PLACEHOLDER_AUTHORS))
    return (f"(nullif(trim({value}), '') IS NOT NULL "
            f"AND lower(regexp_replace(trim({value}), '\\s+', ' ', 'g')) NOT IN ({listed}))")


_TELLING = _TELLING.replace("{kept_id}", _kept_id()).replace("{named_author}", _names_somebody("n.author"))
# an answer numbered by row holds one numbered by another row with the same content (the module docstring)
_BY_CONTENT = """regexp_full_match(o.respondent_id, 'row-[0-9]+') AND regexp_full_match(n.respondent_id, 'row-[0-9]+')
    AND o.closed_answer IS NOT DISTINCT FROM n.closed_answer AND o.attributes IS NOT DISTINCT FROM n.attributes"""
# documents of the new source compared first: a source that is no part of another costs one small join
PROBE = 20
# the texts of which the new source has more copies than a stored one (same kind, text, author, date and question):
# the join above lets several of them meet one stored copy, so two Sarahs piping a campaign's words where the stored
# file holds one were both counted as present, and the second answer was lost
_MORE_COPIES = """
WITH n AS (SELECT kind, text, author, posted_at, question_id, count(*) AS k FROM {documents} GROUP BY ALL)
SELECT count(*) FROM n WHERE k > (SELECT count(*) FROM documents o WHERE o.source_id = ? AND o.kind = n.kind
    AND o.text = n.text AND (o.author IS NOT DISTINCT FROM n.author OR {o_author} = n.author)
    AND o.posted_at IS NOT DISTINCT FROM n.posted_at
    AND o.question_id IS NOT DISTINCT FROM n.question_id)
"""


def _as_named(sql: str) -> str:
    """``sql`` with a stored document's (``o``) author and respondent also as ``export_kept.as_named`` reads them.

    An answer ``--keep-export-ids`` kept from a rule-1 export stands as row-3, its name and id as columns, in a
    rule-2 source: the header and R002's row piped, read by rule 2 (respondent R002), met it neither by author nor
    by respondent as stored, and R002's answer was stored again in "stdin".
    """
    from voices.store.export_kept import named_sql

    return sql.replace("{o_author}", named_sql("author", "o.")).replace("{o_respondent}", named_sql("respondent_id", "o."))


_QUERY, _TELLING, _MORE_COPIES = _as_named(_QUERY), _as_named(_TELLING), _as_named(_MORE_COPIES)


def _more_copies(corpus: Corpus, documents: str, params: list, other: str) -> bool:
    """Whether the new documents (``documents``, with ``params``) hold a text more often than source ``other``."""
    return bool(corpus.sql(_MORE_COPIES.format(documents=documents), [*params, other]).fetchall()[0][0])


def questions_held(corpus: Corpus, sid: str) -> set[str]:
    """The question ids source ``sid``'s stored answers give."""
    return {q for q, in corpus.sql("SELECT DISTINCT question_id FROM documents WHERE source_id = ? "
                                   "AND question_id IS NOT NULL", [sid]).fetchall()}


def source_known(corpus: Corpus, sid: str) -> bool:
    """Whether the corpus has a row for source ``sid`` (documents or not)."""
    return bool(corpus.sql("SELECT count(*) FROM sources WHERE id = ?", [sid]).fetchall()[0][0])


def holding_source(corpus: Corpus, sid: str, ratings: list[tuple[str, str, str | None, str | None]],
                   ids: list[str] | None = None) -> tuple[str, str, int] | None:
    """The stored source holding every document of the new source ``sid`` (and every ratings row).

    ``ratings``: the ``(source_id, respondent_id, attributes, ratings)`` rows the file gives for ``sid``;
    a respondent who only rated has no document, and would be lost if the source were dropped for them.
    ``ids``: only these documents of ``sid`` (the ones this ingest wrote to a source stored before it,
    standard input's "stdin" after an earlier pipe); by default all of them.

    Returns
    -------
    (str, str, int) or None
        The stored source's id and title, and how many documents of ``sid`` it holds.
    """
    for limit, telling in ((f"ORDER BY id LIMIT {PROBE}", ""), ("", _TELLING)):
        # the probe's window still counts the whole source (it runs before the LIMIT)
        only = "" if ids is None else "AND id IN (SELECT unnest(?::VARCHAR[]))"
        query = _QUERY.format(words=MIN_WORDS, documents=f"documents WHERE source_id = ? {only}", limit=limit,
                              others="", telling=telling, by_content=_BY_CONTENT)
        row = corpus.sql(query, [sid, sid] if ids is None else [sid, ids, sid]).fetchall()
        if not row:
            return None
    other, title, k = row[0]
    if ratings and _ratings_held(corpus, other, ratings) != len(ratings):
        return None
    if _more_copies(corpus, f"documents WHERE source_id = ? {only}", [sid] if ids is None else [sid, ids], other):
        return None
    return other, title, int(k)


def held_elsewhere(corpus: Corpus, sid: str, ids: list[str]) -> tuple[str, str, int] | None:
    """The other source holding the most of documents ``ids`` of ``sid`` as they stand, each one telling (the
    module docstring's rule, asked of each document, not of one among them): a pipe of a stored file's rows and
    new ones is no part of it, and stores those rows again. Its id and title and how many, or None."""
    if not ids:
        return None
    row_telling = _TELLING.strip().removeprefix("AND bool_or(").removesuffix(")")
    query = _QUERY.format(words=MIN_WORDS, documents="documents WHERE source_id = ? AND id IN (SELECT unnest(?::VARCHAR[]))",
                          limit="", others="", telling="", by_content=_BY_CONTENT).replace(
        "HAVING count(DISTINCT n.id) = any_value(total.total)", "").replace(
        "GROUP BY o.source_id", f"WHERE {row_telling}\nGROUP BY o.source_id")
    found = corpus.sql(query, [sid, ids, sid]).fetchall()
    return (found[0][0], found[0][1], int(found[0][2])) if found else None


def _ratings_held(corpus: Corpus, other: str, ratings: list[tuple[str, str, str | None, str | None]]) -> int:
    """How many of ``ratings`` (``holding_source``'s) stored source ``other`` holds: by respondent, or by
    content for a respondent numbered by row (the module docstring)."""
    return int(corpus.sql("""
        SELECT count(*) FROM (SELECT unnest(?::VARCHAR[]) AS r, unnest(?::VARCHAR[]) AS a, unnest(?::VARCHAR[]) AS t) i
        WHERE EXISTS (SELECT 1 FROM responses o WHERE o.source_id = ?
                      AND o.attributes IS NOT DISTINCT FROM i.a AND o.ratings IS NOT DISTINCT FROM i.t
                      AND (o.respondent_id = i.r OR (regexp_full_match(o.respondent_id, 'row-[0-9]+')
                                                     AND regexp_full_match(i.r, 'row-[0-9]+'))))""",
        [[r[1] for r in ratings], [r[2] for r in ratings], [r[3] for r in ratings], other]).fetchall()[0][0])


# a file's answers as ``voices.ingest.rows.stored_row`` gives them, not stored: the columns the rule compares
_GIVEN = ("id", "kind", "text", "author", "posted_at", "position", "respondent_id", "question_id", "original_id",
          "closed_answer", "attributes")


def older_rules(corpus: Corpus) -> list[int]:
    """The id rules older than the newest that stored sources were stored under, newest first (``voices.ids``)."""
    from voices.ids import FIRST_ID_RULE, ID_RULE

    rule = "id_rule" if corpus.has_column("sources", "id_rule") else "NULL"  # a reading open of an older corpus
    rows = corpus.sql(f"SELECT DISTINCT coalesce({rule}, {FIRST_ID_RULE}) AS r FROM sources "
                      f"WHERE r BETWEEN {FIRST_ID_RULE} AND {ID_RULE - 1} ORDER BY r DESC").fetchall()
    return [int(r[0]) for r in rows]


def held_under_rule(corpus: Corpus, sid: str, rows: list[tuple], rule: int | None) -> tuple[str, str, int] | None:
    """The source stored under id rule ``rule`` (``None``: any) that holds every one of ``rows`` (by this module's
    rule), if any.

    ``rows``: a new source ``sid``'s answers as ``stored_row`` gives them, read by ``rule`` but not stored: a file
    is read by the newest rule, and a part of a file stored under an older one has other respondent and question
    ids by it, so it is compared as the older rule reads it (``voices.ingest.consultation``).
    """
    from voices.ids import FIRST_ID_RULE
    from voices.store.corpus import DOCUMENT_COLUMNS

    if not rows:
        return None
    at = [DOCUMENT_COLUMNS.index(c) for c in _GIVEN]
    given = ", ".join(f"unnest(?::{'BIGINT' if c == 'position' else 'VARCHAR'}[]) AS {c}" for c in _GIVEN)
    stored_rule = "" if rule is None else "AND o.source_id IN (SELECT id FROM sources WHERE coalesce({}, {}) = {})".format(
        "id_rule" if corpus.has_column("sources", "id_rule") else "NULL", FIRST_ID_RULE, int(rule))
    query = _QUERY.format(words=MIN_WORDS, documents=f"(SELECT {given})", limit="", others=stored_rule,
                          telling=_TELLING, by_content=_BY_CONTENT)
    found = corpus.sql(query, [[r[i] for r in rows] for i in at] + [sid]).fetchall()
    if not found or _more_copies(corpus, f"(SELECT {given})", [[r[i] for r in rows] for i in at], found[0][0]):
        return None
    return found[0][0], found[0][1], int(found[0][2])


def holding_given(corpus: Corpus, sid: str, rows: list[tuple],
                  ratings: list[tuple[str, str, str | None, str | None]]) -> tuple[str, str, int] | None:
    """:func:`holding_source` for a new source ``sid`` not stored: ``rows`` its answers as ``stored_row`` gives them.

    What ``ingest --preview`` shows as ``part_of_stored``: the stored source ingest would find holding the file.
    """
    found = held_under_rule(corpus, sid, rows, None)
    if found is None or (ratings and _ratings_held(corpus, found[0], ratings) != len(ratings)):
        return None
    return found


def holding_rows(corpus: Corpus, sid: str, rows: list[tuple], ids: list[str],
                 ratings: list[tuple[str, str, str | None, str | None]]) -> tuple[str, str, int] | None:
    """:func:`holding_source` for a pipe into "stdin" some of whose texts met an earlier pipe's ids there.

    ``rows``: those texts, as ``stored_row`` gives them but not stored (their ids hold other words); ``ids``:
    the pipe's documents this ingest stored in ``sid``. The stored source holding every one of both, if any.
    """
    from voices.store.corpus import DOCUMENT_COLUMNS

    at = [DOCUMENT_COLUMNS.index(c) for c in _GIVEN]
    given = ", ".join(f"unnest(?::{'BIGINT' if c == 'position' else 'VARCHAR'}[]) AS {c}" for c in _GIVEN)
    stored = f"SELECT {', '.join(_GIVEN)} FROM documents WHERE source_id = ? AND id IN (SELECT unnest(?::VARCHAR[]))"
    query = _QUERY.format(words=MIN_WORDS, documents=f"(SELECT {given} UNION ALL {stored})", limit="", others="",
                          telling=_TELLING, by_content=_BY_CONTENT)
    found = corpus.sql(query, [[r[i] for r in rows] for i in at] + [sid, ids, sid]).fetchall()
    if not found or (ratings and _ratings_held(corpus, found[0][0], ratings) != len(ratings)):
        return None
    if _more_copies(corpus, f"(SELECT {given} UNION ALL {stored})", [[r[i] for r in rows] for i in at] + [sid, ids],
                    found[0][0]):
        return None
    return found[0][0], found[0][1], int(found[0][2])


def drop_source(corpus: Corpus, sid: str, known: bool, ids: list[str] | None = None) -> None:
    """Take back the documents (and, unless ``known`` before this ingest, the row) this ingest gave ``sid``.

    Only rows this transaction inserted: nothing derives from them yet, and none was committed.
    ``ids``: only these documents (``sid`` held others before this ingest, which stay, and so does its row).
    """
    if ids is not None:
        corpus.sql("DELETE FROM documents WHERE source_id = ? AND id IN (SELECT unnest(?::VARCHAR[]))", [sid, ids])
        return
    corpus.sql("DELETE FROM documents WHERE source_id = ?", [sid])
    if not known:
        corpus.sql("DELETE FROM sources WHERE id = ?", [sid])
