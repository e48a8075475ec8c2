"""sklearn's estimator contract for the custom transformer, and the pipeline factories."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from voices.models.features import CONFIGS, CueLexicon, make_pipeline


@parametrize_with_checks([CueLexicon(), CueLexicon({"pay": ["pay", "salar"], "burnout": ["stress"]})])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_cue_counts_match_at_token_starts_only():
    lex = CueLexicon({"pay": ["salar", "pay"], "burnout": ["stress"]}).fit(["x"])
    got = lex.transform(["salaries and pay pay", "repay stressed", ""]).toarray()
    assert list(lex.get_feature_names_out()) == ["cue_burnout", "cue_pay"]
    np.testing.assert_allclose(got, np.log1p([[0, 3], [1, 0], [0, 0]]))


def test_cue_lexicon_refuses_a_single_string():
    with pytest.raises(ValueError, match="iterable of strings"):
        CueLexicon({"a": ["b"]}).fit("one string")


def test_cue_lexicon_params_survive_clone():
    lex = CueLexicon({"a": ["b"]})
    assert clone(lex).get_params() == {"keywords": {"a": ["b"]}}


@pytest.mark.parametrize("task", ["stance", "themes"])
def test_factories_return_unfitted_named_pipelines(task):
    pipe = make_pipeline(task, CONFIGS[task][0], {"x": ["y"]})
    assert list(pipe.named_steps) == ["features", "classifier"]
    assert "features__words__ngram_range" in pipe.get_params()
    assert not hasattr(pipe.named_steps["classifier"], "classes_")
