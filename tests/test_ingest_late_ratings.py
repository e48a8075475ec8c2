"""A closed question under a header that is no question ("Rating") answered only after the 5,000 rows scanned: its
ratings were left out with warnings [] (only written answers were said under a header naming no answers)."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from ingest_helpers import read

HEADER = ["Respondent ID", "Q1. What do you think of the proposal?", "Rating", "Stamp"]


def _sheet(path, options):
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(20000):
            late = i >= 5000
            out.writerow([f"R{i}", f"Respondent {i} thinks the proposal needs work on {i % 97} points.",
                          options[i % len(options)] if late else "", f"2024-01-{i % 28 + 1:02d}" if late else ""])


@pytest.mark.parametrize("options", [["Good", "Poor", "Fair"], ["1", "2", "3", "4", "5"], ["A", "B", "C", "D"]])
def test_late_ratings_under_a_header_that_is_no_question_are_said_with_the_way_to_count_them(tmp_path, options):
    path = tmp_path / "rating.csv"
    _sheet(path, options)
    records, ctx = read("consultation", path)
    assert Counter(r.question_id for r in records) == {"Q1": 20000}
    assert ctx.warnings == [
        f"{path}: column 'Rating': 15000 answers left out, as the first 5,000 rows leave it blank: they are a closed "
        "question's options, not written answers (no --text-column for it): to count them, give it the role "
        "\"closed\" in a --mapping (ingest --preview FILE --save-mapping MAP.toml writes one to edit)"]
    # the advice works: every rating counted, the dates column still says nothing
    mapping = [(HEADER[0], "id"), (HEADER[1], "text"), (HEADER[2], "closed"), (HEADER[3], "ignore")]
    records, ctx = read("consultation", path, mapping=mapping)
    assert len(records) == 20000 and ctx.warnings == []
    rated = Counter(json.loads(ratings)[HEADER[2]] for _s, _r, _a, ratings in ctx.respondents if ratings)
    assert rated == {o: 15000 // len(options) for o in options}
