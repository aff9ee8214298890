"""`cc-rules evidence build`: the CDR computations against hand-computed expectations (edge rows included), the bad
row report and its limit, SOURCES.yaml errors at file:line, the merge with hand-written evidence."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from cc_rules.base import errors
from cc_rules.cli import main
from cc_rules.model import evidence
from cc_rules.tools.builder import run

HEADER = "通话ID,主叫号码,呼入时间,应答时间,挂断时间,坐席工号\n"
# Period 2026-05, service level within 20 s, short abandon under 5 s, FCR window 7 days. Row numbers as a
# spreadsheet shows them (the header is row 1).
CDR = HEADER + textwrap.dedent("""\
    c1,A,2026-05-01 08:00:00,2026-05-01 08:00:20,2026-05-01 08:05:20,a1
    c2,B,2026-05-01 08:01:00,2026-05-01 08:01:21,2026-05-01 08:02:21,a1
    c3,C,2026-05-01 08:02:00,,2026-05-01 08:02:04,
    c4,D,2026-05-01 08:03:00,,2026-05-01 08:03:05,
    c5,A,2026-05-08 08:00:00,2026-05-08 08:00:10,2026-05-08 08:01:10,a2
    c1,A,2026-05-09 08:00:00,2026-05-09 08:00:10,2026-05-09 08:01:10,a2
    c6,E,yesterday,,2026-05-09 08:01:10,
    c7,F,2026-04-30 23:59:59,,2026-05-01 00:00:30,
    c8,G,2026-05-03 08:00:00,2026-05-03 07:59:00,2026-05-03 08:01:00,a1
    c9,H,2026-05-03 09:00:00,,2026-05-03 08:59:00,
    c10,B,2026-05-02 08:00:00,2026-05-02 08:00:05,2026-05-02 08:00:35,a2
    """)
# rows 2-5, 6, 12 are valid: c1 (wait 20 s: within, the edge), c2 (21 s: not), c3 (abandoned after 4 s: short),
# c4 (abandoned after 5 s: not short, the edge), c5, c10. Row 7 repeats c1 (duplicate), row 8 cannot be read,
# row 9 arrived before the period (left out), row 10 was answered before it arrived, row 11 ended before it did.


def sources_yaml(extra: str = "", bad_pct: float = 50, cdr_params: str = "") -> str:
    return textwrap.dedent(f"""\
        format: cc-rules/sources@1
        organization: {{name: 测试银行, industry: banking, seats: 10}}
        period: {{start: 2026-05-01, end: 2026-05-31}}
        bad_rows_max_pct: {bad_pct}
        packs: [gbt43045, ccso]
        sources:
          - kind: cdr
            files: cdr.csv
        """) + textwrap.indent(cdr_params, "    ") + extra


def write(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return tmp_path / "SOURCES.yaml"


def facts_of(built: run.Built) -> dict[str, Any]:
    return {f.name: f.value for f in built.facts}


def test_cdr_facts_match_the_hand_computation(tmp_path: Path) -> None:
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(), "cdr.csv": CDR}))
    got = facts_of(built)
    assert got["contacts.voice.offered"] == 6
    assert got["contacts.voice.answered"] == 4
    assert got["contacts.voice.abandoned"] == 2
    assert got["contacts.voice.short_abandoned"] == 1  # c3 (4 s); c4 waited exactly 5 s: not short
    assert got["kpi.answer_rate"] == 66.67  # 4 / 6
    assert got["kpi.abandon_rate"] == 33.33  # 2 / 6
    assert got["ops.service_level_pct"] == 50.0  # c1 (20 s, the edge), c5 (10 s), c10 (5 s): 3 / 6
    assert got["kpi.asa_seconds"] == 14.0  # (20 + 21 + 10 + 5) / 4
    assert got["kpi.aht_seconds"] == 112.5  # (300 + 60 + 60 + 30) / 4: talk = end − answer
    # c1's customer calls again exactly 7 days later (a repeat), c2's the next day; c5 and c10 are last: 2 / 4
    assert got["business.first_contact_resolution_pct"] == 50.0
    assert got["channels.offered"] == ("voice",)


def test_service_level_excluding_short_abandons(tmp_path: Path) -> None:
    params = ("parameters:\n  service_level_denominator: {value: offered_excluding_short_abandons, "
              "reference: \"SLA §2\"}\n")
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(cdr_params=params), "cdr.csv": CDR}))
    assert facts_of(built)["ops.service_level_pct"] == 60.0  # 3 / (6 − 1)


def test_thresholds_are_parameters(tmp_path: Path) -> None:
    params = ("parameters:\n  service_level_seconds: {value: 10, reference: \"SLA §2\"}\n"
              "  short_abandon_seconds: {value: 6, interpretation: \"a ring cycle\"}\n"
              "  fcr_window_days: {value: 1, reference: \"FCR policy\"}\n")
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(cdr_params=params), "cdr.csv": CDR}))
    got = facts_of(built)
    assert got["ops.service_level_pct"] == 33.33  # c5 (10 s), c10 (5 s): 2 / 6
    assert got["contacts.voice.short_abandoned"] == 2  # c3 (4 s), c4 (5 s) under 6 s
    # within one day: c2 → c10 (23 h 59 min) is a repeat, c1 → c5 (7 days) is not: 3 / 4
    assert got["business.first_contact_resolution_pct"] == 75.0
    source = next(f for f in built.facts if f.name == "ops.service_level_pct")
    text = run.fact_source(source, {item.source.kind: item for item in built.loaded}, "en")
    assert "service_level_seconds = 10 (SLA §2)" in text


def test_bad_rows_are_counted_per_reason_with_their_rows(tmp_path: Path) -> None:
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(), "cdr.csv": CDR}))
    (item,) = built.loaded
    assert item.rows == 11 and item.valid == 6 and item.bad_rows == 4 and item.left_out == 1
    assert {c.reason: c.first for c in item.bad} == {
        "unparsable-time": (("cdr.csv", 8),), "answer-before-arrival": (("cdr.csv", 10),),
        "negative-duration": (("cdr.csv", 11),), "duplicate-id": (("cdr.csv", 7),)}
    assert {c.reason: c.first for c in item.excluded} == {"outside-period": (("cdr.csv", 9),)}
    assert not built.failures  # 4 of 11 is under the 50 % this SOURCES allows
    report = run.report(built, "en")
    assert "duplicate id (the first is kept): 1 (cdr.csv row 7)" in report
    assert "应答早于呼入：1（cdr.csv 第 10 行）" in run.report(built, "zh")


def test_first_five_rows_only(tmp_path: Path) -> None:
    rows = "".join(f"x{i},A,never,,2026-05-01 08:00:00,\n" for i in range(8))
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(bad_pct=100), "cdr.csv": CDR + rows}))
    (count,) = [c for c in built.loaded[0].bad if c.reason == "unparsable-time"]
    assert count.count == 9 and [r for _, r in count.first] == [8, 13, 14, 15, 16]


def test_more_bad_rows_than_allowed_fails_with_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, {"SOURCES.yaml": sources_yaml(bad_pct=1), "cdr.csv": CDR})
    result = CliRunner().invoke(main, ["evidence", "build", str(path), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "SOURCES.yaml:7" in result.output and "4 bad rows of 11 (36.36 %)" in result.output
    assert "more than the limit of 1 %" in result.output


def test_malformed_rows_are_bad_rows_with_their_line(tmp_path: Path) -> None:
    extra = "c11,I,2026-05-04 08:00:00,,2026-05-04 08:00:09,,surplus\n"
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(), "cdr.csv": CDR + extra}))
    (item,) = built.loaded
    assert {c.reason: c.first for c in item.bad}["malformed-row"] == (("cdr.csv", 13),)
    assert item.rows == 12 and item.files[0].last_row == 13


def test_rows_after_a_malformed_row_keep_their_numbers(tmp_path: Path) -> None:
    text = HEADER + "m1,A,2026-05-04 08:00:00,,x,,surplus\nm2,A,never,,2026-05-04 08:00:09,\n"
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(bad_pct=100), "cdr.csv": text}))
    assert {c.reason: c.first for c in built.loaded[0].bad} == {
        "malformed-row": (("cdr.csv", 2),), "unparsable-time": (("cdr.csv", 3),)}


def test_the_evidence_file_cites_file_rows_and_formula(tmp_path: Path) -> None:
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(), "cdr.csv": CDR}))
    out = tmp_path / "evidence.yaml"
    out.write_text(built.text, encoding="utf-8")
    ev = evidence.load(out)  # valid evidence
    fact = next(f for f in ev.facts if f.name == "ops.service_level_pct")
    assert fact.value == 50.0 and fact.date == "2026-05-31"
    assert fact.source == ("cdr.csv rows 2–12 (11 rows: 6 used, 4 bad, 1 left out): service level = answered within "
                           "20 s / offered = 3 / 6 = 50.0 % [service_level_seconds = 20 (default); "
                           "service_level_denominator = offered (default); short_abandon_seconds = 5 (default)]")
    assert ev.organization_name == "测试银行" and ev.packs == ("gbt43045", "ccso")


def test_zh_sources(tmp_path: Path) -> None:
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml(), "cdr.csv": CDR}), "zh")
    fact = next(f for f in built.facts if f.name == "kpi.answer_rate")
    text = run.fact_source(fact, {i.source.kind: i for i in built.loaded}, "zh")
    assert text == ("cdr.csv 第 2–12 行（共 11 行，采用 6 行，坏行 4，期外或排除 1）："
                    "接通率 = 接通量 ÷ 呼入量 = 4 ÷ 6 = 66.67%")


def test_built_evidence_assesses_against_both_packs(tmp_path: Path) -> None:
    path = write(tmp_path, {"SOURCES.yaml": sources_yaml(), "cdr.csv": CDR})
    out = tmp_path / "evidence.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["evidence", "build", str(path), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    for pack in ("gbt43045", "ccso"):
        assessed = runner.invoke(main, ["assess", str(out), "--pack", pack, "--format", "json"])
        assert assessed.exit_code == 0, assessed.output


# --- merging hand-written evidence ---------------------------------------------------------------------------------

HAND = textwrap.dedent("""\
    format: cc-rules/evidence@1
    organization: {name: 测试银行}
    assessment: {date: 2026-05-31}
    facts:
      platform: {system_integration: {value: true, source: 系统集成验收报告 2025}}
      strategy.positioning: service_leader
    """)


def test_hand_written_facts_are_merged_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, {"SOURCES.yaml": sources_yaml(extra="merge: [hand.yaml]\n"), "cdr.csv": CDR,
                            "hand.yaml": HAND})
    built = run.build(path)
    facts = yaml.safe_load(built.text)["facts"]
    assert facts["platform.system_integration"] == {"value": True, "source": "系统集成验收报告 2025"}
    assert facts["strategy.positioning"] == "service_leader"
    assert facts["kpi.answer_rate"]["value"] == 66.67


def test_a_computed_fact_never_overrides_a_hand_written_one(tmp_path: Path) -> None:
    hand = HAND + "  kpi: {answer_rate: 97.5}\n"
    path = write(tmp_path, {"SOURCES.yaml": sources_yaml(extra="merge: [hand.yaml]\n"), "cdr.csv": CDR,
                            "hand.yaml": hand})
    with pytest.raises(errors.InputError) as caught:
        run.build(path)
    problem = caught.value.problems[0]
    assert problem.code == "conflict" and problem.file is not None and problem.file.endswith("hand.yaml")
    assert problem.line == 7 and "kpi.answer_rate" in problem.text() and "answered / offered" in problem.text()
    result = CliRunner().invoke(main, ["evidence", "build", str(path), "--lang", "en"])
    assert result.exit_code == 2 and "hand.yaml:7" in result.output
    assert "SOURCES.yaml computes (cdr.csv rows 2–12" in result.output


# --- SOURCES.yaml problems at file:line ------------------------------------------------------------------------------

@pytest.mark.parametrize("edit, line, text", [
    (("kind: cdr", "kind: cdrs"), 7, '"cdrs"'),
    (("files: cdr.csv", "files: nothing-*.csv"), 8, "no file matches nothing-*.csv"),
    (("files: cdr.csv", "files: cdr.csv\n    columns: {arival: 呼入时间}"), 9, "no canonical column arival"),
    (("files: cdr.csv", "files: cdr.csv\n    parameters: {service_level_seconds: {value: 20}}"), 9, "reference"),
    (("files: cdr.csv", "files: cdr.csv\n    parameters: {sla_seconds: {value: 20, reference: x}}"), 9,
     "no parameter sla_seconds"),
    (("files: cdr.csv", "files: cdr.csv\n    parameters: {service_level_seconds: {value: -1, reference: x}}"), 9,
     "a number, zero or more"),
    (("end: 2026-05-31", "end: 2026-04-30"), 3, "before it starts"),
])
def test_sources_problems_name_file_and_line(tmp_path: Path, edit: tuple[str, str], line: int, text: str) -> None:
    path = write(tmp_path, {"SOURCES.yaml": sources_yaml().replace(*edit), "cdr.csv": CDR})
    with pytest.raises(errors.InputError) as caught:
        run.build(path)
    problem = caught.value.problems[0]
    assert (Path(problem.file or "").name, problem.line) == ("SOURCES.yaml", line), problem.render()
    assert text in problem.render()


def test_a_missing_column_names_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, {"SOURCES.yaml": sources_yaml(), "cdr.csv": CDR.replace("呼入时间", "时间")})
    result = CliRunner().invoke(main, ["evidence", "build", str(path), "--lang", "en"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cdr.csv" in result.output and "the required column arrival is missing" in result.output
    assert "通话ID, 主叫号码, 时间" in result.output


def test_columns_can_be_mapped(tmp_path: Path) -> None:
    text = CDR.replace("呼入时间", "进线时刻")
    edit = ("files: cdr.csv", "files: cdr.csv\n    columns: {arrival: 进线时刻}")
    built = run.build(write(tmp_path, {"SOURCES.yaml": sources_yaml().replace(*edit), "cdr.csv": text}))
    assert facts_of(built)["contacts.voice.offered"] == 6


def test_parquet_gives_the_same_facts(tmp_path: Path) -> None:
    import duckdb

    (tmp_path / "cdr.csv").write_text(CDR, encoding="utf-8")
    con = duckdb.connect()
    con.read_csv(str(tmp_path / "cdr.csv"), all_varchar=True).write_parquet(str(tmp_path / "cdr.parquet"))
    con.close()
    (tmp_path / "cdr.csv").unlink()
    path = write(tmp_path, {"SOURCES.yaml": sources_yaml().replace("cdr.csv", "cdr.parquet")})
    built = run.build(path)
    got = facts_of(built)
    assert (got["ops.service_level_pct"], got["kpi.asa_seconds"], got["business.first_contact_resolution_pct"]) == (
        50.0, 14.0, 50.0)
    item = built.loaded[0]
    # no header row: the first record is row 1, so each reason's row is one less than in the CSV
    assert {c.reason: c.first for c in item.bad}["duplicate-id"] == (("cdr.parquet", 6),)
    assert item.files[0].last_row == 11
