"""What each export column means, for the "columns" sheet of an XLSX export.

Every field of the export contract (``voices.schemas``) has a line here; a field
added to the contract without one is described as such rather than left out, and
``tests/test_formats_xlsx.py`` asks for a real line.
"""

from __future__ import annotations

THEME_PREFIX = "theme:"

FIELD_DOCS: dict[str, str] = {
    "id": "The document's stable id (a content hash; the same input gives the same id).",
    "source_id": "Id of the thread, consultation or record file the document came from.",
    "source_title": "Title of that source.",
    "kind": "article, comment, reply or consultation_answer.",
    "position": "Order of the document within its source, from 1.",
    "author": "The author's name as given in the input (a pseudonym when redacted).",
    "posted_at": "When it was posted, ISO 8601, as given in the input.",
    "parent_id": "Id of the document this one replies to (empty for top-level comments).",
    "question_id": "Consultation answers: id of the question answered.",
    "question": "Consultation answers: the question's wording.",
    "respondent_id": "Consultation answers: id of the respondent (a keyed id when redacted).",
    "respondent_type": "Consultation answers: individual, organisation or as given.",
    "organisation": "Consultation answers: the organisation answering (hidden when redacted).",
    "closed_answer": "Consultation answers: the respondent's closed answer to the question, if any.",
    "text": "The document's text, verbatim (identifiers replaced when redacted). Texts over Excel's "
            "32,767-character cell limit end with a '[cut: ...]' marker.",
    "attributes": "JSON object of the respondent's breakdown fields (role, sector, region...) and ratings.",
    "human_stance": "The stance a person gave this document (voices label), if any.",
    "human_themes": "The themes a person gave, ';'-separated (empty: not given).",
    "labelled_by": "Who gave the human label.",
    "validation": "Whether the document is in the validation sample (voices sample --validation).",
    "original_id": "The id your own file gave the record (a JSONL or CSV records file's id column); empty when redacted.",
    "id_rule": "The id rule the document's source was stored under (how its ids were made), so merging this "
               "export into another corpus keeps its ids.",
    "stance": "The predicted stance toward the proposition.",
    "stance_probability": "The model's probability for that stance, 0 to 1.",
    "stance_uncertain": "true when the model was not confident enough to count the stance.",
    "themes": "The predicted themes, ';'-separated.",
    "theme_probabilities": "JSON object: each theme's probability, 0 to 1.",
    "stance_model": "Id of the stance model that tagged the document.",
    "themes_model": "Id of the themes model that tagged the document.",
}


def describe(field: str) -> str:
    """One line saying what ``field`` holds (theme columns included)."""
    if field.startswith(THEME_PREFIX):
        return f"1 when the document has the predicted theme '{field[len(THEME_PREFIX):]}' (see themes), else 0."
    return FIELD_DOCS.get(field, "A field of the voices export contract (see the README's export section).")
