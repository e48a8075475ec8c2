"""The answers ``ingest --keep-export-ids`` stored under a voices export's ids: what the source's own file matches.

``--keep-export-ids`` stores the answers a source stored here under another id rule lacks under the export's
ids (``voices.ingest.export_rules``), which are not the ids the source's own file gives here: ingesting that
file later stored each such answer a second time (R003 and row-4), exit 0. Their ids are recorded here, per
source; a later file's new row of the same text, author and date is that answer (``held``), one to one, to the
same question and of the same respondent when both sides name one (``take``): it then takes that file's respondent id (``adopt``).
The table is made on first use, and rows go with their documents (``voices.store.erasure``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

TABLE = "export_kept"
Content = tuple[str, str | None, str | None]  # a text's MD5, its author and date
# a kept document's id, its respondent as a source's file names it (None: by row), its question and question id
Kept = tuple[str, str | None, str | None, str | None]


def record(corpus: Corpus, source_id: str, ids: Sequence[str]) -> None:
    """Note that ``ids`` of ``source_id`` were stored under a voices export's ids (inside the caller's transaction)."""
    if not ids:
        return
    corpus._con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (doc_id VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL)")
    corpus._con.execute(f"INSERT OR IGNORE INTO {TABLE} SELECT unnest(?::VARCHAR[]), ?", [sorted(set(ids)), source_id])


def held(corpus: Corpus, source_id: str) -> dict[Content, list[Kept]]:
    """The stored answers of ``source_id`` kept under an export's ids, by (text MD5, author, date), in place order.

    Author and respondent as either id rule reads them (``as_named``): rule 1 keeps "Your name (optional)" and
    "respondent_id" as columns, which rule 2 reads as the author and respondent. Keyed by the stored author
    alone, a rule-1 export's named answer did not meet the file's row (read by rule 2) and was stored twice.
    """
    if not corpus.has_table(TABLE):
        return {}
    rows = corpus._con.execute(
        f"SELECT md5(d.text), d.author, d.posted_at, d.id, d.respondent_id, d.attributes, d.question, d.question_id "
        f"FROM {TABLE} k "
        "JOIN documents d ON d.id = k.doc_id WHERE k.source_id = ? ORDER BY d.position, d.id", [source_id]).fetchall()
    found: dict[Content, list[Kept]] = defaultdict(list)
    for digest, author, posted_at, doc, respondent, attributes, question, question_id in rows:
        named, who = as_named(author, respondent, attributes)
        found[(digest, named, posted_at)].append((doc, who, question, question_id))
    return dict(found)


def as_named(author: str | None, respondent: str | None, attributes: str | None) -> tuple[str | None, str | None]:
    """An answer's author and respondent id as either id rule reads them: a name or id column stands for a blank
    author or a respondent numbered by row ("row-3"); a respondent known only by row is None (rows differ by file).

    >>> as_named(None, "row-3", '{"respondent_id": "R002", "Your name (optional)": "Cat Other"}')
    ('Cat Other', 'R002')
    """
    from voices.ids import NAME_COLUMN_2, RESPONDENT_ID_COLUMN_2

    columns = json.loads(attributes) if attributes else {}

    def column(pattern: str) -> str | None:
        values = [v.strip() for k, v in columns.items() if isinstance(v, str) and v.strip() and re.match(pattern, k, re.I)]
        return values[0] if len(values) == 1 else None

    if author is None:
        author = column(NAME_COLUMN_2)
    if respondent is None or re.fullmatch(r"row-[0-9]+", respondent):
        respondent = column(RESPONDENT_ID_COLUMN_2)
    return author, respondent


def named_sql(column: str, row: str = "") -> str:
    """SQL: :func:`as_named`'s reading of a row's ``column`` ("author" or "respondent_id"), over the row's
    ``respondent_id`` and ``attributes`` (and ``author``; ``row``: their table's alias, as "o."): what ``delete
    --author``/``--respondent`` match, so a person rule 1 kept only as a name or id column is found by the name or id
    they gave. NULL where the stored column stands (an author, a respondent not numbered by row)."""
    from voices.ids import NAME_SQL_2, RESPONDENT_ID_SQL_2

    pattern = NAME_SQL_2 if column == "author" else RESPONDENT_ID_SQL_2
    attributes, path = f"{row}attributes", "'$.' || to_json(k)"
    keys = (f"list_filter(json_keys({attributes}), lambda k: regexp_full_match(k, '{pattern}', 'i') "
            f"AND json_type({attributes}, {path}) = 'VARCHAR')")
    values = (f"list_filter(list_transform({keys}, lambda k: regexp_replace(json_extract_string({attributes}, "
              rf"{path}), '^\s+|\s+$', '', 'g')), lambda v: v <> '')")
    stands_for = (f"{row}author IS NULL" if column == "author"
                  else f"{row}respondent_id IS NULL OR regexp_full_match({row}respondent_id, 'row-[0-9]+')")
    return f"(CASE WHEN {stands_for} THEN (CASE WHEN len({values}) = 1 THEN {values}[1] END) END)"


def named_authors(corpus: Corpus, source_id: str) -> dict[str, str]:
    """The documents of ``source_id`` with no author whose name column gives one (``as_named``): id -> name.

    A rule-1 source keeps "Your name (optional)" as a column; a rule-2 export of the file has it as the author.
    """
    named = named_sql("author")
    return dict(corpus.sql(f"SELECT id, {named} FROM documents WHERE source_id = ? AND author IS NULL "
                           f"AND {named} IS NOT NULL", [source_id]).fetchall())


def kept_answer(kept: dict[Content, list[Kept]], text: str, author: str | None, posted_at: str | None,
                question: str | None, respondent: str | None, attributes: str | None,
                free: Callable[[], bool] = lambda: True, question_id: str | None = None) -> str | None:
    """The kept answer (of ``held``'s, taken from ``kept``) a file's new row is, else None: the same text, author
    and date, to the same question, and respondent when both name one (``take``); ``free()``, asked only when one
    has its content: whether the row may be one (its own id not stored). Ingest and ``--preview`` both ask this."""
    import hashlib

    author, who = as_named(author, respondent, attributes)
    held = kept.get((hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest(), author, posted_at))
    return take(held, who, question, question_id) if held and free() else None


def take(kept: list[Kept], respondent: str | None, question: str | None, question_id: str | None = None) -> str | None:
    """The first of ``kept`` (removed from it) that a file's answer of ``respondent`` to ``question`` may be: to the
    same question, else one either id rule may word so (``asked_alike``); of its own respondent, else one whose
    respondent either side does not name. Two respondents' same campaign words, kept, were given out in place order
    alone, and a file listing them otherwise gave each the other's answer; one respondent's same words to Q3 and Q5,
    kept for Q5 only, went to the file's Q3 row: the Q3 answer was lost and the Q5 answer stored twice. Alike
    questions of two numbered ids are two ("Q3. Should X? Please give reasons" is Q4 when its column is "Q4. Please
    give reasons", as both rules number it): Q6's kept answer went to that Q4 row, lost, and Q6's stored twice.
    """
    alike = [k for k in kept if asked_alike(k[2], question) and not _numbered_apart(k[3], question_id)]
    for asked in ([k for k in kept if k[2] == question], [k for k in alike if k[3] == question_id], alike):
        fits = [k for k in asked if k[1] == respondent] or [k for k in asked if None in (k[1], respondent)]
        if fits:
            kept.remove(fits[0])
            return fits[0][0]
    return None


def _numbered_apart(one: str | None, other: str | None) -> bool:
    """Whether two question ids are two numbers ("Q4", "Q6"), not a digest either id rule may make otherwise."""
    numbered = re.compile(r"Q[A-Z]*\d+[A-Z]?")
    return one != other and all(q is not None and numbered.fullmatch(q) for q in (one, other))


def asked_alike(one: str | None, other: str | None) -> bool:
    """Whether two answers' questions may be one question as the two id rules word it: the same, either unsaid, or
    one's words (its number aside) end the other's. Rule 2 pairs "Please give reasons ..." with the closed question
    before it and words it "Q4. Should ...? Please give reasons ..."; rule 1 keeps the column's own header.

    >>> asked_alike("Q5. Please give reasons", "Q4. Should they? Please give reasons")
    True
    >>> asked_alike("Q3. What should change first?", "Q5. Anything else to add?")
    False

    The same words under two numbers are two questions ("Q3. Please give reasons", "Q5. ..."): a rule words a
    question otherwise only by putting the closed question's words before it. Taken as one, Bob's kept Q5 answer
    went to the file's Q3 row of the same words: Q3 lost, Q5 stored twice.

    >>> asked_alike("Q3. Please give reasons", "Q5. Please give reasons"), asked_alike("Q3. Why?", "Question 3: Why?")
    (False, True)
    """
    from voices.ids import QNUM

    if one is None or other is None or one == other:
        return True
    numbers = {re.sub(r"^q(?:uestion)?", "", re.sub(r"\s", "", m.group(1).casefold())) if m else None
               for m in (QNUM.match(one), QNUM.match(other))}  # "Q3", "question 3" and "3" are one number
    one, other = (" " + QNUM.sub("", q, count=1).lstrip(" .:)–-") for q in (one, other))
    if one == other:
        return len(numbers) == 1 or None in numbers
    return one.endswith(other) or other.endswith(one)


def adopt(corpus: Corpus, source_id: str, doc: str, respondent: str | None, author: str | None) -> None:
    """Kept document ``doc`` is a source's file's answer of ``respondent`` (and ``author``): it takes that respondent
    id, and the author when it has none (its name was a column), so ``delete --respondent``/``--author`` find it.

    Left under the export's respondent ("row-3"), ``delete --respondent R002`` said there were no documents for
    R002 while the file counted the answer stored. No ratings row moves: an export brings none, so a ratings row of
    the source under the old id is another respondent's (a blank id the source's own file numbered row-3), and
    moving it to R002 lost their ratings. ``source_id``: the kept document's source. A respondent the file numbers by
    row ("row-3": a rule-1 source's own file) names nobody, and does not replace one the kept document names (R002,
    from a rule-2 export): ``delete --respondent R002`` then found nothing.
    """
    (old, had), = corpus._con.execute("SELECT respondent_id, author FROM documents WHERE id = ? AND source_id = ?",
                                      [doc, source_id]).fetchall()
    if respondent is None or (re.fullmatch(r"row-[0-9]+", respondent) and old is not None
                              and not re.fullmatch(r"row-[0-9]+", old)):
        respondent = old
    if (old, had) == (respondent, had or author):
        return
    corpus._con.execute("UPDATE documents SET respondent_id = ?, author = coalesce(author, ?) WHERE id = ?",
                        [respondent, author, doc])


def forget(corpus: Corpus, ids_sql: str, values: Sequence[object]) -> None:
    """Drop the records of the documents ``ids_sql`` selects, as they are erased (the caller's transaction)."""
    if corpus.has_table(TABLE):
        corpus._con.execute(f"DELETE FROM {TABLE} WHERE doc_id IN ({ids_sql})", list(values))
