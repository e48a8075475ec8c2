"""The SQL behind reports: counts, cross-tables, top-k lists and reply links over one relation.

A report reads either a corpus (documents, predictions, human labels) or a pandas
frame (what a Dask classify wrote) through the same queries: ``ReportDocs`` puts
either into a temporary DuckDB table ``report_docs`` with one row per document, in
document order (``ord``), without the texts, plus the derived columns every figure
uses:

- ``human``: a person labelled the document; ``eff_stance``/``eff_themes``: the human
  label where there is one, else the prediction;
- ``grp``: ``confident``, ``uncertain``, ``not_english``, ``unclassified`` or ``article``;
- ``campaign``/``copy``: set by the report once campaigns are found (``mark_campaigns``).

Only what a report shows comes back to Python: group counts, the few quote and review
candidates (top-k in SQL) and their texts. Memory stays flat in the number of documents.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import numpy as np
    import pandas as pd

    from voices.store.corpus import Corpus

__all__ = ["ReportDocs"]


def _json_path_key(key: str) -> str:
    """A JSON path step for any key (a quoted one: column names hold spaces and punctuation)."""
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'

TABLE = "report_docs"
MEMORY_LIMIT = "1GB"
_INT_COLUMNS = frozenset({"ord", "i", "kidx", "comp", "campaign"})
CLASSIFIED = "grp IN ('confident', 'uncertain')"
# The columns of the relation a report reads (strings unless said otherwise).
_STRINGS = ("id", "source_id", "source_title", "kind", "author", "posted_at", "parent_id", "question_id",
            "question", "respondent_id", "respondent_type", "organisation", "closed_answer", "stance",
            "stance_model", "themes_model", "classification_status", "label_stance", "attributes")
_NUMBERS = {"position": "int64", "stance_probability": "float64"}
_LISTS = ("themes", "label_themes")

_CORPUS_RAW = """SELECT (row_number() OVER (ORDER BY d.source_id, d.position, d.id) - 1)::BIGINT AS ord,
        d.id, d.source_id, s.title AS source_title, d.kind, d.position::BIGINT AS position, d.author,
        d.posted_at, d.parent_id, d.question_id, d.question, d.respondent_id, d.respondent_type,
        d.organisation, d.closed_answer, p.stance, p.stance_probability, p.stance_uncertain, p.themes,
        p.stance_model, p.themes_model, p.status AS classification_status,
        l.stance AS label_stance, l.themes AS label_themes, d.text IS NOT NULL AS has_text,
        {attributes}
    FROM documents d JOIN sources s ON s.id = d.source_id
    LEFT JOIN predictions p ON p.doc_id = d.id
    LEFT JOIN labels l ON l.doc_id = d.id
    WHERE {where}"""

# One definition of each derived column, whatever the input.
_DERIVED = f"""CREATE OR REPLACE TEMP TABLE {TABLE} AS SELECT r.*,
        r.label_stance IS NOT NULL AS human,
        CASE WHEN r.label_stance IS NOT NULL THEN r.label_stance ELSE r.stance END AS eff_stance,
        COALESCE(r.label_themes, r.themes, []::VARCHAR[]) AS eff_themes,
        CASE WHEN r.kind = 'article' THEN 'article'
             WHEN r.label_stance IS NOT NULL THEN 'confident'
             WHEN r.classification_status = 'not_english'
                  OR (r.stance IS NULL AND r.stance_model IS NOT NULL AND r.classification_status IS NULL)
                  THEN 'not_english'
             WHEN r.stance IS NULL THEN 'unclassified'
             WHEN r.stance_uncertain THEN 'uncertain'
             ELSE 'confident' END AS grp,
        NULL::INTEGER AS campaign, FALSE AS copy
    FROM ({{raw}}) r ORDER BY r.ord"""

# A reply's stance is comparable when confident and a position (not 'none').
_COMPARABLE = "CASE WHEN grp = 'confident' AND lower(eff_stance) IS DISTINCT FROM 'none' THEN eff_stance END"
# Campaign keys: case-folded words only. Texts of ASCII plus punctuation, symbols and
# separators are normalised here; any other text (accented letters...) comes back
# to Python, whose Unicode rules define the key.
_PLAIN = r"NOT regexp_matches(text, '[^\x00-\x7F\p{P}\p{S}\p{Z}]')"
# (after lower-casing, any run of characters but [a-z0-9_] separates words, as in Python)
_NORMALISE = "trim(regexp_replace(lower(text), '[^a-z0-9_]+', ' ', 'g'))"


@contextlib.contextmanager
def _bounded(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Cap DuckDB's memory while a report runs (it spills to a private temporary folder), so a
    million-document report stays well under 2 GB; no progress bar on the terminal."""
    import tempfile

    # The connection's own settings come back afterwards: RESET would lift the corpus
    # connection's bound to DuckDB's default of 80% of the machine's memory.
    saved = {
        name: con.execute("SELECT current_setting(?)", [name]).fetchone()[0]
        for name in ("memory_limit", "enable_progress_bar")
    }
    with tempfile.TemporaryDirectory(prefix="voices-report-") as spill:
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute("SET temp_directory = ?", [spill])
        con.execute("SET enable_progress_bar = false")
        try:
            yield
        finally:
            # (DuckDB cannot switch the temporary folder once used: it stays, its files are gone)
            con.execute("SET memory_limit = ?", [saved["memory_limit"]])
            con.execute(f"SET enable_progress_bar = {bool(saved['enable_progress_bar'])}")


def _frame_table(frame: pd.DataFrame) -> Any:
    """The frame as an Arrow table with the report's columns (absent ones null) and ``ord``, ``text``."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    n = len(frame)

    def col(name: str) -> list:
        return list(frame[name]) if name in frame.columns else [None] * n

    def na(v: object) -> bool:
        return v is None or (not isinstance(v, str | list | tuple | dict | np.ndarray) and bool(pd.isna(v)))

    arrays = {"ord": pa.array(np.arange(n, dtype="int64"))}
    for name in (*_STRINGS, "text"):
        arrays[name] = pa.array([None if na(v) else v if isinstance(v, str) else str(v) for v in col(name)], pa.string())
    for name, kind in _NUMBERS.items():
        values = [None if na(v) else v for v in col(name)]
        arrays[name] = pa.array([None if v is None else (int(v) if kind == "int64" else float(v)) for v in values],
                                pa.int64() if kind == "int64" else pa.float64())
    arrays["stance_uncertain"] = pa.array([None if na(v) else bool(v) for v in col("stance_uncertain")], pa.bool_())
    for name in _LISTS:
        arrays[name] = pa.array([None if na(v) else [str(x) for x in v] for v in col(name)], pa.list_(pa.string()))
    return pa.table(arrays)


class ReportDocs:
    """The documents of one report in a temporary DuckDB table; every query a report runs.

    Open with ``ReportDocs.from_corpus`` (inside ``Corpus.open``) or ``ReportDocs.from_frame``.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, text_sql: str) -> None:
        self._con = con
        self._text_sql = text_sql  # (ord, text) of the documents whose (ord, id) ``{pick}`` selects

    def _texts_of(self, where: str) -> str:
        return self._text_sql.format(pick=f"SELECT ord, id FROM {TABLE} WHERE {where}")

    # ---- opening ---------------------------------------------------------------------
    @classmethod
    @contextlib.contextmanager
    def from_corpus(cls, corpus: Corpus, source_ids: Sequence[str] | None = None) -> Iterator[ReportDocs]:
        """The documents of ``source_ids`` (all when None) of an open corpus."""
        where, params = "TRUE", []
        if source_ids:
            where = f"d.source_id IN ({', '.join('?' for _ in source_ids)})"
            params = list(source_ids)
        con = corpus._con
        with _bounded(con):
            # an older corpus, opened to read, has no attributes column (schema < 3)
            attributes = ("d.attributes" if corpus.has_column("documents", "attributes")
                          else "NULL::VARCHAR AS attributes")
            con.execute(_DERIVED.format(raw=_CORPUS_RAW.format(where=where, attributes=attributes)), params)
            try:
                yield cls(con, "SELECT r.ord, d.text FROM ({pick}) r JOIN documents d ON d.id = r.id")
            finally:
                con.execute(f"DROP TABLE IF EXISTS {TABLE}")

    @classmethod
    @contextlib.contextmanager
    def from_frame(cls, frame: pd.DataFrame) -> Iterator[ReportDocs]:
        """A frame with the export and prediction fields (absent optional columns are null)."""
        import duckdb

        with contextlib.closing(duckdb.connect(":memory:")) as con, _bounded(con):
            con.register("_report_frame", _frame_table(frame))
            con.execute(_DERIVED.format(raw="SELECT * EXCLUDE (text), text IS NOT NULL AS has_text FROM _report_frame"))
            yield cls(con, "SELECT f.ord, f.text FROM _report_frame f SEMI JOIN ({pick}) r USING (ord)")

    @classmethod
    @contextlib.contextmanager
    def from_parquet(cls, files: Sequence[str], source_ids: Sequence[str] | None = None,
                     filesystem: Any = None) -> Iterator[ReportDocs]:
        """Parquet files with the export and prediction fields, read by DuckDB's
        ``read_parquet`` in file order: a report counts inside DuckDB and reads back only the
        texts it shows (nothing is loaded into pandas).

        ``files`` are local paths, or full URLs (``s3://...``) of the fsspec ``filesystem``
        given, which DuckDB then reads through (no DuckDB extension is installed or loaded).
        """
        import duckdb

        def literal(value: str) -> str:
            return "'" + value.replace("'", "''") + "'"

        scan = (f"read_parquet([{', '.join(literal(str(f)) for f in files)}], filename = true, "
                "file_row_number = true, union_by_name = true)")
        with contextlib.closing(duckdb.connect(":memory:")) as con, _bounded(con):
            if filesystem is not None:
                con.execute("SET autoinstall_known_extensions = false")  # nothing downloads at run time
                con.register_filesystem(filesystem)
            have = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()}

            def pick(name: str, sql_type: str) -> str:
                return f"{name}::{sql_type} AS {name}" if name in have else f"NULL::{sql_type} AS {name}"

            columns = [*(pick(n, "VARCHAR") for n in (*_STRINGS, "text")),
                       *(pick(n, "BIGINT" if k == "int64" else "DOUBLE") for n, k in _NUMBERS.items()),
                       pick("stance_uncertain", "BOOLEAN"), *(pick(n, "VARCHAR[]") for n in _LISTS)]
            where = f"source_id IN ({', '.join(map(literal, source_ids))})" if source_ids else "TRUE"
            # a view: the files are read again for the texts a report shows, never held
            con.execute(f"""CREATE TEMP VIEW _report_frame AS SELECT
                (row_number() OVER (ORDER BY filename, file_row_number) - 1)::BIGINT AS ord, {', '.join(columns)}
                FROM {scan}""")
            con.execute(_DERIVED.format(
                raw=f"SELECT * EXCLUDE (text), text IS NOT NULL AS has_text FROM _report_frame WHERE {where}"))
            yield cls(con, "SELECT f.ord, f.text FROM _report_frame f SEMI JOIN ({pick}) r USING (ord)")

    def dataset_ids(self) -> list[str]:
        """Every document id of a Parquet dataset, in file order (its redacted ids are row numbers)."""
        return [r[0] for r in self._rows("SELECT id FROM _report_frame ORDER BY ord")]

    def _rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        return self._con.execute(sql, list(params or [])).fetchall()

    def _register(self, name: str, columns: Mapping[str, Any]) -> None:
        """A view ``name`` over Python columns; ord-like columns are int64, the rest strings unless typed."""
        import pyarrow as pa

        def typed(col: str, values: Any) -> Any:
            if col in _INT_COLUMNS:
                return pa.array(values, pa.int64())
            return pa.array(values, pa.bool_() if col == "copy" else pa.string())

        self._con.register(name, pa.table({c: typed(c, v) for c, v in columns.items()}))

    # ---- whole-corpus facts ------------------------------------------------------------
    def size(self) -> tuple[int, int]:
        """(documents, documents with a prediction or a human label)."""
        n, tagged = self._rows(
            f"SELECT count(*), count(*) FILTER (WHERE stance_model IS NOT NULL OR label_stance IS NOT NULL) FROM {TABLE}"
        )[0]
        return int(n), int(tagged)

    def model_counts(self, column: str) -> list[tuple[str, int]]:
        """``stance_model`` or ``themes_model``: (model id, documents), most first, ties by first appearance."""
        if column not in ("stance_model", "themes_model"):
            raise ValueError(f"not a model column: {column!r}")
        return self._rows(f"""SELECT {column}, count(*) FROM {TABLE} WHERE {column} IS NOT NULL
                              GROUP BY 1 ORDER BY 2 DESC, min(ord)""")

    def first_stance_models(self) -> list[str]:
        """Stance model ids in order of first appearance."""
        return [r[0] for r in self._rows(
            f"SELECT stance_model FROM {TABLE} WHERE stance_model IS NOT NULL GROUP BY 1 ORDER BY min(ord)")]

    def stances(self) -> set[str]:
        """Every effective stance present."""
        return {r[0] for r in self._rows(f"SELECT DISTINCT eff_stance FROM {TABLE} WHERE eff_stance IS NOT NULL")}

    def authors(self) -> list[str]:
        """Distinct authors in order of first appearance."""
        return [r[0] for r in self._rows(
            f"SELECT author FROM {TABLE} WHERE author IS NOT NULL GROUP BY 1 ORDER BY min(ord)")]

    def sources(self) -> list[tuple[str, str | None, int]]:
        """(source id, title of its first document, documents) per source."""
        return self._rows(f"""SELECT source_id, arg_min_null(source_title, ord), count(*) FROM {TABLE}
                              WHERE source_id IS NOT NULL GROUP BY 1""")

    def group_counts(self) -> list[tuple]:
        """Documents per (source, group, copy, human, effective stance, predicted stance, stance model)
        with the first ``ord`` of each cell: every distribution is a sum over these cells."""
        return self._rows(f"""SELECT source_id, grp, copy, human, eff_stance, stance, stance_model, count(*), min(ord)
                              FROM {TABLE} GROUP BY ALL""")

    def theme_counts(self) -> tuple[list[tuple[str, str | None, str, int]], int]:
        """(theme, effective stance, group, count) over classified non-copies, and their number."""
        where = f"{CLASSIFIED} AND NOT copy"
        n = self._rows(f"SELECT count(*) FROM {TABLE} WHERE {where}")[0][0]
        rows = self._rows(f"""SELECT theme, eff_stance, grp, count(*) FROM
                                (SELECT unnest(eff_themes) AS theme, eff_stance, grp FROM {TABLE} WHERE {where})
                              GROUP BY ALL""")
        return rows, int(n)

    def month_counts(self) -> list[tuple[str, str | None, int]]:
        """(first 7 characters of ``posted_at``, effective stance, count) over confident non-copies."""
        return self._rows(f"""SELECT left(posted_at, 7), eff_stance, count(*) FROM {TABLE}
                              WHERE grp = 'confident' AND NOT copy AND posted_at IS NOT NULL GROUP BY ALL""")

    # ---- texts and top-k lists ---------------------------------------------------------
    def texts(self, ords: Sequence[int]) -> dict[int, str | None]:
        """``ord`` -> text, for the few documents a report shows."""
        if not len(ords):
            return {}
        self._register("_want", {"ord": list(map(int, ords))})
        try:
            return dict(self._rows(self._texts_of("ord IN (SELECT ord FROM _want)")))
        finally:
            self._con.unregister("_want")

    def _with_texts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self._con.execute(sql, list(params or []))
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        texts = self.texts([r["ord"] for r in rows])
        for r in rows:
            r["text"] = texts.get(r["ord"])
        return rows

    def quote_candidates(self, per_stance: int) -> list[dict[str, Any]]:
        """The ``per_stance`` most confident confident non-copies of each stance (ties by id), with texts."""
        return self._with_texts(f"""SELECT ord, id, eff_stance, author, posted_at, source_title, organisation,
                   respondent_type, human, COALESCE(stance_probability, 1.0) AS p
            FROM {TABLE} WHERE grp = 'confident' AND NOT copy AND has_text
            QUALIFY row_number() OVER (PARTITION BY eff_stance ORDER BY p DESC, id) <= ?
            ORDER BY eff_stance, p DESC, id""", [per_stance])

    # ---- themes: evidence and every text of a theme ---------------------------------------
    def theme_quote_candidates(self, per_cell: int) -> list[dict[str, Any]]:
        """The ``per_cell`` most confident texts of each (theme, stance), ``none`` included, with texts.

        Classified non-copies only; a person's label wins over the model's (``eff_*``).
        """
        return self._with_texts(f"""SELECT ord, id, theme, eff_stance, author, posted_at, source_title, organisation,
                   respondent_type, human, p FROM (
                SELECT ord, id, unnest(eff_themes) AS theme, eff_stance, author, posted_at, source_title,
                       organisation, respondent_type, human, COALESCE(stance_probability, 1.0) AS p
                FROM {TABLE} WHERE {CLASSIFIED} AND NOT copy AND has_text)
            QUALIFY row_number() OVER (PARTITION BY theme, eff_stance ORDER BY human DESC, p DESC, id) <= ?
            ORDER BY theme, eff_stance, human DESC, p DESC, id""", [per_cell])

    def theme_breakdown(self, dimension: str) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
        """(theme, key, texts with the theme) and key -> classified texts, over classified non-copies.

        ``dimension`` is ``source``, ``question``, ``respondent_type`` or ``month``
        (the first 7 characters of ``posted_at``); texts without a key are left out.
        """
        key = {"source": "COALESCE(source_title, source_id)", "question": "COALESCE(question, question_id)",
               "respondent_type": "respondent_type", "month": "left(posted_at, 7)"}[dimension]
        where = f"{CLASSIFIED} AND NOT copy AND {key} IS NOT NULL"
        totals = dict(self._rows(f"SELECT {key}, count(*) FROM {TABLE} WHERE {where} GROUP BY 1"))
        counts = self._rows(f"""SELECT theme, k, count(*) FROM
                                  (SELECT unnest(eff_themes) AS theme, {key} AS k FROM {TABLE} WHERE {where})
                                GROUP BY ALL ORDER BY 1, 2""")
        return [(str(t), str(k), int(n)) for t, k, n in counts], {str(k): int(n) for k, n in totals.items()}

    def theme_members(self, theme: str | None, ids: Sequence[str] | None = None, stance: str | None = None,
                      batch: int = 500) -> Iterator[list[dict[str, Any]]]:
        """Every classified text carrying ``theme`` (or any text whose id is in ``ids``), in batches, with texts.

        ``stance`` keeps one effective stance. Rows: ``id, source_id, source_title, author,
        posted_at, organisation, respondent_type, eff_stance, eff_themes, human, text``.
        """
        where, params = ["has_text"] + ([CLASSIFIED] if ids is None else ["kind <> 'article'"]), []
        if theme is not None:
            where.append("list_contains(eff_themes, ?)")
            params.append(theme)
        if ids is not None:
            self._register("_members", {"id": list(ids)})
            where.append("id IN (SELECT id FROM _members)")
        if stance is not None:
            where.append("eff_stance = ?")
            params.append(stance)
        try:
            ords = [r[0] for r in self._rows(f"SELECT ord FROM {TABLE} WHERE {' AND '.join(where)} ORDER BY ord", params)]
        finally:
            if ids is not None:
                self._con.unregister("_members")
        for start in range(0, len(ords), batch):  # nothing stays registered while the caller holds a batch
            self._register("_batch", {"ord": ords[start:start + batch]})
            try:
                rows = self._with_texts(f"""SELECT ord, id, source_id, source_title, author, posted_at, organisation,
                           respondent_type, eff_stance, eff_themes, human FROM {TABLE}
                           SEMI JOIN _batch USING (ord) ORDER BY ord""")
            finally:
                self._con.unregister("_batch")
            yield rows

    def review_probabilities(self) -> np.ndarray:
        """Stance probabilities of the model-tagged classified documents (for the review cut)."""
        import numpy as np

        got = self._con.execute(f"""SELECT stance_probability FROM {TABLE}
            WHERE {CLASSIFIED} AND NOT human AND stance_probability IS NOT NULL""").fetchnumpy()
        return np.asarray(got["stance_probability"], dtype="float64")

    def least_confident(self, cut: float, limit: int) -> list[dict[str, Any]]:
        """Uncertain documents and those under ``cut``, least confident first (ties by id), with texts."""
        return self._with_texts(f"""SELECT ord, id, stance, grp, stance_probability AS p FROM {TABLE}
            WHERE {CLASSIFIED} AND NOT human AND stance_probability IS NOT NULL
              AND (grp = 'uncertain' OR stance_probability < ?)
            ORDER BY p, id LIMIT ?""", [cut, limit])

    def rows(self, ords: Sequence[int], texts: bool = True) -> dict[int, dict[str, Any]]:
        """``ord`` -> the report columns (and text) of a few documents."""
        self._register("_pick", {"ord": list(map(int, ords))})
        try:
            sql = f"""SELECT ord, id, author, position, grp, eff_stance, stance_probability, {_COMPARABLE} AS comparable
                      FROM {TABLE} SEMI JOIN _pick USING (ord) ORDER BY ord"""
            got = self._with_texts(sql) if texts else [
                dict(zip(("ord", "id", "author", "position", "grp", "eff_stance", "stance_probability", "comparable"), r,
                         strict=True)) for r in self._rows(sql)]
        finally:
            self._con.unregister("_pick")
        return {r["ord"]: r for r in got}

    # ---- threads -----------------------------------------------------------------------
    def reply_links(self) -> dict[str, np.ndarray]:
        """Every non-article document in order: ``ord``, its parent's ``ord`` (-1: none among them),
        ``relation`` to it (0 not comparable, 1 same, 2 different) and ``position``."""
        return self._con.execute(f"""WITH nd AS (
                SELECT ord, id, parent_id, position, {_COMPARABLE} AS cmp FROM {TABLE}
                WHERE kind IS DISTINCT FROM 'article'
                QUALIFY row_number() OVER (PARTITION BY id ORDER BY ord DESC) = 1)
            SELECT c.ord, COALESCE(p.ord, -1) AS parent, c.position,
                   CASE WHEN c.cmp IS NULL OR p.cmp IS NULL THEN 0 WHEN c.cmp = p.cmp THEN 1 ELSE 2 END AS relation
            FROM nd c LEFT JOIN nd p ON p.id = c.parent_id ORDER BY c.ord""").fetchnumpy()

    def confident_stances(self, ords: Sequence[int]) -> dict[str | None, int]:
        """Effective stance -> count among the confident documents of ``ords``."""
        self._register("_pick", {"ord": list(map(int, ords))})
        try:
            return dict(self._rows(f"""SELECT eff_stance, count(*) FROM {TABLE} SEMI JOIN _pick USING (ord)
                                       WHERE grp = 'confident' GROUP BY 1"""))
        finally:
            self._con.unregister("_pick")

    # ---- consultations -----------------------------------------------------------------
    _ANSWERS = f"kind = 'consultation_answer' AND {CLASSIFIED} AND NOT copy"
    _QKEY = "COALESCE(question_id, question, '(not given)')"

    def answer_cells(self) -> list[tuple]:
        """Consultation answers (classified, campaign copies left out) per (question key, question,
        respondent type, closed answer, stance column) with count and first ``ord``; the stance
        column is the effective stance of confident answers and null for uncertain ones."""
        return self._rows(f"""SELECT {self._QKEY}, question, respondent_type, closed_answer,
                   CASE WHEN grp = 'confident' THEN eff_stance END, count(*), min(ord)
            FROM {TABLE} WHERE {self._ANSWERS} GROUP BY ALL""")

    def response_rows(self) -> list[tuple[str | None, str | None]]:
        """(attributes, ratings) JSON of every respondent of the report's sources who rated a closed question
        that no free text explains (a corpus's ``responses``; none for a frame)."""
        has = self._rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'responses'")[0][0]
        if not has:
            return []
        return self._rows(f"""SELECT attributes, ratings FROM responses
            WHERE source_id IN (SELECT DISTINCT source_id FROM {TABLE}) AND ratings IS NOT NULL
            ORDER BY source_id, respondent_id""")

    def attribute_keys(self) -> list[str]:
        """The breakdown fields consultation answers carry (``attributes`` keys), sorted."""
        return [r[0] for r in self._rows(f"""SELECT DISTINCT unnest(json_keys(attributes)) AS k
            FROM {TABLE} WHERE {self._ANSWERS} AND attributes IS NOT NULL ORDER BY k""")]

    def attribute_cells(self, key: str) -> list[tuple]:
        """Like ``answer_cells`` but per value of one breakdown field: (value, stance column, count)."""
        return self._rows(f"""SELECT json_extract_string(attributes, ?),
                   CASE WHEN grp = 'confident' THEN eff_stance END, count(*)
            FROM {TABLE} WHERE {self._ANSWERS} GROUP BY ALL""", ["$." + _json_path_key(key)])

    def answers_matching(self, combos: Sequence[tuple[str | None, str, str]]) -> list[dict[str, Any]]:
        """Confident answers whose (question, closed answer, effective stance) is in ``combos``, with texts."""
        if not combos:
            return []
        q, a, s = zip(*combos, strict=True)
        self._register("_combos", {"question": list(q), "closed_answer": list(a), "eff_stance": list(s)})
        try:
            return self._with_texts(f"""SELECT r.ord, r.id, {self._QKEY} AS qkey, r.question_id, r.question,
                       r.closed_answer, r.eff_stance, r.stance_probability
                FROM {TABLE} r SEMI JOIN _combos c ON c.question IS NOT DISTINCT FROM r.question
                    AND c.closed_answer = r.closed_answer AND c.eff_stance = r.eff_stance
                WHERE {self._ANSWERS} AND r.grp = 'confident' ORDER BY r.ord""")
        finally:
            self._con.unregister("_combos")

    # ---- campaigns ---------------------------------------------------------------------
    def _campaign_scope(self, classified_only: bool) -> str:
        return CLASSIFIED if classified_only else "TRUE"

    def unusual_texts(self, classified_only: bool) -> list[tuple[int, str]]:
        """(ord, text) of the texts whose campaign key Python's Unicode rules must make."""
        scope = self._texts_of(self._campaign_scope(classified_only))
        return self._rows(f"SELECT ord, text FROM ({scope}) WHERE text IS NOT NULL AND NOT ({_PLAIN})")

    def campaign_keys(self, classified_only: bool, extra: Mapping[int, str], min_words: int) -> Iterator[list[str]]:
        """Distinct campaign keys (normalised texts of ``min_words`` words or more), in order of
        first appearance, in batches; ``extra`` gives the keys of the unusual texts (``ord`` -> key).

        The documents' keys stay in the connection for ``campaign_respondents`` and ``campaign_groups``.
        """
        self._register("_extra", {"ord": list(extra), "k": list(extra.values())})
        try:
            self._con.execute(f"""CREATE OR REPLACE TEMP TABLE _cdocs AS
                SELECT ord, {_NORMALISE} AS k FROM ({self._texts_of(self._campaign_scope(classified_only))})
                WHERE text IS NOT NULL AND {_PLAIN}
                UNION ALL SELECT ord, k FROM _extra""")
        finally:
            self._con.unregister("_extra")
        # words are single-space separated: n words = n - 1 spaces
        self._con.execute("""CREATE OR REPLACE TEMP TABLE _ckeyset AS
            SELECT k, (row_number() OVER (ORDER BY first) - 1)::INTEGER AS kidx FROM (
                SELECT k, min(ord) AS first FROM _cdocs GROUP BY k)
            WHERE k <> '' AND length(k) - length(replace(k, ' ', '')) + 1 >= ?""", [min_words])
        self._con.execute("""CREATE OR REPLACE TEMP TABLE _ckeys AS
            SELECT d.ord, s.kidx FROM _cdocs d JOIN _ckeyset s USING (k)""")
        self._con.execute("DROP TABLE _cdocs")
        try:
            reader = self._con.sql("SELECT k FROM _ckeyset ORDER BY kidx").to_arrow_reader(50_000)
            for batch in reader:
                yield batch.column(0).to_pylist()
        finally:
            self._con.execute("DROP TABLE IF EXISTS _ckeyset")

    def campaign_respondents(self) -> list[tuple[str | None, str | None]]:
        """Distinct (respondent id, author) of the documents with a campaign key."""
        return self._rows(f"SELECT DISTINCT respondent_id, author FROM {TABLE} SEMI JOIN _ckeys USING (ord)")

    def campaign_groups(self, component: Sequence[int], respondents: Mapping[tuple, str],
                        min_size: int) -> list[list[int]]:
        """Documents grouped by the component of their key, where the group spans ``min_size``
        distinct respondents: ``ord`` lists, each in order, groups by their first document."""
        rid, author = (zip(*respondents, strict=True) if respondents else ((), ()))
        self._register("_comp", {"kidx": list(range(len(component))), "comp": list(map(int, component))})
        self._register("_resp", {"respondent_id": list(rid), "author": list(author), "who": list(respondents.values())})
        try:
            rows = self._rows(f"""SELECT list(ord ORDER BY ord) FROM (
                    SELECT c.ord, m.comp, COALESCE(w.who, 'id:' || r.id) AS who
                    FROM _ckeys c JOIN _comp m USING (kidx) JOIN {TABLE} r USING (ord)
                    LEFT JOIN _resp w ON w.respondent_id IS NOT DISTINCT FROM r.respondent_id
                                     AND w.author IS NOT DISTINCT FROM r.author)
                GROUP BY comp HAVING count(DISTINCT who) >= ? ORDER BY min(ord)""", [min_size])
        finally:
            self._con.unregister("_comp")
            self._con.unregister("_resp")
            self._con.execute("DROP TABLE IF EXISTS _ckeys")
        return [list(r[0]) for r in rows]

    def ids(self, ords: Sequence[int]) -> list[str]:
        """Document ids of ``ords``, in that order."""
        self._register("_pick", {"ord": list(map(int, ords)), "i": list(range(len(ords)))})
        try:
            return [r[0] for r in self._rows(f"SELECT r.id FROM _pick p JOIN {TABLE} r USING (ord) ORDER BY p.i")]
        finally:
            self._con.unregister("_pick")

    def mark_campaigns(self, groups: Sequence[Sequence[int]]) -> None:
        """Number the campaigns 1, 2, ... in ``groups`` order; all members but the first are copies."""
        ords, nums, copies = [], [], []
        for n, members in enumerate(groups, 1):
            ords.extend(members)
            nums.extend([n] * len(members))
            copies.extend([False] + [True] * (len(members) - 1))
        self._register("_camp", {"ord": ords, "campaign": nums, "copy": copies})
        try:
            self._con.execute(f"""UPDATE {TABLE} SET campaign = c.campaign, copy = c.copy
                                  FROM _camp c WHERE {TABLE}.ord = c.ord""")
        finally:
            self._con.unregister("_camp")

    def campaign_members(self) -> list[tuple[int, list[str], int]]:
        """(campaign, member ids in order, first member's ``ord``) per campaign, in number order."""
        return self._rows(f"""SELECT campaign, list(id ORDER BY ord), min(ord) FROM {TABLE}
                              WHERE campaign IS NOT NULL GROUP BY 1 ORDER BY 1""")

    def campaign_stances(self) -> list[tuple[int, str, int, int]]:
        """(campaign, effective stance, confident members, first ``ord``) per campaign and stance."""
        return self._rows(f"""SELECT campaign, eff_stance, count(*), min(ord) FROM {TABLE}
                              WHERE campaign IS NOT NULL AND grp = 'confident' GROUP BY ALL""")

