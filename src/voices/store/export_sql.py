"""The SQL that selects the export contract's fields from a corpus, for any schema it may be read at.

A reading open of an older corpus may lack columns and tables a newer one has; the
query names each missing one as NULL (or false), so every caller gets the same fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voices.store.corpus import Corpus

__all__ = ["export_query"]


def export_query(corpus: Corpus, source_ids: Sequence[str] | None = None, predictions: bool = True) -> tuple[str, list[Any]]:
    """SQL selecting the export contract's fields (document order: source, position)."""
    where, params = _where(source_ids)
    # a reading open of an older corpus (schema < 3) has no attributes column yet
    attributes = "d.attributes" if corpus.has_column("documents", "attributes") else "NULL AS attributes"
    original = "d.original_id" if corpus.has_column("documents", "original_id") else "NULL AS original_id"
    from voices.ids import FIRST_ID_RULE  # a reading open of a corpus before rules were recorded: rule 1

    rule = f"coalesce({'s.id_rule' if corpus.has_column('sources', 'id_rule') else 'NULL'}, {FIRST_ID_RULE})"
    human, human_join = _human_columns(corpus)
    pred = ""
    join = ""
    if predictions:
        pred = """, p.stance, p.stance_probability, p.stance_uncertain,
                p.themes, p.theme_probabilities, p.stance_model, p.themes_model,
                p.status AS classification_status, p.language"""
        join = "LEFT JOIN predictions p ON p.doc_id = d.id"
    query = f"""SELECT d.id, d.source_id, s.title AS source_title, d.kind, d.position,
                d.author, d.posted_at, d.parent_id, d.question_id, d.question,
                d.respondent_id, d.respondent_type, d.organisation, d.closed_answer,
                d.text, {attributes}, {human}, {original}, {rule} AS id_rule{pred}
             FROM documents d JOIN sources s ON s.id = d.source_id {human_join} {join}
             WHERE {where} ORDER BY d.source_id, d.position, d.id"""
    return query, params


def _human_columns(corpus: Corpus) -> tuple[str, str]:
    """The export's human-label columns and their joins (an older corpus may lack the sample)."""
    sample = corpus.has_table("validation_sample")
    cols = ("l.stance AS human_stance, l.themes AS human_themes, l.labelled_by, "
            + ("v.doc_id IS NOT NULL AS validation" if sample else "false AS validation"))
    join = "LEFT JOIN labels l ON l.doc_id = d.id" + (
        " LEFT JOIN validation_sample v ON v.doc_id = d.id" if sample else "")
    return cols, join


def _where(source_ids: Sequence[str] | None, alias: str = "d") -> tuple[str, list[Any]]:
    if not source_ids:
        return "TRUE", []
    marks = ", ".join("?" for _ in source_ids)
    return f"{alias}.source_id IN ({marks})", list(source_ids)
