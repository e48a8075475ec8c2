"""Each file's loader is freed when the file is done, not left to the cyclic collector.

A bound method of the loader in its own ReadContext (the id-rule lookup) made a cycle:
loader -> ctx -> loader. Every file's loader, with its batch and records, then waited for
a full collection, and ingest's peak grew with the corpus: 1M comments took 2.6 GB
against 1.5 GB before (``benchmarks/run_all.py --comments 1000000``).
"""

from __future__ import annotations

import gc

from voices.ingest import file_loader


def test_no_file_loader_outlives_its_file_without_the_cyclic_collector(tmp_path, monkeypatch):
    import voices.api as api

    made = []
    real = file_loader.FileLoader.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        made.append(id(self))

    monkeypatch.setattr(file_loader.FileLoader, "__init__", spy)
    for k in range(3):
        (tmp_path / f"t{k}.csv").write_text(
            "id,text,author\n" + "".join(f"c{k}-{i},Comment number {i} of file {k} says caseloads are high.,A{i}\n"
                                         for i in range(5)), encoding="utf-8")
    gc.collect()
    gc.disable()
    try:
        api.ingest([tmp_path / f"t{k}.csv" for k in range(3)], corpus=tmp_path / "c.duckdb")
        alive = [o for o in gc.get_objects() if isinstance(o, file_loader.FileLoader)]
    finally:
        gc.enable()
    assert len(made) == 3
    assert alive == []
