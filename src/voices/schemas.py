"""The record types that flow between readers, the corpus and exports, and the field contract.

``EXPORT_FIELDS`` and ``PREDICTION_FIELDS`` are a public contract (pandas/R users,
Parquet datasets, other tools): add fields, never rename them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The first release's document fields: every export has them, in this order (foundation issue).
CORE_EXPORT_FIELDS: tuple[str, ...] = (
    "id",
    "source_id",
    "source_title",
    "kind",
    "position",
    "author",
    "posted_at",
    "parent_id",
    "question_id",
    "question",
    "respondent_id",
    "respondent_type",
    "organisation",
    "closed_answer",
    "text",
)
# Fields added since, after the core ones (add here, never rename or reorder). Readers
# treat them as optional, so exports written by an older voices still read back.
#   attributes: a JSON object of a respondent's breakdown fields (role, sector, region...)
#               and ratings of closed questions no free text explains, as text
#   human_stance, human_themes, labelled_by: a person's label (``voices label``); human_themes
#               empty when the person gave only a stance (never the model's themes)
#   validation: whether the document is in the validation sample (``voices sample --validation``)
#   original_id: the record's own id in the file it came from (a JSONL/CSV records ``id`` column), so
#               results join back to the user's data and ``voices label --from`` takes the user's ids;
#               empty for other formats and in redacted outputs
#   id_rule: the id rule (``voices.ids``) the document's source was stored under, so an export read into
#            another corpus keeps it (0: not known, as a source an older export brought)
ADDED_EXPORT_FIELDS: tuple[str, ...] = ("attributes", "human_stance", "human_themes", "labelled_by", "validation",
                                        "original_id", "id_rule")
# The added fields that describe people's labels, not the document: like the prediction
# fields, `voices ingest` does not restore them from an export (labels are the corpus's own).
HUMAN_LABEL_FIELDS: tuple[str, ...] = ("human_stance", "human_themes", "labelled_by", "validation")
# Added fields about the document's source, not the document: classify never reads them.
SOURCE_FIELDS: tuple[str, ...] = ("id_rule",)
# The fields of every corpus export, in this order.
EXPORT_FIELDS: tuple[str, ...] = CORE_EXPORT_FIELDS + ADDED_EXPORT_FIELDS
# Added fields for joining results back to the user's own data; classify never reads them.
JOIN_FIELDS: tuple[str, ...] = ("original_id",)
# The document fields: what classify reads and a classified dataset carries (no people's labels).
DOCUMENT_FIELDS: tuple[str, ...] = tuple(f for f in EXPORT_FIELDS
                                         if f not in HUMAN_LABEL_FIELDS + JOIN_FIELDS + SOURCE_FIELDS)

# Prediction fields, after the document fields once a corpus is classified.
PREDICTION_FIELDS: tuple[str, ...] = (
    "stance",
    "stance_probability",
    "stance_uncertain",
    "themes",
    "theme_probabilities",
    "stance_model",
    "themes_model",
)

# Fields that are lists (JSONL/Parquet lists; ';'-joined in CSV) and dicts (JSON strings in CSV).
LIST_FIELDS: frozenset[str] = frozenset({"themes", "human_themes"})
DICT_FIELDS: frozenset[str] = frozenset({"theme_probabilities"})

DOCUMENT_KINDS: tuple[str, ...] = ("article", "comment", "reply", "consultation_answer")
SOURCE_KINDS: tuple[str, ...] = ("thread", "consultation", "records")


@dataclass(frozen=True, slots=True)
class Source:
    """Where documents come from: one comment thread, one consultation or one record file.

    ``id`` is set only when the input carries voices' own source id (a voices
    export read back); otherwise it is derived from ``url`` or ``title``.
    """

    title: str
    kind: str = "thread"
    url: str | None = None
    id: str | None = None


@dataclass(slots=True)
class Record:
    """One document as a reader yields it, before the corpus gives it an id and position.

    Parameters
    ----------
    source : Source
        The thread, consultation or record file it belongs to.
    kind : str
        One of ``DOCUMENT_KINDS``.
    text : str
        The verbatim text (readers NFC-normalise it and strip NUL bytes).
    key : str
        Unique among the reader's records of this source; ``parent_key`` points at it.
    native_id : str or None
        The format's own stable id (WordPress comment id, respondent id + question,
        a CSV/JSONL ``id``); the document id is derived from it when present.
    original_id : str or None
        The id the user's own file gives the record (a JSONL/CSV records ``id`` column),
        stored and exported as ``original_id``. Never a respondent's id, which may be
        their e-mail address.
    parent_key : str or None
        ``key`` of the record this one replies to.
    line : int or None
        Line or row in the input file, for messages.
    doc_id, parent_id : str or None
        Set only when reading voices' own export back (ids are restored as they were).
    attributes : str or None
        A JSON object of breakdown fields (consultation exports: role, sector, region...).
    """

    source: Source
    kind: str
    text: str
    key: str
    native_id: str | None = None
    original_id: str | None = None
    parent_key: str | None = None
    author: str | None = None
    posted_at: str | None = None
    question_id: str | None = None
    question: str | None = None
    respondent_id: str | None = None
    respondent_type: str | None = None
    organisation: str | None = None
    closed_answer: str | None = None
    attributes: str | None = None
    line: int | None = None
    doc_id: str | None = None
    parent_id: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
