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

from voices.store._report_campaigns import CampaignQueries
from voices.store._report_consultations import ConsultationQueries
from voices.store._report_frame import frame_table
from voices.store._report_sql import (
    _COMPARABLE,
    _CORPUS_RAW,
    _DERIVED,
    _INT_COLUMNS,
    _LISTS,
    _NUMBERS,
    _STRINGS,
    CLASSIFIED,
    MEMORY_LIMIT,
    TABLE,
)
from voices.store._report_themes import ThemeQueries

__all__ = ["ReportDocs"]


@contextlib.contextmanager
def _bounded(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Cap DuckDB's memory while a report runs (it spills to a private temporary folder), so a
    million-document report stays well under 2 GB; no progress bar on the terminal."""
    from voices._scratch import scratch_folder

    # The connection's own settings come back afterwards: RESET would lift the corpus
    # connection's bound to DuckDB's default of 80% of the machine's memory.
    saved = {
        name: con.execute("SELECT current_setting(?)", [name]).fetchone()[0]
        for name in ("memory_limit", "enable_progress_bar")
    }
    # spilled rows hold people's texts: the folder goes even if the process is killed
    with scratch_folder("voices-report-") as spill:
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute("SET temp_directory = ?", [str(spill)])
        con.execute("SET enable_progress_bar = false")
        try:
            yield
        finally:
            # (DuckDB cannot switch the temporary folder once used: it stays, its files are gone)
            con.execute("SET memory_limit = ?", [saved["memory_limit"]])
            con.execute(f"SET enable_progress_bar = {bool(saved['enable_progress_bar'])}")


# a reply's parent in a frame or dataset (all of it, not only the sources reported): its first row's text
_FRAME_PARENTS = f"""SELECT c.ord, any_value(c.parent_id), arg_min(p.text, p.ord) FROM ({{pick}}) r JOIN {TABLE} c USING (ord)
    JOIN _report_frame p ON p.id = c.parent_id WHERE p.text IS NOT NULL GROUP BY c.ord"""


class ReportDocs(ThemeQueries, ConsultationQueries, CampaignQueries):
    """The documents of one report in a temporary DuckDB table; every query a report runs.

    Open with ``ReportDocs.from_corpus`` (inside ``Corpus.open``) or ``ReportDocs.from_frame``.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, text_sql: str, all_authors_sql: str | None = None,
                 parent_sql: str | None = None) -> None:
        self._con = con
        self._text_sql = text_sql  # (ord, text) of the documents whose (ord, id) ``{pick}`` selects
        # (ord, parent id, parent text) of the replies among ``{pick}``: the parent read from the whole input, so one
        # in another batch, source or filtered out still gives its names (``Redactor.names_given``)
        self._parent_sql = parent_sql
        # every author of the whole input (all sources, not only the report's): see ``authors``
        self._all_authors_sql = all_authors_sql

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
                yield cls(con, "SELECT r.ord, d.text FROM ({pick}) r JOIN documents d ON d.id = r.id",
                          "SELECT DISTINCT author FROM documents WHERE author IS NOT NULL ORDER BY author",
                          f"""SELECT c.ord, c.parent_id, p.text FROM ({{pick}}) r JOIN {TABLE} c USING (ord)
                              JOIN documents p ON p.id = c.parent_id""")
            finally:
                con.execute(f"DROP TABLE IF EXISTS {TABLE}")

    @classmethod
    @contextlib.contextmanager
    def from_frame(cls, frame: pd.DataFrame) -> Iterator[ReportDocs]:
        """A frame with the export and prediction fields (absent optional columns are null)."""
        import duckdb

        with contextlib.closing(duckdb.connect(":memory:")) as con, _bounded(con):
            con.register("_report_frame", frame_table(frame))
            con.execute(_DERIVED.format(raw="SELECT * EXCLUDE (text), text IS NOT NULL AS has_text FROM _report_frame"))
            yield cls(con, "SELECT f.ord, f.text FROM _report_frame f SEMI JOIN ({pick}) r USING (ord)",
                      parent_sql=_FRAME_PARENTS)

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
            yield cls(con, "SELECT f.ord, f.text FROM _report_frame f SEMI JOIN ({pick}) r USING (ord)",
                      "SELECT DISTINCT author FROM _report_frame WHERE author IS NOT NULL ORDER BY author",
                      _FRAME_PARENTS)

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

    def drop_themes(self) -> int:
        """Count no theme (a scheme without themes); returns how many texts had one stored.

        A label stored before ``label`` refused themes under such a scheme kept them (as did predictions
        made before ``scheme set``), and the report counted them, with shares and intervals, under "the
        texts were read for stance only".
        """
        (n,) = self._rows(f"SELECT count(*) FILTER (WHERE len(eff_themes) > 0) FROM {TABLE}")[0]
        if n:
            self._con.execute(f"UPDATE {TABLE} SET eff_themes = []::VARCHAR[]")
        return int(n)

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
        """Distinct authors in order of first appearance, then the other authors of the whole corpus
        (or dataset), sorted.

        A redactor hides every name it is given wherever a text names it, and numbers pseudonyms by
        first appearance: a report of one source must hide a commenter of another source named in
        its texts as the whole corpus's report does, and its own authors keep their numbers.
        """
        own = [r[0] for r in self._rows(
            f"SELECT author FROM {TABLE} WHERE author IS NOT NULL GROUP BY 1 ORDER BY min(ord)")]
        if self._all_authors_sql is None:
            return own
        seen = set(own)
        return own + [r[0] for r in self._rows(self._all_authors_sql) if r[0] not in seen]

    def sources(self) -> list[tuple[str, str | None, int]]:
        """(source id, title of its first document, documents) per source."""
        return self._rows(f"""SELECT source_id, arg_min_null(source_title, ord), count(*) FROM {TABLE}
                              WHERE source_id IS NOT NULL GROUP BY 1""")

    def group_counts(self) -> list[tuple]:
        """Documents per (source, group, copy, human, effective stance, predicted stance, stance model)
        with the first ``ord`` of each cell: every distribution is a sum over these cells."""
        return self._rows(f"""SELECT source_id, grp, copy, human, eff_stance, stance, stance_model, count(*), min(ord)
                              FROM {TABLE} GROUP BY ALL""")

    def flagged_uncertain(self) -> list[tuple[str | None, bool, bool, int]]:
        """(source, human, copy, documents) of the stored predictions flagged uncertain, however the report
        counts them: a person's label replaces the prediction, a campaign copy is counted once."""
        return self._rows(f"SELECT source_id, human, copy, count(*) FROM {TABLE} WHERE stance_uncertain GROUP BY ALL")

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

    def parents(self, ords: Sequence[int]) -> dict[int, tuple[str, str]]:
        """``ord`` -> (parent id, parent text) of the replies among a few documents, in one join.

        A reply shown redacted hides the names its parent gives, as ``export --redact`` does; the
        parent is read wherever it is in the input (a deleted one has no text, and gives none).
        """
        if not len(ords) or self._parent_sql is None:
            return {}
        self._register("_want", {"ord": list(map(int, ords))})
        try:
            got = self._rows(self._parent_sql.format(pick=f"SELECT ord, id FROM {TABLE} "
                                                          "WHERE ord IN (SELECT ord FROM _want)"))
        finally:
            self._con.unregister("_want")
        return {o: (p, t) for o, p, t in got if isinstance(t, str)}

    def _with_texts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Rows of ``sql`` (with ``ord``), each with its ``text`` and ``parent``: (id, text) of the
        comment it replies to, or None."""
        cur = self._con.execute(sql, list(params or []))
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        ords = [r["ord"] for r in rows]
        texts, parents = self.texts(ords), self.parents(ords)
        for r in rows:
            r["text"] = texts.get(r["ord"])
            r["parent"] = parents.get(r["ord"])
        return rows

    def quote_candidates(self, per_stance: int) -> list[dict[str, Any]]:
        """The ``per_stance`` most confident confident non-copies of each stance (ties by id), with texts."""
        return self._with_texts(f"""SELECT ord, id, eff_stance, author, posted_at, source_id, source_title,
                   organisation, respondent_type, human, COALESCE(stance_probability, 1.0) AS p, question
            FROM {TABLE} WHERE grp = 'confident' AND NOT copy AND has_text
            QUALIFY row_number() OVER (PARTITION BY eff_stance ORDER BY p DESC, id) <= ?
            ORDER BY eff_stance, p DESC, id""", [per_stance])

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

    def ids(self, ords: Sequence[int]) -> list[str]:
        """Document ids of ``ords``, in that order."""
        self._register("_pick", {"ord": list(map(int, ords)), "i": list(range(len(ords)))})
        try:
            return [r[0] for r in self._rows(f"SELECT r.id FROM _pick p JOIN {TABLE} r USING (ord) ORDER BY p.i")]
        finally:
            self._con.unregister("_pick")
