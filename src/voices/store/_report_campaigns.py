"""The report's campaign queries: normalised text keys, groups of copies across respondents, campaign numbers.

A mixin of ``voices.store.report_docs.ReportDocs`` (it uses that class's connection helpers).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from voices.store._report_sql import _NORMALISE, _PLAIN, CLASSIFIED, TABLE

__all__ = ["CampaignQueries"]


class CampaignQueries:
    """Campaign queries over the ``report_docs`` table (mixed into ``ReportDocs``)."""

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
