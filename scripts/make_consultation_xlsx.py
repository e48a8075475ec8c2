"""Write corpora/samples/consultation.xlsx from consultation.csv (the same responses).

The XLSX is what a consultation platform's "download as Excel" gives: one sheet,
the header row, then one row per respondent, multi-line answers kept in their
cells. Run it after editing the CSV:

    .venv/bin/python scripts/make_consultation_xlsx.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"


def main(src: Path = SAMPLES / "consultation.csv", dst: Path = SAMPLES / "consultation.xlsx") -> None:
    with open(src, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    book = Workbook()
    sheet = book.active
    sheet.title = "Responses"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    # fixed workbook metadata, so regenerating gives the same content
    book.properties.creator = "voices samples"
    book.save(dst)
    sys.stderr.write(f"wrote {dst} ({len(rows) - 1} responses)\n")


if __name__ == "__main__":
    main()
