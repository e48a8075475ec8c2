"""A redacted export hides a name a rule-1 source keeps only as a name column (``export_kept.named_sql``).

Rule 1 (``voices.ids``) kept "Your name (optional)" as an attribute, no author: the redactor's list of the corpus's
names (``corpus_authors``) missed it, and ``export --redact`` showed "Bo Sample" in the answer's attributes and in
another respondent's text, where a name stored as an author is "[PERSON]".

The names and answers here are made up for these tests.
"""

from __future__ import annotations

import pytest
from test_row_numbered_parts import run

SHEET = ("respondent_id,Your name (optional),Date submitted,Q1. Who should lead?\n"
         'R001,Ann Example,2024-03-01,"Directors should be registered social workers, I think."\n'
         'R002,Bo Sample,2024-03-02,"Registration matters a lot to the people we support."\n'
         'R003,,2024-03-03,"I agree with Bo Sample that registration matters."\n')


@pytest.mark.parametrize("rule", [1, 2])
def test_a_name_kept_only_as_a_column_is_hidden_in_a_redacted_export(tmp_path, rule):
    import voices.ids

    path, corpus = tmp_path / "sheet.csv", tmp_path / "c.duckdb"
    path.write_text(SHEET, encoding="utf-8")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", rule)
        assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    r = run("export", "--corpus", corpus, "--format", "jsonl", "--redact")
    assert r.exit_code == 0, r.output
    assert "Bo Sample" not in r.stdout and "Ann Example" not in r.stdout
    assert "I agree with [PERSON] that registration matters." in r.stdout


def test_a_respondent_id_column_kept_beside_a_row_numbered_respondent_is_numbered_in_a_redacted_export(tmp_path):
    """Rule 1 numbers respondents by row and keeps the file's ``respondent_id`` as an attribute: a redacted
    export showed "R002" there beside "Respondent 2", linking the pseudonym to the file's own id."""
    import json

    import voices.ids

    path, corpus = tmp_path / "sheet.csv", tmp_path / "c.duckdb"
    path.write_text(SHEET, encoding="utf-8")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(voices.ids, "ID_RULE", 1)
        assert (r := run("ingest", path, "--corpus", corpus, "-q")).exit_code == 0, r.output
    r = run("export", "--corpus", corpus, "--format", "jsonl", "--redact")
    assert r.exit_code == 0, r.output
    assert not any(f"R00{i}" in r.stdout for i in (1, 2, 3))
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    kept = [json.loads(row["attributes"])["respondent_id"] for row in rows if row.get("attributes")]
    assert kept and all(k.startswith("Respondent ") for k in kept)
