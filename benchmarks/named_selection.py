"""How long ``delete``'s selection takes when it also reads a rule-1 name or id column (``erasure._selection``).

A rule-1 consultation keeps "Your name (optional)" and "respondent_id" as attributes, so ``delete --author`` and
``--respondent`` read them (``export_kept.named_sql``): JSON per row. This times one count over a table of
``--rows`` row-numbered answers, half without an author, by the stored columns alone and by ``_selection``.

    .venv/bin/python benchmarks/named_selection.py --rows 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    import duckdb

    from voices.store.erasure import _selection

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    con = duckdb.connect()
    con.execute(f"""CREATE TABLE documents AS SELECT 'd' || i AS id, 's1' AS source_id, 'row-' || (i + 2) AS respondent_id,
        CASE WHEN i % 2 = 0 THEN NULL ELSE 'Person ' || i END AS author,
        '{{"respondent_id": "R' || i || '", "Your name (optional)": "Name ' || i || '", "Region": "North"}}' AS attributes
        FROM range({rows}) t(i)""")
    for label, (cond, values) in [("respondent as stored", ("respondent_id = ?", ["R778"])),
                                  ("respondent as named", _selection(None, "R778", None, None)),
                                  ("author as stored", ("lower(author) = lower(?)", ["name 778"])),
                                  ("author as named", _selection(None, None, " name  778", None))]:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            n = con.execute(f"SELECT count(*) FROM documents WHERE {cond}", values).fetchall()[0][0]
            best = min(best, time.perf_counter() - start)
        print(f"{label}: {n} match, best of 3 {best:.3f} s over {rows:,} rows")


if __name__ == "__main__":
    main()
