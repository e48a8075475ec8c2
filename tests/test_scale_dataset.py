"""Reading, planning and committing Parquet datasets, without a cluster."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from scale_helpers import FakeClassifier, documents, write_dataset

from voices.errors import InputError, UsageError
from voices.scale import load_dataset_predictions
from voices.scale.classified import load_predictions
from voices.scale.dataset import _cut, plan_dataset, read_partition
from voices.scale.output import commit, frame_to_table, prepare_output
from voices.scale.worker import classify_partition
from voices.schemas import DOCUMENT_FIELDS, JOIN_FIELDS, PREDICTION_FIELDS


@pytest.mark.parametrize(
    ("row_groups", "size", "expected"),
    [
        ([300, 300, 300], 700, [((0, 1), 0, 600), ((2,), 0, 300)]),
        ([2500], 1000, [((0,), 0, 1000), ((0,), 1000, 2000), ((0,), 2000, 2500)]),
        ([100, 2500, 100], 1000, [((0,), 0, 100), ((1,), 0, 1000), ((1,), 1000, 2000), ((1,), 2000, 2500), ((2,), 0, 100)]),
        ([], 1000, [((), 0, 0)]),
        ([0], 1000, [((), 0, 0)]),
    ],
    ids=["merge-small", "slice-large", "mixed", "no-row-groups", "empty-row-group"],
)
def test_cut_covers_every_row_once(row_groups, size, expected):
    assert list(_cut(row_groups, size)) == expected


def test_plan_spreads_one_big_file_and_keeps_empty_files(tmp_path):
    frame = documents(3000)
    data = write_dataset(frame, tmp_path / "in", [3000, 0], row_group_size=3000)
    plan = plan_dataset(str(data), partition_rows=700)
    assert plan.rows == 3000
    assert [p.rows for p in plan.partitions] == [700, 700, 700, 700, 200, 0]
    assert [p.index for p in plan.partitions] == list(range(6))
    read = pd.concat([read_partition(plan.source, p) for p in plan.partitions], ignore_index=True)
    assert list(read.columns) == list(DOCUMENT_FIELDS + JOIN_FIELDS)
    assert list(read["id"]) == list(frame["id"])


def test_plan_skips_hidden_files_and_reads_hive_keys(tmp_path):
    frame = documents(20)
    write_dataset(frame.drop(columns=["source_id"]), tmp_path / "in" / "source_id=abc", [20])
    (tmp_path / "in" / "_SUCCESS").write_text("")
    (tmp_path / "in" / ".part-00009.parquet.tmp").write_text("half written")
    plan = plan_dataset(str(tmp_path / "in"))
    assert plan.files == 1
    read = read_partition(plan.source, plan.partitions[0])
    assert set(read["source_id"]) == {"abc"}


def test_columns_beyond_the_contract_are_dropped_and_missing_ones_filled(tmp_path):
    frame = documents(5)[["id", "text", "kind"]].assign(stance="old", extra=1)
    (tmp_path / "in").mkdir()
    frame.to_parquet(tmp_path / "in" / "x.parquet")
    plan = plan_dataset(str(tmp_path / "in"))
    read = read_partition(plan.source, plan.partitions[0])
    assert list(read.columns) == list(DOCUMENT_FIELDS + JOIN_FIELDS)
    assert read["author"].isna().all() and read["original_id"].isna().all()


def test_the_users_own_ids_come_through_classify_dataset_to_join_back(tmp_path):
    """An export's original_id (the id the user's file gave each record) was dropped by classify --dataset,
    so the classified rows of a corpus too big for one machine could not be joined back to the user's data."""
    frame = documents(5)[["id", "text", "kind"]].assign(original_id=[101, 102, None, 104, 105])  # numbers: text out
    (tmp_path / "in").mkdir()
    frame.to_parquet(tmp_path / "in" / "x.parquet")
    plan = plan_dataset(str(tmp_path / "in"))
    area = prepare_output(str(tmp_path / "out"), "job1")
    classify_partition(plan.partitions[0], plan.source, area, FakeClassifier())
    commit(area, len(plan.partitions), {"documents": plan.rows})
    import pyarrow.parquet as pq

    out = pq.read_table(tmp_path / "out")
    assert out.column_names == list(DOCUMENT_FIELDS + PREDICTION_FIELDS + JOIN_FIELDS)
    assert list(zip(out.column("id").to_pylist(), out.column("original_id").to_pylist(), strict=True)) == list(
        zip(frame["id"], ["101", "102", None, "104", "105"], strict=True))
    # reports read the classified dataset without it: never a redacted report's field
    assert list(load_dataset_predictions(str(tmp_path / "out")).columns) == list(DOCUMENT_FIELDS + PREDICTION_FIELDS)


@pytest.mark.parametrize(
    ("setup", "match"),
    [
        (lambda p: p, "not found"),
        (lambda p: (p.mkdir(), p)[1], "holds no .parquet files"),
        (lambda p: (p.mkdir(), (p / "a.csv").write_text("id,text\n1,x\n"), p)[2], "holds no .parquet files"),
        (lambda p: (p.mkdir(), (p / "a.parquet").write_text("id,text\n1,x\n"), p)[2], "not a readable Parquet file"),
        (lambda p: (p.write_text("id,text\n"), p)[1], "not a readable Parquet file"),
    ],
    ids=["missing", "empty-folder", "csv-only", "csv-named-parquet", "text-file"],
)
def test_bad_datasets_are_refused_with_the_reason(tmp_path, setup, match):
    path = setup(tmp_path / "data")
    with pytest.raises(InputError, match=match):
        plan_dataset(str(path))


def test_truncated_parquet_file_is_named(tmp_path):
    data = write_dataset(documents(50), tmp_path / "in", [50])
    part = data / "part-00000.parquet"
    part.write_bytes(part.read_bytes()[:200])
    with pytest.raises(InputError, match=r"part-00000\.parquet is not a readable Parquet file"):
        plan_dataset(str(data))


def test_missing_text_column_lists_the_columns_found(tmp_path):
    (tmp_path / "in").mkdir()
    pd.DataFrame({"id": ["a"], "body": ["x"]}).to_parquet(tmp_path / "in" / "a.parquet")
    with pytest.raises(InputError, match=r"lacks the column text that every document needs \(columns found: body, id\)"):
        plan_dataset(str(tmp_path / "in"))


@pytest.mark.parametrize("columns,said", [
    ({"id": ["a"], "body": ["x"]}, "lacks the column text that every document needs (columns found: body, id)"),
    ({"body": ["x"]}, "lacks the columns id, text that every document needs (columns found: body)"),
])
def test_missing_columns_are_named_as_one_or_many(tmp_path, columns, said):
    """Was "lacks the column(s) text" however many were missing."""
    (tmp_path / "in").mkdir()
    pd.DataFrame(columns).to_parquet(tmp_path / "in" / "a.parquet")
    with pytest.raises(InputError) as caught:
        plan_dataset(str(tmp_path / "in"))
    assert f"{tmp_path / 'in'}" in str(caught.value) and said in str(caught.value)


@pytest.mark.parametrize("cores,workers,said", [
    (1, 5, "--workers 5: this machine has 1 CPU core, and local workers beyond 4 per core only compete for them: "
           "give at most 4, or --scheduler ADDRESS for a cluster"),
    (2, 9, "--workers 9: this machine has 2 CPU cores, and local workers beyond 4 per core only compete for them: "
           "give at most 8, or --scheduler ADDRESS for a cluster"),
])
def test_the_cpu_cores_are_counted_as_one_or_many(tmp_path, monkeypatch, cores, workers, said):
    """Was "this machine has 1 CPU core(s)"."""
    import os

    from voices.scale.cli_glue import run_dataset_classify

    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    with pytest.raises(UsageError) as caught:
        run_dataset_classify(str(tmp_path / "missing"), str(tmp_path / "out"), workers=workers)
    assert str(caught.value) == said


def test_out_must_be_a_new_folder(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    with pytest.raises(UsageError, match="not empty"):
        prepare_output(str(tmp_path / "full"), "job")
    (tmp_path / "file").write_text("")
    with pytest.raises(UsageError, match="is a file"):
        prepare_output(str(tmp_path / "file"), "job")


def test_more_local_workers_than_the_cores_can_run_are_refused_before_any_start(tmp_path, monkeypatch):
    """--workers 10000000 tried to start ten million worker processes: the command hung."""
    import os

    from voices.scale.cli_glue import run_dataset_classify

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with pytest.raises(UsageError, match=r"^--workers 9: this machine has 2 CPU cores, .* give at most 8, "
                                         r"or --scheduler ADDRESS for a cluster$"):
        run_dataset_classify(str(tmp_path / "missing"), str(tmp_path / "out"), workers=9)
    assert not (tmp_path / "out").exists()


def _classify_all(data, out, job="job1"):
    """The worker's task run in-process over every partition, then committed."""
    plan = plan_dataset(str(data), partition_rows=40)
    area = prepare_output(str(out), job)
    for part in plan.partitions:
        classify_partition(part, plan.source, area, FakeClassifier())
    return plan, area


def test_parts_are_invisible_until_commit_then_the_dataset_reads_back(tmp_path):
    frame = documents(100)
    data = write_dataset(frame, tmp_path / "in", [60, 0, 40])
    plan, area = _classify_all(data, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputError, match="not found"):
        load_dataset_predictions(str(tmp_path / "out"))
    # A rerun of a task (its worker died after writing) overwrites the same part.
    classify_partition(plan.partitions[0], plan.source, area, FakeClassifier())
    commit(area, len(plan.partitions), {"documents": plan.rows})
    assert json.loads((tmp_path / "out" / "_SUCCESS").read_text())["documents"] == 100
    back = load_dataset_predictions(str(tmp_path / "out"))
    assert list(back.columns) == list(DOCUMENT_FIELDS + PREDICTION_FIELDS)
    assert list(back["id"]) == list(frame["id"])
    assert isinstance(back["themes"][0], list)
    assert isinstance(back["theme_probabilities"][0], dict)
    assert not any(p.name.startswith(".out.") for p in tmp_path.iterdir())


def test_a_missing_part_blocks_the_commit(tmp_path):
    data = write_dataset(documents(100), tmp_path / "in", [100])
    plan, area = _classify_all(data, tmp_path / "out")
    (tmp_path / area.path.rsplit("/", 1)[-1] / "part-00001.parquet").unlink()
    with pytest.raises(RuntimeError, match=r"parts \[1\] are missing"):
        commit(area, len(plan.partitions), {})
    assert not (tmp_path / "out").exists()


def test_object_store_output_is_marked_complete_last(tmp_path):
    import fsspec

    data = write_dataset(documents(100), tmp_path / "in", [100])
    plan = plan_dataset(str(data), partition_rows=50)
    area = prepare_output("memory://bucket/out", "job2")
    for part in plan.partitions:
        classify_partition(part, plan.source, area, FakeClassifier())
    fs = fsspec.filesystem("memory")
    assert not fs.exists("/bucket/out")
    commit(area, len(plan.partitions), {"documents": 100})
    assert fs.exists("/bucket/out/_SUCCESS") and not fs.exists(area.path)
    assert len(load_predictions("memory://bucket/out")) == 100
    fs.rm("/bucket/out/_SUCCESS")
    with pytest.raises(InputError, match="no _SUCCESS marker"):
        load_predictions("memory://bucket/out")
    fs.rm("/bucket", recursive=True)


def test_a_dataset_without_predictions_is_refused_for_reports(tmp_path):
    data = write_dataset(documents(10), tmp_path / "in", [10])
    with pytest.raises(InputError, match="has no predictions .*classify it first"):
        load_dataset_predictions(str(data))


def test_frame_to_table_uses_the_export_schema():
    from voices.arrow import arrow_schema

    frame = FakeClassifier()(documents(3))
    table = frame_to_table(frame)
    assert table.schema.equals(arrow_schema(DOCUMENT_FIELDS + PREDICTION_FIELDS + JOIN_FIELDS))


def test_frame_to_table_matches_the_export_conversion():
    import numpy as np
    import pyarrow as pa

    from voices.arrow import arrow_schema
    from voices.export import normalise_row

    frame = FakeClassifier()(documents(6))
    frame.loc[0, "stance_probability"] = np.nan
    frame["stance_uncertain"] = pd.array([True, None, False, True, False, None], dtype="boolean")
    frame.loc[1, "position"] = None
    frame["theme_probabilities"] = frame["theme_probabilities"].astype(object)
    frame.at[2, "theme_probabilities"] = '{"pay": 0.25}'
    frame.at[3, "theme_probabilities"] = {}
    frame.at[4, "themes"] = None
    fields = DOCUMENT_FIELDS + PREDICTION_FIELDS + JOIN_FIELDS
    rows = [normalise_row({f: rec.get(f) for f in fields}) for rec in frame.to_dict("records")]
    expected = pa.Table.from_pylist(rows, schema=arrow_schema(fields))
    assert frame_to_table(frame).equals(expected)


def test_the_scan_counts_articles_and_classify_dataset_says_them_apart(tmp_path, monkeypatch):
    """The walk: `voices classify` of a corpus said "61 documents classified ... 5 articles not classified"; its
    Parquet export through `classify --dataset` said "classified 66 documents", the articles (written without
    a stance) counted as classified."""
    from typer.testing import CliRunner

    from voices import api
    from voices.cli import app
    from voices.scale.dask_classify import DatasetClassifyResult
    from voices.scale.dataset import scan_dataset

    frame = documents(20)[["id", "text", "kind"]]
    frame.loc[[0, 7, 12], "kind"] = "article"
    (tmp_path / "in").mkdir()
    frame.iloc[:10].to_parquet(tmp_path / "in" / "a.parquet")
    frame.iloc[10:].to_parquet(tmp_path / "in" / "b.parquet")
    scan = scan_dataset(str(tmp_path / "in"))
    assert (scan.rows, scan.blank, scan.articles) == (20, 0, int((frame["kind"] == "article").sum())) == (20, 0, 3)
    frame.drop(columns="kind").to_parquet(tmp_path / "in" / "a.parquet")  # no kind column: all comments
    (tmp_path / "in" / "b.parquet").unlink()
    assert scan_dataset(str(tmp_path / "in")).articles == 0

    done = DatasetClassifyResult("in", "out", 66, 1, 2, "tcp://x", "s", "t", 8.0, 0, articles=5)
    monkeypatch.setattr(api, "classify_dataset", lambda *a, **k: done)
    result = CliRunner().invoke(app, ["classify", "--dataset", "in", "--out", "out", "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("voices: classified 61 documents (5 articles not classified) in 1 partition on 2 "
                             "workers in 8s; wrote out\n")  # was "1 partitions on 2 worker(s)"
    assert json.loads(result.stdout)["documents"] == 66 and json.loads(result.stdout)["articles"] == 5
    one = DatasetClassifyResult("in", "out", 1, 3, 1, "tcp://x", "s", "t", 8.0, 0)
    monkeypatch.setattr(api, "classify_dataset", lambda *a, **k: one)
    result = CliRunner().invoke(app, ["classify", "--dataset", "in", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "voices: classified 1 document in 3 partitions on 1 worker in 8s; wrote out\n"


def test_stopping_the_local_workers_says_nothing_but_a_warning_during_the_job_still_shows(monkeypatch, caplog):
    """The walk: a finished `classify --dataset --workers 2` ended with "voices: WARNING: Worker process still
    alive after 4.0 seconds, killing": the nanny stopping the workers voices started, which is no news."""
    import logging

    import distributed

    from voices.scale.dask_classify import dask_client

    nanny = logging.getLogger("distributed.nanny")

    class Cluster:
        def __init__(self, **kwargs):
            self.kwargs = kwargs

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            nanny.warning("Worker process still alive after 4.0 seconds, killing")

    class Client:
        def __init__(self, cluster):
            self.cluster = cluster

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

    monkeypatch.setattr(distributed, "LocalCluster", Cluster)
    monkeypatch.setattr(distributed, "Client", Client)
    before = nanny.level
    with caplog.at_level(logging.WARNING, logger="distributed.nanny"), dask_client(workers=2) as client:
        assert client.cluster.kwargs["n_workers"] == 2
        nanny.warning("Restarting worker")  # during the job: the user hears of it
    messages = [r.getMessage() for r in caplog.records if r.name == "distributed.nanny"]
    assert messages == ["Restarting worker"]
    with dask_client(workers=1):
        pass
    assert nanny.level == before


@pytest.mark.parametrize("found,said", [
    ({"tcp://a": None, "tcp://b": "x"}, "voices is not installed on worker tcp://a: "),
    ({"tcp://a": None, "tcp://b": None}, "voices is not installed on workers tcp://a, tcp://b: "),
])
def test_workers_without_voices_are_named_as_one_or_many(found, said):
    """Was "on worker(s) tcp://a" however many there were."""
    from voices import __version__
    from voices.errors import ClusterError
    from voices.scale.dask_classify import _check_workers_have_voices

    class Client:
        def run(self, probe):
            return {addr: __version__ if v else None for addr, v in found.items()}

    with pytest.raises(ClusterError) as caught:
        _check_workers_have_voices(Client())
    assert str(caught.value).startswith(said)


def test_an_article_with_no_text_is_counted_with_the_blank_rows_not_with_the_articles(tmp_path):
    """A blank article is left out of the output with the other blank rows, yet the scan counted it among the
    articles too, and `classify --dataset` said "classified 2 documents (2 articles not classified)" of the
    3 comments and 1 article it wrote."""
    from voices.scale.dataset import scan_dataset

    (tmp_path / "in").mkdir()
    pd.DataFrame({"id": ["a1", "a2", "c1", "c2", "c3"], "kind": ["article", "article", *["comment"] * 3],
                  "text": ["An article on who should lead.", "  ", "One comment.", "Another comment.", "A third."]},
                 ).to_parquet(tmp_path / "in" / "x.parquet")
    scan = scan_dataset(str(tmp_path / "in"))
    assert (scan.rows, scan.blank, scan.blank_ids, scan.articles) == (5, 1, ("a2",), 1)
