"""Wilson intervals and shares corrected by the confusion matrix, on values worked out by hand."""

from __future__ import annotations

import pytest

from voices.report.stats import adjusted_shares, wilson


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (9, 9, 0.7008550, 1.0),  # nine comments all agreeing: still only "70% or more"
        (5, 10, 0.2365931, 0.7634069),
        (0, 10, 0.0, 0.2775328),
        (45, 100, 0.3561454, 0.5475540),  # as scipy.stats.binomtest(45, 100).proportion_ci("wilson")
    ],
)
def test_wilson_interval_values(k, n, low, high):
    assert wilson(k, n) == (pytest.approx(low, abs=1e-6), pytest.approx(high, abs=1e-6))


def test_wilson_edge_cases():
    assert wilson(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError, match="k=11 must be between 0 and n=10"):
        wilson(11, 10)


def test_adjusted_shares_recover_true_shares():
    # true 5/7 a, 2/7 b; the model calls 80% of a as a and 10% of b as a -> predicted 60/40
    adj = adjusted_shares({"a": 60, "b": 40}, [[80, 20], [10, 90]], ["a", "b"])
    assert adj.shares == {"a": pytest.approx(5 / 7), "b": pytest.approx(2 / 7)}
    assert adj.condition_number == pytest.approx(1.4561, abs=1e-4)
    assert adj.note is None and not adj.clipped


def test_adjusted_shares_three_labels_and_identity():
    cm = [[90, 5, 5], [10, 80, 10], [0, 20, 80]]
    true = [0.5, 0.3, 0.2]
    predicted = [sum(true[i] * cm[i][j] / 100 for i in range(3)) for j in range(3)]
    adj = adjusted_shares({lab: round(1000 * p) for lab, p in zip("xyz", predicted, strict=True)}, cm, list("xyz"))
    assert [adj.shares[lab] for lab in "xyz"] == pytest.approx(true, abs=1e-3)
    same = adjusted_shares({"x": 3, "y": 1}, [[10, 0], [0, 10]], ["x", "y"])
    assert same.shares == {"x": 0.75, "y": 0.25}


def test_adjusted_shares_clip_and_renormalise():
    # predicted shares impossible under this matrix: the solution goes negative and is clipped
    adj = adjusted_shares({"a": 95, "b": 5}, [[80, 20], [10, 90]], ["a", "b"])
    assert adj.clipped and adj.shares == {"a": 1.0, "b": 0.0}
    assert "clipped" in adj.note


def test_ill_conditioned_matrix_is_said():
    adj = adjusted_shares({"a": 50, "b": 50}, [[50, 50], [49, 51]], ["a", "b"])
    assert adj.ill_conditioned
    assert "ill-conditioned" in adj.note
    assert sum(adj.shares.values()) == pytest.approx(1.0)


def test_matrix_of_wrong_shape():
    with pytest.raises(ValueError, match="expected 2x2"):
        adjusted_shares({"a": 1}, [[1, 0, 0]], ["a", "b"])


@pytest.mark.parametrize(("share", "digits", "shown"), [
    (1 / 3000, 1, "<0.1%"), (2999 / 3000, 1, ">99.9%"), (1 / 250, 0, "<1%"), (249 / 250, 0, ">99%"),
    (0.0, 1, "0.0%"), (1.0, 0, "100%"), (0.125, 0, "12%"), (1e-17, 1, "0.0%"),  # 1e-17: a clipped corrected share
])
def test_a_nonzero_share_never_reads_as_zero_or_all(share, digits, shown):
    from voices.report._format import pct

    assert pct(share, digits) == shown


def test_the_accuracy_block_and_charts_format_small_shares_the_same_way():
    from voices.report.accuracy import accuracy_on_sample, accuracy_table
    from voices.report.charts import _pct

    acc = accuracy_on_sample([("a", "a")] * 10 + [("b", "b")] * 10, ["a", "b"], {"a": 1, "b": 2999}, bootstrap=20)
    assert accuracy_table(acc)[2][0][3] == "<0.1%"
    assert _pct(1 / 250) == "<1%"


def test_accuracy_sentences_never_read_as_always_or_never_when_they_are_not():
    """'agreed with them 100% of the time' on a sample of 250 with one miss: the sentences rounded on their own."""
    from types import SimpleNamespace

    from voices.report._format import _accuracy_words
    from voices.report.accuracy import accuracy_on_sample, accuracy_table
    from voices.report.data import ModelInfo

    acc = accuracy_on_sample([("a", "a")] * 249 + [("a", "b")], ["a", "b"], {"a": 9, "b": 1}, bootstrap=20)
    assert acc.accuracy == 249 / 250
    assert "agreed with them >99% of the time" in accuracy_table(acc)[0]
    model = ModelInfo("stance", "m1", tested_accuracy=0.996, tested_n=500, real_writing={"accuracy": 0.004, "n": 250})
    words = _accuracy_words(SimpleNamespace(accuracy=None), model)
    assert "it gave the labelled stance >99% of the time" in words and "agreed with a person <1% of the time" in words
