"""The files themselves: encodings detected (UTF-8, UTF-8 with BOM, GB18030/GBK), XLSX read, and hostile files (a
huge line, a zip bomb, formula cells) refused with a clear message before any parser buffers them."""

from __future__ import annotations

import importlib.util
import textwrap
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from cc_rules.base import errors
from cc_rules.cli import main
from cc_rules.tools.builder import files, run

ROOT = Path(__file__).resolve().parents[2]
SURVEY_ROWS: list[list[object]] = [["评价ID", "满意度"], ["r1", "非常满意"], ["r2", 5], ["r3", "满意"], ["r4", "一般"]]


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "examples" / "data" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sources(tmp_path: Path, kind: str, name: str, extra: str = "") -> Path:
    path = tmp_path / "SOURCES.yaml"
    path.write_text(textwrap.dedent(f"""\
        format: cc-rules/sources@1
        organization: {{name: 测试银行}}
        period: {{start: 2026-01-01, end: 2026-06-30}}
        sources:
          - kind: {kind}
            files: {name}
        """) + textwrap.indent(extra, "    "), encoding="utf-8")
    return path


def survey_counts(built: run.Built) -> list[object]:
    got = {f.name: f.value for f in built.facts}
    return [got[f"satisfaction.survey.{c}"] for c in ("very_satisfied", "satisfied", "neutral")]


SURVEY_CSV = "评价ID,满意度\nr1,非常满意\nr2,5\nr3,满意\nr4,一般\n"


@pytest.mark.parametrize("encoding, declared", [
    ("utf-8", None), ("utf-8-sig", None), ("gb18030", None), ("gbk", None), ("gbk", "gbk"), ("utf-8", "utf-8")])
def test_encodings(tmp_path: Path, encoding: str, declared: str | None) -> None:
    (tmp_path / "survey.csv").write_bytes(SURVEY_CSV.encode(encoding))
    built = run.build(sources(tmp_path, "survey", "survey.csv", f"encoding: {declared}\n" if declared else ""))
    assert survey_counts(built) == [2, 1, 1]


@pytest.mark.parametrize("raw, found", [
    ("满意".encode(), "utf-8"), (b"\xef\xbb\xbf" + "满意".encode(), "utf-8-sig"), ("满意".encode("gbk"), "gb18030"),
    ("满意".encode()[:-1], "utf-8"),  # a character cut at the end of the sample is still UTF-8
])
def test_detect_encoding(tmp_path: Path, raw: bytes, found: str) -> None:
    (tmp_path / "f.csv").write_bytes(raw)
    assert files.detect_encoding(tmp_path / "f.csv", "f.csv") == found


def test_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    (tmp_path / "survey.csv").write_bytes(SURVEY_CSV.encode("utf-16"))
    result = CliRunner().invoke(main, ["evidence", "build", str(sources(tmp_path, "survey", "survey.csv")),
                                       "--lang", "en"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "survey.csv" in result.output and "neither UTF-8 nor GB18030/GBK" in result.output


def test_a_huge_line_is_refused_with_its_line(tmp_path: Path) -> None:
    text = SURVEY_CSV + "r5," + "满" * (files.MAX_LINE_BYTES // 3 + 10) + "\nr6,满意\n"
    (tmp_path / "survey.csv").write_text(text, encoding="utf-8")
    with pytest.raises(errors.InputError) as caught:
        run.build(sources(tmp_path, "survey", "survey.csv"))
    problem = caught.value.problems[0]
    assert problem.code == "source" and problem.file == "survey.csv"
    assert problem.text() == f"line 6 is longer than the limit of {files.MAX_LINE_BYTES} bytes; the file is refused " \
                             "(not an ordinary export)"


def test_a_huge_last_line_without_newline_is_refused(tmp_path: Path) -> None:
    (tmp_path / "survey.csv").write_bytes(b"a,b\n" + b"x" * (files.MAX_LINE_BYTES + 1))
    with pytest.raises(errors.InputError, match="line 2 is longer"):
        files.check_lines(tmp_path / "survey.csv", "survey.csv")


def test_a_line_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_bytes(b"x" * files.MAX_LINE_BYTES + b"\n" + b"y" * files.MAX_LINE_BYTES)
    files.check_lines(tmp_path / "f.csv", "f.csv")


def test_xlsx_is_read(tmp_path: Path) -> None:
    generator().write_xlsx(tmp_path / "survey.xlsx", "评价", SURVEY_ROWS)
    built = run.build(sources(tmp_path, "survey", "survey.xlsx", "sheet: 评价\n"))
    assert survey_counts(built) == [2, 1, 1]
    assert built.loaded[0].files[0].last_row == 5


def test_a_missing_sheet_names_the_sheets(tmp_path: Path) -> None:
    generator().write_xlsx(tmp_path / "survey.xlsx", "评价", SURVEY_ROWS)
    with pytest.raises(errors.InputError, match="has no sheet 问卷; it has: 评价"):
        run.build(sources(tmp_path, "survey", "survey.xlsx", "sheet: 问卷\n"))


def rewrite_sheet(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(old.encode(), new.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formula_cells_are_refused(tmp_path: Path) -> None:
    generator().write_xlsx(tmp_path / "survey.xlsx", "评价", SURVEY_ROWS)
    rewrite_sheet(tmp_path / "survey.xlsx", '<c r="B3"><v>5</v></c>', '<c r="B3"><f>2+3</f><v>5</v></c>')
    result = CliRunner().invoke(main, ["evidence", "build", str(sources(tmp_path, "survey", "survey.xlsx")),
                                       "--lang", "en"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "survey.xlsx" in result.output and "formula cells (the first at B3)" in result.output


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    generator().write_xlsx(tmp_path / "survey.xlsx", "评价", SURVEY_ROWS)
    padding = " " * (files.XLSX_RATIO_FROM + 1024 * 1024)  # compresses about a thousand times
    rewrite_sheet(tmp_path / "survey.xlsx", "</sheetData>", "</sheetData>" + padding)
    with pytest.raises(errors.InputError, match="a zip bomb, refused"):
        run.build(sources(tmp_path, "survey", "survey.xlsx"))


def test_a_workbook_past_the_total_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generator().write_xlsx(tmp_path / "survey.xlsx", "评价", SURVEY_ROWS)
    monkeypatch.setattr(files, "XLSX_MAX_BYTES", 1000)
    with pytest.raises(errors.InputError, match="zip bomb"):
        run.build(sources(tmp_path, "survey", "survey.xlsx"))


@pytest.mark.parametrize("name, content, text", [
    ("survey.xlsx", b"not a zip", "not a readable XLSX workbook"),
    ("survey.xls", b"\xd0\xcf\x11\xe0", ".xls files are not read"),
    ("survey.csv", b"", "the file is empty"),
])
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, text: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(errors.InputError, match=text):
        run.build(sources(tmp_path, "survey", name))
