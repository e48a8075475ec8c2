"""Classifying Parquet datasets on a real ``distributed.LocalCluster`` of 2 worker processes."""

from __future__ import annotations

import math
import os
import signal
import time
from pathlib import Path

import pandas as pd
import pytest
from scale_helpers import FakeClassifier, documents, write_dataset

from voices.errors import InputError, UsageError
from voices.scale import (
    ClusterError,
    classify_dataset,
    dask_client,
    load_dataset_predictions,
    run_dataset_classify,
)
from voices.scale.dask_classify import resolve_models
from voices.scale.dataset import scan_dataset
from voices.schemas import DOCUMENT_FIELDS, PREDICTION_FIELDS

pytestmark = pytest.mark.slow

TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def model_dirs():
    """``(None, None)``: the shipped models, which each worker finds in its own install.

    ``VOICES_TEST_MODELS=DIR`` (holding ``stance/`` and ``themes/``) runs against other models.
    """
    from voices.models import default_model_dir

    root = os.environ.get("VOICES_TEST_MODELS")
    if root:
        return str(Path(root) / "stance"), str(Path(root) / "themes")
    missing = [str(default_model_dir(t)) for t in ("stance", "themes") if not (default_model_dir(t) / "meta.json").is_file()]
    if missing:
        pytest.fail(f"no shipped models at {', '.join(missing)}: install them, or set VOICES_TEST_MODELS=DIR")
    return None, None


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def classifier(model_dirs):
    return resolve_models(*model_dirs)


def _worker_pids(client) -> dict[str, int]:
    return client.run(os.getpid)


def _assert_same_predictions(local: pd.DataFrame, scaled: pd.DataFrame) -> None:
    local = local.sort_values("id").reset_index(drop=True)
    scaled = scaled.sort_values("id").reset_index(drop=True)
    assert list(scaled["id"]) == list(local["id"])
    for col in DOCUMENT_FIELDS + ("stance", "stance_model", "themes_model"):
        left = [None if pd.isna(v) else v for v in local[col]]
        right = [None if pd.isna(v) else v for v in scaled[col]]
        if col == "position":
            left, right = [None if v is None else int(v) for v in left], [None if v is None else int(v) for v in right]
        assert left == right, col
    for a, b in zip(local["stance_probability"], scaled["stance_probability"], strict=True):
        assert (math.isnan(a) and math.isnan(b)) or abs(a - b) <= TOLERANCE
    assert [None if pd.isna(v) else bool(v) for v in local["stance_uncertain"]] == [
        None if pd.isna(v) else bool(v) for v in scaled["stance_uncertain"]
    ]
    assert [list(v) for v in local["themes"]] == [list(v) for v in scaled["themes"]]
    for a, b in zip(local["theme_probabilities"], scaled["theme_probabilities"], strict=True):
        assert sorted(a) == sorted(b)
        assert all(abs(a[k] - b[k]) <= TOLERANCE for k in a)


def test_dataset_results_equal_the_local_path(tmp_path, model_dirs):
    from voices.classify import classify_frame, load_models

    frame = documents(3000)
    data = write_dataset(frame, tmp_path / "in", [1300, 0, 1700], row_group_size=650)
    seen: list[tuple[int, int]] = []
    result = run_dataset_classify(
        str(data), str(tmp_path / "out"), workers=2,
        stance_model=model_dirs[0], themes_model=model_dirs[1], progress=lambda d, n: seen.append((d, n)),
    )
    assert (result.documents, result.workers) == (3000, 2)
    assert seen[0] == (0, result.partitions) and seen[-1] == (result.partitions, result.partitions)
    assert [d for d, _ in seen] == list(range(result.partitions + 1))

    scaled = load_dataset_predictions(str(tmp_path / "out"))
    assert list(scaled.columns) == list(DOCUMENT_FIELDS + PREDICTION_FIELDS)
    local = classify_frame(pd.read_parquet(data), *load_models(*model_dirs))
    _assert_same_predictions(local, scaled)
    assert scaled["stance"].notna().sum() > 2900  # really classified, not all skipped
    assert (scaled["kind"] == "article").sum() == 2 and scaled.loc[scaled["kind"] == "article", "stance"].isna().all()


def test_models_load_once_per_worker_with_threads_pinned(tmp_path, client, classifier):
    from voices.scale import worker

    data = write_dataset(documents(1600), tmp_path / "in", [1600])
    result = classify_dataset(str(data), str(tmp_path / "out"), client=client, classifier=classifier, partition_rows=100)
    assert result.partitions == 16
    loads = client.run(worker.model_loads)
    assert sorted(loads.values()) == [2, 2], loads  # one stance + one themes model in each process
    held = client.run(_models_held)

    def blas_threads() -> list[int]:
        from threadpoolctl import threadpool_info

        return [pool["num_threads"] for pool in threadpool_info()] + [int(os.environ["OMP_NUM_THREADS"])]

    assert all(set(n) == {1} for n in client.run(blas_threads).values())
    again = classify_dataset(str(data), str(tmp_path / "again"), client=client, classifier=classifier, partition_rows=800)
    assert again.documents == 1600 and client.run(worker.model_loads) == loads
    assert client.run(_models_held) == held  # a second job keeps the models its workers loaded


def _models_held(dask_worker) -> list[int]:
    from voices.scale import worker

    return sorted(map(id, dask_worker.plugins[worker.PLUGIN].models.values()))


def test_a_killed_worker_loses_and_duplicates_no_row(tmp_path, client, classifier):
    frame = documents(4000)
    data = write_dataset(frame, tmp_path / "in", [2000, 2000])
    before = _worker_pids(client)
    victim = sorted(before.values())[0]
    killed: list[int] = []

    def kill_once(done: int, total: int) -> None:
        if done == 2 and not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    result = classify_dataset(
        str(data), str(tmp_path / "out"), client=client, classifier=classifier,
        partition_rows=200, progress=kill_once,
    )
    assert killed and result.partitions == 20
    out = load_dataset_predictions(str(tmp_path / "out"))
    assert len(out) == len(frame)
    assert out["id"].is_unique and set(out["id"]) == set(frame["id"])
    assert out["stance_model"].notna().sum() == len(frame) - 2  # every document but the articles tagged
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["_SUCCESS"] + [f"part-{i:05d}.parquet" for i in range(20)]
    client.wait_for_workers(2, timeout=60)
    assert victim not in _worker_pids(client).values()


def test_empty_partitions_give_empty_parts(tmp_path, client, classifier):
    frame = documents(500)
    data = write_dataset(frame, tmp_path / "in", [0, 300, 0, 200])
    result = classify_dataset(str(data), str(tmp_path / "out"), client=client, classifier=classifier, partition_rows=250)
    assert (result.documents, result.partitions) == (500, 5)
    assert pd.read_parquet(tmp_path / "out" / "part-00000.parquet").empty
    out = load_dataset_predictions(str(tmp_path / "out"))
    assert list(out["id"]) == list(frame["id"])


def test_a_failing_job_leaves_nothing_behind(tmp_path, client):
    data = write_dataset(documents(600), tmp_path / "in", [600])
    with pytest.raises(ValueError, match="planted failure"):
        classify_dataset(
            str(data), str(tmp_path / "out"), client=client,
            classifier=FakeClassifier(fail_on_id="doc000450"), partition_rows=100,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
    with pytest.raises(InputError, match="not found"):
        load_dataset_predictions(str(tmp_path / "out"))


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda p: p / "nowhere", "not found"),
        (lambda p: (p / "bad").mkdir() or ((p / "bad" / "x.parquet").write_bytes(b"PAR1 not really") and p / "bad"),
         r"x\.parquet is not a readable Parquet file"),
    ],
    ids=["missing", "unreadable"],
)
def test_bad_dataset_fails_before_any_cluster_starts(tmp_path, make, match):
    started = time.perf_counter()
    with pytest.raises(InputError, match=match):
        run_dataset_classify(str(make(tmp_path)), str(tmp_path / "out"), workers=2)
    assert time.perf_counter() - started < 2.0  # no cluster, no model load
    assert not (tmp_path / "out").exists()


def test_option_mistakes_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="give one"):
        run_dataset_classify("x", str(tmp_path / "o"), scheduler="tcp://127.0.0.1:8786", workers=2)
    with pytest.raises(UsageError, match="at least 1"):
        run_dataset_classify("x", str(tmp_path / "o"), workers=0)
    with pytest.raises(UsageError, match="needs --out"):
        run_dataset_classify("x", None)


def test_an_unreachable_scheduler_is_named():
    with (pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:1"),
          dask_client("tcp://127.0.0.1:1", connect_timeout="1s")):
        pass


def test_a_dataset_scan_is_reused_by_the_job(tmp_path, client):
    data = write_dataset(documents(300), tmp_path / "in", [300])
    scan = scan_dataset(str(data))
    result = classify_dataset(scan, str(tmp_path / "out"), client=client, classifier=FakeClassifier())
    assert result.documents == 300 and result.stance_model == "fake-stance"
