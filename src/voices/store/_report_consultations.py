"""The report's consultation queries: answers per question, closed answer, respondent type and breakdown field.

A mixin of ``voices.store.report_docs.ReportDocs`` (it uses that class's connection helpers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from voices.store._report_sql import CLASSIFIED, TABLE, _json_path_key

__all__ = ["ConsultationQueries"]


class ConsultationQueries:
    """Consultation queries over the ``report_docs`` table (mixed into ``ReportDocs``)."""

    _ANSWERS = f"kind = 'consultation_answer' AND {CLASSIFIED} AND NOT copy"
    _QKEY = "COALESCE(question_id, question, '(not given)')"

    def answer_cells(self) -> list[tuple]:
        """Consultation answers (classified, campaign copies left out) per (question key, question,
        respondent type, closed answer, stance column) with count and first ``ord``; the stance
        column is the effective stance of confident answers and null for uncertain ones."""
        return self._rows(f"""SELECT {self._QKEY}, question, respondent_type, closed_answer,
                   CASE WHEN grp = 'confident' THEN eff_stance END, count(*), min(ord)
            FROM {TABLE} WHERE {self._ANSWERS} GROUP BY ALL""")

    def flagged_answer_cells(self) -> list[tuple]:
        """The answers flagged uncertain that ``answer_cells`` counts otherwise or not at all, in its shape with
        the stance column null, then ``labelled`` (a person's label replaces the flag) or ``copy`` (a campaign
        copy beyond the first, counted once)."""
        return self._rows(f"""SELECT {self._QKEY}, question, respondent_type, closed_answer, NULL::VARCHAR, count(*),
                   min(ord), CASE WHEN copy THEN 'copy' ELSE 'labelled' END
            FROM {TABLE} WHERE kind = 'consultation_answer' AND stance_uncertain AND (copy OR human) GROUP BY ALL""")

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
