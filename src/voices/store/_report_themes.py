"""The report's theme queries: evidence quotes per theme and stance, shares by dimension, every text of a theme.

A mixin of ``voices.store.report_docs.ReportDocs`` (it uses that class's connection helpers).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from voices.store._report_sql import CLASSIFIED, TABLE

__all__ = ["ThemeQueries"]


class ThemeQueries:
    """Theme queries over the ``report_docs`` table (mixed into ``ReportDocs``)."""

    def theme_quote_candidates(self, per_cell: int) -> list[dict[str, Any]]:
        """The ``per_cell`` most confident texts of each (theme, stance), ``none`` included, with texts.

        Classified non-copies only; a person's label wins over the model's (``eff_*``).
        """
        return self._with_texts(f"""SELECT ord, id, theme, eff_stance, author, posted_at, source_id, source_title,
                   organisation, respondent_type, human, p, question FROM (
                SELECT ord, id, unnest(eff_themes) AS theme, eff_stance, author, posted_at, source_id, source_title,
                       organisation, respondent_type, human, COALESCE(stance_probability, 1.0) AS p, question
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
        posted_at, organisation, respondent_type, eff_stance, eff_themes, human, question, text``.
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
                           respondent_type, eff_stance, eff_themes, human, question FROM {TABLE}
                           SEMI JOIN _batch USING (ord) ORDER BY ord""")
            finally:
                self._con.unregister("_batch")
            yield rows
