"""``voices delete``'s retrain hint for a MAP model from before ``C_b`` (session 38): train builds today's MAP
(biases under a prior, class-balanced weights), not the model that was trained, and the hint says so."""

from __future__ import annotations

from voices.erase import retrain_command

TODAY = {"method": "map", "C": 1.0, "C_b": 10.0, "class_weight": "balanced"}
BEFORE_C_B = {"method": "map", "C": 1.0}


def test_a_map_model_from_before_c_b_is_told_the_hint_builds_todays_map(tmp_path):
    out, corpus = tmp_path / "m", tmp_path / "c.duckdb"
    hint = retrain_command({"files": [], "corpus_id": "x"}, "stance", out, corpus, {"adaptation": BEFORE_C_B})
    assert hint == (f"voices train --task stance --corpus {corpus} --out {out}  # builds the MAP of this version, "
                    "biases under a prior of variance 10, each stance weighing the same: this model, from before "
                    "that, cannot be rebuilt as it was")
    assert "\n" not in hint


def test_a_map_model_of_today_is_given_the_plain_command(tmp_path):
    out, corpus = tmp_path / "m", tmp_path / "c.duckdb"
    assert retrain_command({"files": [], "corpus_id": "x"}, "stance", out, corpus, {"adaptation": TODAY}) == (
        f"voices train --task stance --corpus {corpus} --out {out}")


def test_the_old_map_hint_pastes_into_a_shell_that_takes_no_comments(tmp_path):
    """zsh, macOS's shell, reads ``#`` typed or pasted as a word (INTERACTIVE_COMMENTS is off by default): the
    caveat's "today's" opened a quote and the paste hung at ``quote>``; "(biases" is a zsh glob qualifier. In
    words with no quote, bracket or other shell character, such a shell hands them to voices, which refuses extra
    arguments and builds nothing; bash and sh skip the comment and run the command as printed."""
    import re
    import shlex

    out, corpus = tmp_path / "my models" / "old map", tmp_path / "my corpus.duckdb"
    hint = retrain_command({"files": [], "corpus_id": "x"}, "stance", out, corpus, {"adaptation": BEFORE_C_B})
    assert shlex.split(hint, comments=True) == ["voices", "train", "--task", "stance", "--corpus", str(corpus),
                                                "--out", str(out)]
    words = shlex.split(hint)  # no comments: raised "No closing quotation" on "today's"
    caveat = words[words.index("#") + 1:]
    assert caveat and all(re.fullmatch(r"[A-Za-z0-9,.:-]+", w) for w in caveat), caveat
