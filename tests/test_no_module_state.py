"""Caches live on the objects that use them: threads never share scratch state, forked
workers get their state from the pool, and one inference path (the saved pipeline)."""

from __future__ import annotations

import pickle
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from voices.models import default_model_dir, load_model
from voices.models.features import CueLexicon
from voices.models.vectorize import CharTfidf, WordTfidf, _scratch
from voices.nlp import preprocess

WORDS = ("social work leaders must be registered qualified practice pay burnout stress system director "
         "frontline caseloads teacher neg_need neg_be").split()


def _texts(seed: int, n: int = 60) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, size=rng.integers(0, 25))) + f" tok{seed}x{i}" for i in range(n)]


@pytest.mark.parametrize("est", [WordTfidf((1, 2), min_df=1), CharTfidf((2, 4), min_df=1, max_features=300),
                                 CueLexicon({"pay": ["pay"], "burnout": ["burn", "stress"]})],
                         ids=["word", "char", "cues"])
def test_threads_transforming_one_estimator_get_the_features_of_a_lone_thread(est):
    est.fit(_texts(0, 200))
    batches = [_texts(seed) for seed in range(1, 33)]
    alone = [est.transform(b).toarray() for b in batches]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: races show up
    try:
        for _ in range(10):
            fresh = pickle.loads(pickle.dumps(est))  # empty caches: every thread's first call builds them
            start = threading.Barrier(8)

            def run(b, fresh=fresh, start=start):
                start.wait()
                return fresh.transform(b).toarray()

            with ThreadPoolExecutor(8) as pool:
                together = list(pool.map(run, batches[:8]))
            for a, b in zip(alone[:8], together, strict=True):
                np.testing.assert_array_equal(a, b)
    finally:
        sys.setswitchinterval(interval)


def test_each_thread_has_its_own_scratch_and_none_is_saved():
    est = WordTfidf(min_df=1).fit(_texts(0))
    mine = _scratch(est).scratch  # the FeatureCache is a threading.local; .scratch is this thread's
    theirs = []
    t = threading.Thread(target=lambda: theirs.append(_scratch(est).scratch))
    t.start()
    t.join()
    assert theirs[0] is not mine and _scratch(est).scratch is mine
    assert "_scratch_" not in est.__getstate__() and "_scratch_" in vars(est)
    again = pickle.loads(pickle.dumps(est))
    assert _scratch(again).scratch is not mine
    np.testing.assert_array_equal(again.transform(_texts(1)).toarray(), est.transform(_texts(1)).toarray())


@pytest.fixture(scope="module")
def shipped():
    return load_model(default_model_dir("stance")), load_model(default_model_dir("themes"))


def test_probabilities_are_the_saved_pipelines_with_or_without_shared_blocks(shipped):
    prepared = list(preprocess([
        "Social work must be led by qualified social workers; you can't lead what you've never done.",
        "A DCS runs schools and SEND too: any strong leader can do it. Pay and burnout matter more.",
        "", "Caseloads are crushing and nobody senior has sat with a family in years.",
    ]))
    shared: dict = {}
    for model in shipped:
        reference = model.pipeline.predict_proba(np.asarray(prepared, dtype=object))
        np.testing.assert_allclose(model.probabilities(prepared), reference, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(model.probabilities(prepared, shared), reference, rtol=1e-6, atol=1e-9)
    assert any(isinstance(k, str) and len(k) == 32 for k in shared)  # blocks were shared between the models


def _state_and_payload(state, payload):
    return state["offset"] + payload


def test_forked_workers_get_the_pool_state_and_the_parent_keeps_none():
    from voices import _forkpool

    got = list(_forkpool.ordered_map(_state_and_payload, range(6), 2, {"offset": 100}))
    assert got == [(i, 100 + i) for i in range(6)]
    assert _forkpool._WORKER_STATE == {}  # the parent process never holds a pool's state
    assert _forkpool.start_method() == ("fork" if sys.platform.startswith("linux") else "forkserver")
