"""The SQL pieces every report query shares: the ``report_docs`` table, its columns and derived expressions."""

from __future__ import annotations


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
