"""Small hostile input files, built in code (issue 10: denial of service from small files).

Used by ``tests/test_hostile_inputs.py`` and ``benchmarks/hostile_inputs.py``. Each
builder writes one file and returns its path; none is over 1 MB.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BOOK_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_SST_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _row(number: int, values: list[str]) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


HEADER_AND_ANSWER = (_row(1, ["Respondent ID", "Your views"])
                     + _row(2, ["R1", "Leaders should have held cases themselves before they lead."]))


def workbook(path: Path, rows: str = HEADER_AND_ANSWER, dimension: str = "A1:B2",
             shared_strings: str | None = None, padding: int = 0) -> Path:
    """An XLSX file with one sheet; ``padding`` spaces of whitespace before the rows."""
    shared_ct = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_CT}"/>' if shared_strings else ""
    shared_rel = (f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
                  if shared_strings else "")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   f'<?xml version="1.0"?><Types xmlns="{_PKG}/content-types">'
                   f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   f'<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{_BOOK_CT}"/>'
                   f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_CT}"/>{shared_ct}</Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{_PKG}/relationships">'
                   f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{_NS}" xmlns:r="{_REL}">'
                   '<sheets><sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{_PKG}/relationships">'
                   f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'{shared_rel}</Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{_NS}"><dimension ref="{dimension}"/>'
                        '<sheetData>'.encode())
            chunk = b" " * (1 << 20)
            for _ in range(padding >> 20):
                sheet.write(chunk)
            sheet.write(f"{rows}</sheetData></worksheet>".encode())
        if shared_strings:
            z.writestr("xl/sharedStrings.xml", shared_strings)
    return path


def dimension_bomb(path: Path) -> Path:
    """A few KB whose dimension claims every cell Excel has (A1:XFD1048576)."""
    return workbook(path, HEADER_AND_ANSWER + _row(3, ["R2", "Pay is the issue."]), "A1:XFD1048576")


def far_row_bomb(path: Path) -> Path:
    """A row numbered a trillion: readers that fill the gap with empty rows never finish."""
    return workbook(path, HEADER_AND_ANSWER + '<row r="999999999999"><c r="A999999999999" t="inlineStr">'
                    '<is><t>x</t></is></c></row>')


def whitespace_bomb(path: Path) -> Path:
    """Under 1 MB packed, 900 MB of whitespace unpacked."""
    return workbook(path, padding=900 << 20)


def shared_strings_bomb(path: Path, count: int = 3_000_000) -> Path:
    """Millions of one-letter shared strings (about 130 KB packed)."""
    strings = f'<?xml version="1.0"?><sst xmlns="{_NS}">' + "<si><t>x</t></si>" * count + "</sst>"
    return workbook(path, shared_strings=strings)


def wide_row_bomb(path: Path, rows: int = 150_000) -> Path:
    """Each row has a cell in the last column (XFD): 16,384 cells a row once padded."""
    far = '<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook(path, HEADER_AND_ANSWER + "".join(far.format(n=n) for n in range(3, rows + 3)))


def nested_html_page(path: Path, depth: int) -> Path:
    """A saved WordPress page whose reply chain is ``depth`` comments deep."""
    opened = "".join(
        f'<li class="comment" id="comment-{i}"><div class="comment-body"><div class="comment-author">'
        f'<b class="fn">Reader {i}</b></div><div class="comment-content"><p>Reply {i}: caseloads.</p>'
        f'</div></div><ol class="children">' for i in range(1, depth + 1))
    path.write_text('<!doctype html><html><head><title>Leadership</title></head><body>'
                    '<h1 class="entry-title">Leadership</h1><ol class="comment-list">'
                    f'{opened}{"</ol></li>" * depth}</ol></body></html>', encoding="utf-8")
    return path


def nested_tags_page(path: Path, depth: int) -> Path:
    """A saved WordPress page with one comment whose text sits ``depth`` tags deep."""
    path.write_text('<!doctype html><html><body><ol class="comment-list"><li class="comment" id="comment-1">'
                    '<div class="comment-body"><div class="comment-content">'
                    + "<div><span>" * depth + "Deep in the markup: supervision matters."
                    + "</span></div>" * depth + "</div></div></li></ol></body></html>", encoding="utf-8")
    return path


BUILDERS = {
    "xlsx dimension A1:XFD1048576": dimension_bomb,
    "xlsx row numbered a trillion": far_row_bomb,
    "xlsx 900 MB whitespace": whitespace_bomb,
    "xlsx 3M shared strings": shared_strings_bomb,
    "xlsx 150k rows reaching column XFD": wide_row_bomb,
}


def skops_naming_os_system(model_dir: Path) -> str:
    """Rewrite ``model_dir/model.skops`` so its schema's top object is ``os.system``; return the file's new sha256
    (what someone tampering with the folder writes into ``meta.json`` as its ``model_id``)."""
    path = model_dir / "model.skops"
    with zipfile.ZipFile(path) as src:
        schema = json.loads(src.read("schema.json"))
        schema["__module__"], schema["__class__"] = "os", "system"
        members = [(info, json.dumps(schema) if info.filename == "schema.json" else src.read(info))
                   for info in src.infolist()]
    with zipfile.ZipFile(model_dir / "evil.skops", "w") as dst:
        for info, data in members:
            dst.writestr(info, data)
    (model_dir / "evil.skops").replace(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()
