"""Hashes of everything ``voices classify FILES`` and its reports produce, to show a speed change alters no output.

    python benchmarks/snapshot_outputs.py --data DIR [--src SRC] [--keep DIR] > hashes.txt

Runs, each as its own ``python -m voices`` process (``--src`` picks the code, default this
checkout's ``src``): ``classify FILES`` into a new corpus, then ``report --format json``,
``csv``, ``md --no-redact`` and ``table``. Prints one line per output: a SHA-256 of
classify's stdout and stderr, of every report, and of every corpus table's rows sorted.
Left out, because they differ between two runs of the same code: TIMESTAMP columns, the
``secrets`` table (the corpus's random key; the runs fix it anyway, see below), dates and
times written into reports, and the seconds in classify's messages. Two checkouts compared
with ``diff`` of their outputs must agree line for line.

The corpus's redaction key is random; the runs fix it (32 bytes of 0x01) so keyed ids in
reports are the same from run to run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The CLI with the corpus key fixed (the key is the only random input of these commands).
_RUN = ("import sys, types, voices.store.secrets as s; "
        "s.os = types.SimpleNamespace(urandom=lambda n: b'\\x01' * n); "
        "from voices.cli import main; sys.argv[0] = 'voices'; main()")
# Dates and times a report prints (when it was made); masked, not hashed.
_WHEN = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
_SECONDS = re.compile(r"\d+(\.\d+)? ?s\b")


def _voices(src: Path, args: list[str], cwd: Path) -> tuple[bytes, bytes, int]:
    env = dict(os.environ, PYTHONPATH=str(src), COLUMNS="110", TERM="dumb", NO_COLOR="1")
    done = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, env=env, cwd=cwd)
    return done.stdout, done.stderr, done.returncode


def _digest(data: bytes, mask_when: bool = True, mask_seconds: bool = False) -> str:
    text = data.decode("utf-8", "replace")
    if mask_when:
        text = _WHEN.sub("<when>", text)
    if mask_seconds:
        text = _SECONDS.sub("<s>", text)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _tables(corpus: Path) -> list[tuple[str, str]]:
    import duckdb

    con = duckdb.connect(str(corpus), read_only=True)
    out = []
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                       "ORDER BY table_name").fetchall()]
    for name in names:
        if name == "secrets":
            continue
        cols = [(c, t) for c, t, *_ in con.execute(f'DESCRIBE "{name}"').fetchall()
                if "TIMESTAMP" not in t.upper()]
        select = ", ".join(f'"{c}"' for c, _ in cols)
        rows = sorted(repr(r) for r in con.execute(f'SELECT {select} FROM "{name}"').fetchall())
        h = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
        out.append((f"table {name} ({len(rows)} rows, {len(cols)} columns)", h))
    con.close()
    return out


def snapshot(data: Path, src: Path, keep: Path | None = None) -> list[tuple[str, str]]:
    """(what, hash) for classify's output, each report and each corpus table."""
    files = sorted(str(p) for p in data.iterdir() if p.suffix in {".txt", ".csv"})
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "c.duckdb"
        lines = []
        out, err, code = _voices(src, ["classify", *files, "--corpus", str(corpus)], work)
        lines += [("classify exit", str(code)), ("classify stdout", _digest(out)),
                  ("classify stderr", _digest(err, mask_seconds=True))]
        for fmt in (["--format", "json"], ["--format", "csv"], ["--format", "md", "--no-redact"],
                    ["--format", "table"]):
            out, err, code = _voices(src, ["report", *fmt, "--corpus", str(corpus)], work)
            name = " ".join(fmt[1:])
            lines += [(f"report {name} exit", str(code)), (f"report {name} stdout ({len(out)} bytes)", _digest(out)),
                      (f"report {name} stderr", _digest(err, mask_seconds=True))]
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"report-{fmt[1]}.out").write_bytes(out)
        lines += _tables(corpus)
        return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--src", type=Path, default=HERE.parent / "src")
    parser.add_argument("--keep", type=Path, help="also write the reports into this folder")
    args = parser.parse_args()
    for what, h in snapshot(args.data, args.src.resolve(), args.keep):
        print(f"{h}  {what}")


if __name__ == "__main__":
    main()
