"""voices report --dataset: DuckDB reads the Parquet files (read_parquet); the figures are the
ones the pandas path gave."""

from __future__ import annotations

import json

import pytest
from report_fixtures import FakeStance, classified_corpus, no_entities

import voices
from voices.export import export_corpus
from voices.report import build_report
from voices.report.build import ParquetDataset
from voices.scale import load_dataset_predictions
from voices.scale.classified import prediction_files


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dataset")
    corpus = classified_corpus(tmp / "c.duckdb")
    export_corpus(corpus, "parquet", tmp / "out")
    return tmp / "out"


@pytest.mark.parametrize("redact", [False, True])
@pytest.mark.parametrize("only_first_source", [False, True])
def test_duckdb_and_pandas_paths_give_the_same_report(dataset, redact, only_first_source):
    where, files = prediction_files(str(dataset))
    assert where.is_local and files
    frame = load_dataset_predictions(str(dataset))
    sources = [sorted(set(frame["source_id"]))[0]] if only_first_source else None
    options = {"redact": redact, "stance_model": FakeStance(), "entities": no_entities, "generated": "2025-01-01"}
    via_duckdb = build_report(ParquetDataset(tuple(files)), sources, **options).to_dict()
    via_pandas = build_report(frame, sources, **options).to_dict()
    assert via_duckdb == via_pandas
    assert via_duckdb["overall"]["n"] > 0


def test_report_dataset_does_not_load_the_dataset_into_pandas(dataset, monkeypatch):
    import voices.scale as scale_module

    def refuse(*_args, **_kwargs):
        raise AssertionError("a local dataset went through pandas")

    monkeypatch.setattr(scale_module, "load_dataset_predictions", refuse)
    result = voices.report(dataset=str(dataset), format="json", redact=False, stance_model=FakeStance())
    assert json.loads(result.text)["overall"]["n"] == result.data.overall.n > 0


def test_remote_dataset_is_read_by_duckdb_through_fsspec(dataset, monkeypatch):
    """A dataset behind an fsspec URL (memory:// stands in for s3://) gives the local report,
    read by DuckDB through the registered filesystem, never loaded into pandas."""
    import fsspec

    import voices.scale as scale_module

    fs = fsspec.filesystem("memory")
    root = "/voices-test-remote/ds"
    for path in sorted(dataset.rglob("*")):
        if path.is_file():
            fs.pipe(f"{root}/{path.relative_to(dataset).as_posix()}", path.read_bytes())
    if not fs.exists(f"{root}/_SUCCESS"):
        fs.pipe(f"{root}/_SUCCESS", b"")
    monkeypatch.setattr(scale_module, "load_dataset_predictions",
                        lambda *_a, **_k: pytest.fail("a remote dataset went through pandas"))
    try:
        remote = voices.report(dataset=f"memory://{root}", format="json", redact=False, stance_model=FakeStance())
    finally:
        fs.rm(root, recursive=True)
    local = voices.report(dataset=str(dataset), format="json", redact=False, stance_model=FakeStance())
    want, got = local.data.to_dict(), remote.data.to_dict()
    want.pop("generated", None), got.pop("generated", None)
    assert got == want
    assert got["overall"]["n"] > 0


@pytest.mark.parametrize(("given", "out", "where"), [
    ("folder", "part-00000.parquet", "is inside"),   # an ending the report never writes was left as given
    ("file", "part-00000.parquet", "is"),
    ("folder", "notes.md", "is inside"),              # read as part of the dataset next time
])
def test_a_report_never_writes_into_the_dataset_it_reads(dataset, given, out, where):
    """report --dataset D --format md --out D/part-00000.parquet replaced the dataset's Parquet file with
    the report (exit 0); the next report --dataset D said the file was not readable Parquet."""
    from voices.errors import OutputError

    [part] = sorted(dataset.glob("*.parquet"))
    before = part.read_bytes()
    source = str(dataset) if given == "folder" else str(part)
    with pytest.raises(OutputError) as refused:
        voices.report(dataset=source, format="md", out=dataset / out, stance_model=FakeStance())
    assert str(refused.value) == (f"--out {dataset / out} {where} the dataset {source} this report reads: writing "
                                  "there would destroy or change it: give a path outside it")
    assert part.read_bytes() == before and sorted(p.name for p in dataset.iterdir()) == [part.name]
    beside = dataset.parent / "report.md"
    assert voices.report(dataset=source, format="md", out=beside, stance_model=FakeStance()).out == beside


@pytest.mark.parametrize("models", [[1], "x", 7])
def test_a_tampered_job_summary_without_a_models_mapping_reads_as_the_shipped_scheme(dataset, tmp_path, models):
    """A `_SUCCESS` whose `models` was a list or a string (a hand or another tool wrote it) crashed
    report --dataset with AttributeError (exit 1); it names no scheme, so the shipped one is stated."""
    import shutil

    copy = tmp_path / "ds"
    shutil.copytree(dataset, copy)
    (copy / "_SUCCESS").write_text(json.dumps({"models": models}), encoding="utf-8")
    got = voices.report(dataset=str(copy), format="json", redact=False, stance_model=FakeStance())
    want = voices.report(dataset=str(dataset), format="json", redact=False, stance_model=FakeStance())
    assert got.data.overall.n == want.data.overall.n > 0
    assert json.loads(got.text)["scheme"] == json.loads(want.text)["scheme"]
