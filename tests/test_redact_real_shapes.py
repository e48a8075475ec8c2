"""Shapes a read of real writing (forum posts, speeches, blogs) found redaction getting wrong, one test each.

Texts are project-written look-alikes; none is copied from the writing that was read.
"""

from __future__ import annotations

from voices.redact import Redactor
from voices.redact.ner_people import person_span


def test_a_plural_abbreviation_in_capitals_is_no_name():
    # NER took "Qualified SWs" and "Good SWs" for people: "SWs" passed for a name written as "McKay" is
    assert person_span("Good SWs are hard to keep", 0, 8) is None
    assert Redactor().redact("Qualified SWs running SW. Why is that even a question") == (
        "Qualified SWs running SW. Why is that even a question")
    assert Redactor().redact("Good SWs are hard to keep, said Maria Lopez") == (
        "Good SWs are hard to keep, said [PERSON]")
