"""The raw files, guarded before any parser sees them: encoding detected (UTF-8, UTF-8 with BOM, GB18030), lines
longer than `MAX_LINE_BYTES` refused, GB18030 transcoded to UTF-8 for DuckDB, XLSX checked for zip bombs and formula
cells before python-calamine reads it, then written as a UTF-8 CSV so every source takes the same DuckDB path.

Nothing here parses CSV: DuckDB does (`formulas.load`); this module only streams bytes and checks limits.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

from cc_rules.base import errors

MAX_LINE_BYTES = 1024 * 1024  # DuckDB's max_line_size is set to the same
CHUNK = MAX_LINE_BYTES  # with chunks of the limit, only a chunk's first and last line can be longer than it
SNIFF_BYTES = 256 * 1024
XLSX_MAX_BYTES = 1024 * 1024 * 1024  # decompressed, all parts together
XLSX_MAX_RATIO = 100  # a part that decompresses more than this many times its stored size is a zip bomb
XLSX_RATIO_FROM = 8 * 1024 * 1024  # ...once it is larger than this (small XML parts compress very well)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_REF = re.compile(rb'<(?:\w+:)?c r="([A-Z]+[0-9]+)"[^>]*>\s*<(?:\w+:)?f[\s>/]')


@dataclasses.dataclass(frozen=True)
class Prepared:
    """A file ready for DuckDB: the UTF-8 (or UTF-8 with BOM) CSV, or the Parquet file, to read, and the encoding
    it was found in (`xlsx`, `parquet` for those)."""

    csv: Path
    encoding: str


def problem(key: str, shown: str, **params: object) -> errors.InputError:
    return errors.InputError([errors.Problem.of(key, file=shown, code="source", values=params)])


def prepare(path: Path, shown: str, encoding: str, sheet: str | None, workdir: Path, index: int) -> Prepared:
    """`path` as a UTF-8 CSV DuckDB can read, or an `InputError` saying why the file is refused."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        out = workdir / f"source-{index}.csv"
        xlsx_to_csv(path, shown, sheet, out)
        return Prepared(out, "xlsx")
    if path.suffix.lower() == ".parquet":  # typed and columnar: DuckDB reads it as it is
        return Prepared(path, "parquet")
    if path.suffix.lower() in (".xls", ".ods"):
        raise problem("builder.unsupported-format", shown, suffix=path.suffix)
    found = detect_encoding(path, shown) if encoding == "auto" else encoding
    check_lines(path, shown)
    if found in ("gb18030", "gbk"):
        out = workdir / f"source-{index}.csv"
        transcode(path, shown, found, out)
        return Prepared(out, found)
    return Prepared(path, found)


def detect_encoding(path: Path, shown: str) -> str:
    """UTF-8 with BOM by its mark; UTF-8 when the head decodes as UTF-8 (a character cut at the end is fine); else
    GB18030 (a superset of GBK and GB2312) when it decodes as that; else the file is refused."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for name in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(name)().decode(head, final=False)
            return name
        except UnicodeDecodeError:
            continue
    raise problem("builder.unknown-encoding", shown)


def check_lines(path: Path, shown: str) -> None:
    """Refuse a file with a line longer than `MAX_LINE_BYTES`, naming the line, before a parser buffers it."""
    last_newline = -1  # offset of the newline that ended the previous line
    offset = 0
    lines = 1
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            first = chunk.find(b"\n")
            end = offset + (first if first >= 0 else len(chunk))
            if end - last_newline - 1 > MAX_LINE_BYTES:
                raise problem("builder.line-too-long", shown, line=lines, limit=MAX_LINE_BYTES)
            if first >= 0:
                lines += chunk.count(b"\n")
                last_newline = offset + chunk.rfind(b"\n")
            offset += len(chunk)
    if offset - last_newline - 1 > MAX_LINE_BYTES:
        raise problem("builder.line-too-long", shown, line=lines, limit=MAX_LINE_BYTES)


def transcode(path: Path, shown: str, encoding: str, out: Path) -> None:
    """GB18030 → UTF-8, streamed; a byte sequence that is not GB18030 is refused with its line."""
    decoder = codecs.getincrementaldecoder("gb18030")()
    line = 1
    with open(path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(CHUNK):
            try:
                dst.write(decoder.decode(chunk))
            except UnicodeDecodeError as exc:
                at = line + chunk[: exc.start].count(b"\n")
                raise problem("builder.bad-bytes", shown, line=at, encoding=encoding) from None
            line += chunk.count(b"\n")
        dst.write(decoder.decode(b"", final=True))


def xlsx_to_csv(path: Path, shown: str, sheet: str | None, out: Path) -> None:
    """Check the workbook (zip bomb, formula cells), then write its sheet's values as a UTF-8 CSV."""
    sheet_parts = check_xlsx(path, shown)
    if not sheet_parts:
        raise problem("builder.not-xlsx", shown)
    from python_calamine import CalamineWorkbook  # imported here: only XLSX sources need it

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        name = sheet if sheet is not None else (names[0] if names else None)
        if name is None or name not in names:
            raise problem("builder.no-sheet", shown, sheet=sheet or "—", sheets=", ".join(names) or "—")
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except errors.InputError:
        raise
    except Exception as exc:  # calamine raises its own error types for a damaged workbook
        raise problem("builder.bad-xlsx", shown, reason=str(exc)[:200]) from None
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow([_cell(v) for v in row])


def check_xlsx(path: Path, shown: str) -> list[str]:
    """The workbook's worksheet parts, after streaming each part with a running byte count (a declared size can
    lie): more than `XLSX_MAX_BYTES` in all, or a part past `XLSX_MAX_RATIO`, is a zip bomb; a formula is refused
    (its cached value may be stale, and evidence is data, never something to evaluate)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise problem("builder.not-xlsx", shown) from None
    total = 0
    sheets: list[str] = []
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            if is_sheet:
                sheets.append(info.filename)
            size = 0
            tail = b""
            try:
                with archive.open(info) as part:
                    while chunk := part.read(CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if total > XLSX_MAX_BYTES or (
                                size > XLSX_RATIO_FROM and size > XLSX_MAX_RATIO * max(info.compress_size, 1)):
                            raise problem("builder.zip-bomb", shown, part=info.filename, limit=XLSX_MAX_BYTES,
                                          ratio=XLSX_MAX_RATIO)
                        if is_sheet:
                            window = tail + chunk
                            if _FORMULA.search(window):
                                ref = _CELL_REF.search(window)
                                cell = ref.group(1).decode() if ref else "?"
                                raise problem("builder.formula-cells", shown, part=info.filename, cell=cell)
                            tail = window[-256:]
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                raise problem("builder.not-xlsx", shown) from None
    return sheets


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)
