"""Export frames redacted field by field: every column of the export contract that can name someone.

``redact_frame`` owns which export field is hidden how (texts and titles redacted, authors
pseudonymised, ids keyed, respondents and labellers numbered, organisations and original ids
dropped); the ``Redactor`` it is given owns how a single value is redacted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from voices.ids import RESPONDENT_ID_HEADER_2
from voices.redact._redactor import ORGANISATION_FIELD, Redactor, _missing

if TYPE_CHECKING:
    import pandas as pd


def redact_frame(frame: pd.DataFrame, redactor: Redactor | None = None, **kwargs: object) -> pd.DataFrame:
    """A copy of an export frame with every field that could identify someone hidden.

    ``text``, ``question``, ``source_title``, ``respondent_type`` and ``closed_answer`` are redacted (a text
    also hides the name parts its question or an earlier row's parent gives), ``author`` pseudonymised,
    ``id`` and ``parent_id`` shown as the redactor shows ids, ``respondent_id`` becomes ``Respondent N`` and
    ``labelled_by`` ``Labeller N`` (by first appearance in this output), a non-empty
    ``organisation`` becomes ``[ORGANISATION]``, and ``original_id`` (the user's own id for the
    record, which can be a public comment's or a person's reference) is left empty.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``id``, ``author`` and ``text`` (the export fields; the others when present).
    redactor : Redactor or None
        Built from the frame's authors when None (``kwargs`` go to ``Redactor``).

    Returns
    -------
    pandas.DataFrame
    """
    redactor = redactor or Redactor(list(frame["author"]), **kwargs)  # type: ignore[arg-type]
    ids = [str(i) for i in frame["id"]]
    texts = ["" if _missing(t) else str(t) for t in frame["text"]]
    redactor.prefetch(zip(ids, texts, strict=True))
    out = frame.copy()
    # a name the row's question gives, or its parent's text (a row before it), is hidden in its text too:
    # "Tallis plan is fine" under "thoughts on Mira Tallis's plan?" (``names_given``)
    questions = list(frame["question"]) if "question" in frame else [None] * len(ids)
    parents = [None if _missing(p) else str(p) for p in frame["parent_id"]] if "parent_id" in frame else [None] * len(ids)
    redactor.questions(questions)  # their NER in one pass
    out["text"] = [redactor.redact(t, d, context=redactor.names_beside(q, p))
                   for d, t, q, p in zip(ids, texts, questions, parents, strict=True)]
    if "source_title" in out:  # a title can name a person ("Letter from Sarah Jones")
        shown = redactor.source_titles(frame["source_title"])
        out["source_title"] = [shown.get(t, t) if isinstance(t, str) else t for t in frame["source_title"]]
        if "source_id" in out:  # the id hashes the title or the URL: keyed, or numbered
            out["source_id"] = [redactor.show_source_id(s, t) for s, t in zip(frame["source_id"], frame["source_title"],
                                                                              strict=True)]
    if "question" in out:  # a question's header can name someone ("Comments on Dr Smith's proposal")
        shown_q = redactor.questions(frame["question"])
        out["question"] = [shown_q.get(q, q) if isinstance(q, str) else q for q in frame["question"]]
        if "question_id" in out:  # an id can hash the header: where the question is redacted, so is the id
            out["question_id"] = [redactor.show_question_id(i, q) for i, q in zip(frame["question_id"],
                                                                                  frame["question"], strict=True)]
    out["author"] = [redactor.pseudonym(a) for a in frame["author"]]
    out["id"] = [redactor.show_id(d) for d in ids]
    if "parent_id" in out:
        out["parent_id"] = [None if _missing(p) else redactor.show_id(str(p)) for p in frame["parent_id"]]
    if "respondent_id" in out:
        out["respondent_id"] = [redactor.respondent(r) for r in frame["respondent_id"]]
    if "labelled_by" in out:  # the name of whoever labelled it: a person too
        out["labelled_by"] = [redactor.labeller(n) for n in frame["labelled_by"]]
    if "attributes" in out:  # breakdown fields are typed by respondents ("Team manager, ring 0770...")
        parsed = [_fields(a) for a in frame["attributes"]]
        values = {v for f in parsed if f for v in f.values() if isinstance(v, str) and v.strip()}
        redactor.prefetch((f"field:{v}", v) for v in sorted(values))  # one NER pass for the frame
        out["attributes"] = [a if not f else _redact_fields(redactor, a, f)
                             for a, f in zip(frame["attributes"], parsed, strict=True)]
    for field in ("respondent_type", "closed_answer"):  # an "Other, please say" answer is typed
        if field in out:
            shown_f = redactor.field_values(frame[field])
            out[field] = [shown_f.get(v, v) if isinstance(v, str) else v for v in frame[field]]
    if "organisation" in out:
        out["organisation"] = [None if _missing(o) or not str(o).strip() else ORGANISATION_FIELD
                               for o in frame["organisation"]]
    if "original_id" in out:
        out["original_id"] = None
    return out


def _fields(attributes: object) -> dict | None:
    """An export's ``attributes`` cell (a JSON object as text) as a dict, or None."""
    if _missing(attributes) or not str(attributes).strip():
        return None
    try:
        fields = json.loads(str(attributes))
    except ValueError:
        return None
    return fields if isinstance(fields, dict) else None


def _redact_fields(redactor: Redactor, attributes: object, fields: dict) -> object:
    """The breakdown fields with each text value redacted, and each key as a question is (a closed
    question's header can name someone); the cell as it was when nothing changes."""
    shown = distinct_keys((redactor.question(k), _field_value(redactor, k, v)) for k, v in fields.items())
    return json.dumps(shown, ensure_ascii=False) if shown != fields else attributes


def _field_value(redactor: Redactor, key: str, value: object) -> object:
    """One breakdown field's value as a redacted export shows it: a respondent id column kept beside the
    respondent (rule 1 numbers respondents by row) is numbered as ``respondent_id`` is, not shown as the file
    gave it ("R002" beside "Respondent 2" linked the two); other text redacted."""
    if not isinstance(value, str) or not value.strip():
        return value
    if RESPONDENT_ID_HEADER_2.match(str(key).strip()):
        return redactor.respondent(value.strip())
    return redactor.redact_field(value)


def distinct_keys(pairs: Iterable[tuple[object, object]]) -> dict[str, object]:
    """A dict of ``(key, value)`` pairs where two keys redacted alike stay apart as ``KEY (2)``.

    >>> distinct_keys([("Dr [PERSON]'s plan", 1), ("Dr [PERSON]'s plan", 2)])
    {"Dr [PERSON]'s plan": 1, "Dr [PERSON]'s plan (2)": 2}
    """
    out: dict[str, object] = {}
    for key, value in pairs:
        new, n = str(key), 1
        while new in out:
            n += 1
            new = f"{key} ({n})"
        out[new] = value
    return out
