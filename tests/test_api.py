"""The use-case layer: plain arguments in, typed results out, typed errors, progress by callback, no printing."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from report_fixtures import FakeStance, FakeThemes
from store_fixtures import make_corpus

import voices
from voices import api
from voices.errors import CorpusError, InputError, NotFoundError, UsageError

SAMPLES = Path(__file__).parents[1] / "corpora" / "samples"


@pytest.fixture(autouse=True)
def no_log_handlers(monkeypatch):
    """No handler an earlier CLI test installed: what the library writes, it writes through logging."""
    import logging

    monkeypatch.setattr(logging.getLogger(), "handlers", [])


@pytest.fixture
def fakes(monkeypatch):
    import voices.classify

    monkeypatch.setattr(voices.classify, "load_models", lambda *a, **k: (FakeStance(), FakeThemes()))


def test_a_thread_from_file_to_report_without_a_word_on_the_terminal(tmp_path, fakes, capfd):
    corpus = tmp_path / "study.duckdb"
    events: list[api.Progress] = []
    ingested = voices.ingest([SAMPLES / "thread.txt", SAMPLES / "consultation.csv"], corpus, progress=events.append)
    assert (ingested.added, len(ingested.files)) == (68, 2)
    assert [e.stage for e in events] and {e.stage for e in events} == {"ingest"}
    assert events[-1].total == 2 and events[-1].message.startswith("file 2/2 consultation.csv")

    classified = voices.classify(corpus, sources=["s2d0"], progress=events.append)
    assert (classified.classified, classified.articles) == (34, 1)
    assert events[-1] == api.Progress("classify", "", 34, 34)

    report = voices.report(corpus, format="JSON", sources=["s2d0"])
    assert report.format == "json" and report.out is None
    assert json.loads(report.text)["documents"] == report.data.documents == 34

    summary = voices.corpus_summary(corpus)
    assert summary.documents == 68 and [s.classified for s in summary.sources] == [34, 0]
    assert capfd.readouterr() == ("", "")


def test_label_export_delete(tmp_path, fakes, capfd):
    corpus = make_corpus(tmp_path / "c.duckdb")
    voices.classify(corpus)
    doc = voices.export(corpus, format="jsonl", stream=(buf := io.StringIO()))
    assert doc.rows == 6 and doc.path is None
    first = json.loads(buf.getvalue().splitlines()[0])["id"]
    label = voices.label(corpus, first[:8], stance=FakeStance().labels[0], themes=[], by="tester")
    assert (label.doc_id, label.themes, label.labelled_by) == (first, [], "tester")
    with pytest.raises(InputError, match="unknown stance 'nope'"):
        voices.label(corpus, first, stance="nope")
    labelled = voices.export(corpus, labelled=True, out=tmp_path / "labels.csv", format="CSV")
    assert labelled.rows == 1 and (tmp_path / "labels.csv").is_file()
    gone = voices.delete(corpus, respondent="R2")
    assert gone == api.DeleteResult(1, None, "R2")
    with pytest.raises(UsageError, match="give --source ID"):
        voices.delete(corpus)
    with pytest.raises(NotFoundError):
        voices.delete(corpus, source="nope")
    assert capfd.readouterr() == ("", "")


def test_typed_errors_name_the_problem(tmp_path):
    with pytest.raises(CorpusError, match="no corpus at"):
        voices.corpus_summary(tmp_path / "none.duckdb")
    with pytest.raises(UsageError, match="--format 'pdf' is not one of auto|"):
        voices.ingest([SAMPLES / "thread.txt"], tmp_path / "c.duckdb", format="pdf")
    assert not (tmp_path / "c.duckdb").exists(), "a refused call leaves nothing behind"
    with pytest.raises(InputError, match="no .jsonl or .csv files"):
        api.expand_data_paths([tmp_path])


def test_migrate_does_nothing_on_a_current_or_missing_corpus(tmp_path):
    events = []
    assert api.migrate(tmp_path / "none.duckdb", events.append) is None
    assert api.migrate(make_corpus(tmp_path / "c.duckdb"), events.append) is None
    assert events == []


def test_every_use_case_is_documented_and_returns_a_dataclass():
    import typing

    for name in ("ingest", "classify", "classify_dataset", "report", "train", "evaluate", "export", "label",
                 "delete", "corpus_summary"):
        assert callable(getattr(voices, name)), f"voices.{name}"  # the function, or its callable subpackage
        fn = getattr(api, name)
        assert all(f"{part}\n    ---" in fn.__doc__ for part in ("Parameters", "Returns", "Raises")), name
        hints = typing.get_type_hints(fn, localns=_result_types())
        assert dataclasses.is_dataclass(hints["return"]), f"{name} returns {hints['return']}"


def _result_types() -> dict:
    from voices.classify import ClassifyResult
    from voices.export import ExportResult
    from voices.ingest import IngestResult
    from voices.models.train import TrainResult
    from voices.report.data import ReportData
    from voices.scale.dask_classify import DatasetClassifyResult
    from voices.store import SourceSummary
    from voices.store.labels import Label

    types = (ClassifyResult, ExportResult, IngestResult, TrainResult, ReportData, DatasetClassifyResult,
             SourceSummary, Label)
    return {t.__name__: t for t in types}


def test_a_use_case_named_like_its_subpackage_is_still_callable(tmp_path):
    import voices.export as export_module
    import voices.ingest as ingest_package

    assert voices.ingest is ingest_package and voices.export is export_module
    result = voices.ingest([SAMPLES / "thread.txt"], tmp_path / "c.duckdb")
    assert result.added == 35
    assert voices.export(tmp_path / "c.duckdb", format="jsonl", stream=io.StringIO()).rows == 35
    assert ingest_package.ingest_paths and export_module.export_corpus  # the modules are whole


def test_classify_opens_the_corpus_once_and_stores_what_four_opens_did(tmp_path, fakes, monkeypatch):
    """Migration, the models' fit check, the tags and the defaults share one writing open: each open
    of the corpus cost 30-50 ms of CPU, and ``voices classify FILE`` on a 9-comment thread made seven."""
    import contextlib

    from voices.store import Corpus
    from voices.store.settings import get_setting

    corpus = make_corpus(tmp_path / "c.duckdb")
    opened = []
    real = Corpus.open.__func__

    @contextlib.contextmanager
    def counted(cls, path, **kw):
        opened.append(kw)
        with real(cls, path, **kw) as c:
            yield c

    monkeypatch.setattr(Corpus, "open", classmethod(counted))
    stance = FakeStance()
    stance.path = tmp_path / "my-stance"  # a model given by path: classify pins it as the corpus's default
    result = voices.classify(corpus, stance_model=stance)
    assert opened == [{"write": True, "create": False}]
    assert (result.classified, result.articles, result.stance_model) == (6, 0, stance.model_id)
    monkeypatch.undo()
    with Corpus.open(corpus) as c:
        stored = c.sql("SELECT count(*), count(DISTINCT stance_model) FROM predictions WHERE status = 'classified'"
                       ).fetchall()
        pinned = get_setting(c, "stance_model")
    assert stored == [(6, 1)]
    assert pinned == {"path": str(stance.path.resolve()), "model_id": stance.model_id}
