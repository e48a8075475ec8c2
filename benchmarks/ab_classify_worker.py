"""CPU of a classify worker's whole job, old code against this checkout's, alternating in one process.

    git archive OLD src | tar -x -C /tmp/old
    PYTHONPATH=src python benchmarks/ab_classify_worker.py --old /tmp/old/src --corpus C.duckdb [--rounds 6]

Loads ``voices/classify.py`` and ``voices/language.py`` of ``--old`` beside this checkout's
(everything else is shared), checks that ``_tag_for_store`` gives equal frames on every
batch of 2,000 of the corpus's texts, then times each code's pass over all of them (CPU
seconds, preprocessing, language check, both models and the JSON columns), alternating
which goes first. On a shared machine only such same-process, same-minute pairs show
cuts of a few per cent. The old code must be from before ``voices.classify`` became a
package (one file): a package's parts would be imported from this checkout.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    import duckdb
    import pandas as pd

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the old code's src folder")
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus whose texts to classify")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    new = importlib.import_module("voices.classify")
    if not (args.old / "voices" / "classify.py").is_file():
        raise SystemExit(f"no voices/classify.py under {args.old}: give --old a tree where classify is one file")
    old = _load(args.old / "voices" / "classify.py", "old_classify")
    old_language = _load(args.old / "voices" / "language.py", "old_language")
    old.detect_language = old_language.detect_language
    con = duckdb.connect(str(args.corpus), read_only=True)
    texts = [r[0] for r in con.execute("SELECT text FROM documents ORDER BY id").fetchall()]
    con.close()
    models = new.load_models()
    new._load_for_workers()
    old_language.load_identifier()
    frames = [pd.DataFrame({"kind": "comment", "text": texts[s:s + 2000], "prepared": None})
              for s in range(0, len(texts), 2000)]
    for frame in frames:  # warms every cache once, and checks the outputs agree
        pd.testing.assert_frame_equal(old._tag_for_store(models, frame), new._tag_for_store(models, frame))
    for i in range(args.rounds):
        for name, module in (("old", old), ("new", new)) if i % 2 == 0 else (("new", new), ("old", old)):
            start = time.process_time()
            for frame in frames:
                module._tag_for_store(models, frame)
            print(f"{name} {time.process_time() - start:.3f}", end="; ", flush=True)
    print()


if __name__ == "__main__":
    main()
