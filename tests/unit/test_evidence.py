"""cc_rules.model.evidence: flattening, sources, binding to a pack (types, ranges, allowed values), reviewers,
benchmarks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from cc_rules.assess import bind
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.io import loading
from cc_rules.model import evidence, packs

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"

HEAD = """\
format: cc-rules/evidence@1
organization: {name: 示例银行, industry: banking, seats: 100}
assessment: {date: 2025-06-30, mode: self}
"""


def ev(text: str) -> evidence.Evidence:
    doc = loading.parse_document(text.encode("utf-8"), "e.yaml")
    return evidence.from_document(doc, hashlib.sha256(doc.text.encode()).hexdigest())


def constructs(day: dt.date = dt.date(2025, 6, 30)) -> compiler.CompiledPack:
    return compiler.compile_pack(packs.load(CONSTRUCTS), day)


def bind_problem(facts_yaml: str) -> errors.Problem:
    with pytest.raises(errors.EvidenceError) as info:
        bind.bind(ev(HEAD + facts_yaml), constructs())
    assert len(info.value.problems) == 1, info.value.render()
    return info.value.problems[0]


def test_facts_are_flattened_with_sources_and_locations() -> None:
    e = ev(HEAD + """\
facts:
  a:
    int: 12
    list: [voice, video]
    flag: {value: true, source: "board minutes p. 3", date: 2025-01-10}
  a.text: dotted key
reviews:
  i.ce: {met: true, reviewer: 李四, reason: 已审批}
""")
    by_name = {f.name: f for f in e.facts}
    assert sorted(by_name) == ["a.flag", "a.int", "a.list", "a.text", "organization.industry", "organization.seats",
                               "review.i.ce"]
    assert by_name["a.int"].value == 12 and by_name["a.int"].line == 6 and by_name["a.int"].path == "$.facts.a.int"
    assert by_name["a.list"].value == ("voice", "video")
    flag = by_name["a.flag"]
    assert (flag.value, flag.source, flag.date, flag.line) == (True, "board minutes p. 3", "2025-01-10", 8)
    assert by_name["organization.seats"].value == 100 and by_name["organization.seats"].path == "$.organization.seats"
    review = by_name["review.i.ce"]
    assert review.value is True and review.source == "review by 李四: 已审批" and review.path == "$.reviews.i.ce"
    assert e.date == dt.date(2025, 6, 30) and e.first_date == e.date and e.mode == "self"
    assert e.organization() == {"name": "示例银行", "industry": "banking", "seats": 100}


def test_load_from_file_hashes_the_text(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(HEAD + "facts: {}\n", encoding="utf-8")
    e = evidence.load(path)
    assert e.file == str(path) and e.sha256 == hashlib.sha256((HEAD + "facts: {}\n").encode()).hexdigest()


def test_schema_problems_stop_loading() -> None:
    with pytest.raises(errors.SchemaError):
        ev(HEAD.replace("mode: self", "mode: audit") + "facts: {}\n")


def test_bind_keeps_good_facts_and_adds_benchmarks() -> None:
    facts = bind.bind(ev(HEAD + "facts:\n  a: {int: 12.0, num: 3, flag: false, kind: z, list: []}\n"), constructs())
    values = facts.values()
    assert values["a.int"] == 12.0 and values["a.num"] == 3 and values["a.flag"] is False
    # pack data: video offered by 6 of 10 > 0.5 → baseline
    assert values["benchmarks.baseline_channels"] == ("video",)
    source = facts.get("benchmarks.baseline_channels").source  # type: ignore[union-attr]
    assert source is not None and "pack data constructs/data/benchmarks.yaml" in source


def test_evidence_may_override_the_benchmarks() -> None:
    text = (HEAD + "facts: {}\nbenchmarks:\n"
            "  banking: {year: 2024, source: own survey, surveyed: 10, offering: {video: 2, email: 9}}\n")
    bound = bind.bind(ev(text), constructs())
    assert bound.values()["benchmarks.baseline_channels"] == ("email",)
    source = bound.get("benchmarks.baseline_channels").source  # type: ignore[union-attr]
    assert source is not None and source.startswith("self-supplied benchmark (evidence): own survey (2024")


def test_unknown_industry_has_no_baseline_channels() -> None:
    """No survey for the industry: the baseline is unknown (never an empty list, which would make every baseline
    check met), and explanations say why in its place."""
    bound = bind.bind(ev(HEAD.replace("banking", "retail") + "facts: {}\n"), constructs())
    assert "benchmarks.baseline_channels" not in bound.values()
    why = dict(bound.unknown_why)["benchmarks.baseline_channels"]
    assert why.en == "no industry benchmark for retail: supply `benchmarks:` with its source"
    assert "retail" in why.zh and "benchmarks:" in why.zh


def test_a_supplied_benchmark_must_cite_source_and_year() -> None:
    text = HEAD + "facts: {}\nbenchmarks:\n  banking: {surveyed: 10, offering: {video: 2}}\n"
    with pytest.raises(errors.InputError) as caught:
        ev(text)
    assert "year" in caught.value.render("en") and "source" in caught.value.render("en")


def test_certification_keeps_the_packs_survey() -> None:
    """In certification mode a self-supplied benchmark cannot replace the pack's survey for the industry."""
    text = (HEAD.replace("mode: self", "mode: certification")
            + "facts: {}\nbenchmarks:\n  banking: {year: 2021, source: own, surveyed: 10, offering: {email: 9}}\n")
    bound = bind.bind(ev(text), constructs())
    assert bound.values()["benchmarks.baseline_channels"] == ("video",)
    assert "pack data" in (bound.get("benchmarks.baseline_channels").source or "")  # type: ignore[union-attr]


def test_a_survey_applies_only_from_its_year() -> None:
    """The 2021 survey is not used for an assessment dated 2020: the baseline is unknown then, with the reason."""
    compiled = constructs()
    early = ev(HEAD.replace("2025-06-30", "2020-06-30") + "facts: {}\n")
    bound = bind.bind(early, dataclasses.replace(compiled, as_of=dt.date(2020, 6, 30)))
    assert "benchmarks.baseline_channels" not in bound.values()
    assert "2021" in dict(bound.unknown_why)["benchmarks.baseline_channels"].en


@pytest.mark.parametrize("facts_yaml, code, expected, got", [
    ("facts: {a: {int: twelve}}\n", "type", "an integer", "'twelve'"),
    ("facts: {a: {int: 1.5}}\n", "type", "an integer", "1.5"),
    ("facts: {a: {int: true}}\n", "type", "an integer", "True"),
    ("facts: {a: {num: '3'}}\n", "type", "a number", "'3'"),
    ("facts: {a: {flag: 1}}\n", "type", "true or false", "1"),
    ("facts: {a: {text: 5}}\n", "type", "a text value", "5"),
    ("facts: {a: {list: voice}}\n", "type", "a list", "'voice'"),
    ("facts: {a: {int: -1001}}\n", "range", ">= -1000", "-1001"),
    ("facts: {a: {num: 1000.5}}\n", "range", "<= 1000", "1000.5"),
    ("facts: {a: {kind: w}}\n", "value", "one of ['x', 'y', 'z']", "'w'"),
    ("facts: {a: {list: [voice, fax]}}\n", "value", "items from ['voice', 'video', 'email', 'sms']", "'fax'"),
])
def test_bind_rejects_wrong_values(facts_yaml: str, code: str, expected: str, got: str) -> None:
    problem = bind_problem(facts_yaml)
    assert (problem.code, problem.expected, problem.got) == (code, expected, got)
    assert problem.file == "e.yaml" and problem.line == 4 and problem.path.startswith("$.facts.a.")


def test_did_you_mean_for_values() -> None:
    assert bind_problem("facts: {a: {list: [vidoe]}}\n").suggestion == "video"


def test_derived_facts_cannot_be_given() -> None:
    problem = bind_problem("facts: {d: {first: true}}\n")
    assert problem.code == "derived" and problem.path == "$.facts.d.first"


def test_all_wrong_facts_are_reported_together() -> None:
    with pytest.raises(errors.EvidenceError) as info:
        bind.bind(ev(HEAD + "facts:\n  a:\n    int: x\n    flag: 2\n"), constructs())
    assert [(p.path, p.line) for p in info.value.problems] == [("$.facts.a.flag", 7), ("$.facts.a.int", 6)]


def test_unknown_fact_with_did_you_mean() -> None:
    e = ev(HEAD + "facts:\n  a:\n    falg: true\n    unrelated_thing: 1\n")
    with pytest.raises(errors.EvidenceError) as info:
        bind.check_vocabulary(e, [constructs()])
    first, second = info.value.problems
    assert (first.path, first.line, first.suggestion, first.code) == ("$.facts.a.falg", 6, "a.flag", "unknown-fact")
    assert (second.path, second.suggestion) == ("$.facts.a.unrelated_thing", None)
    assert "unknown fact 'a.falg': no pack in use declares it. Did you mean 'a.flag'?" in first.render()


def test_known_facts_pass_the_vocabulary_check() -> None:
    bind.check_vocabulary(ev(HEAD + "facts: {a: {flag: true}}\nreviews: {i.ce: {met: false, reviewer: x}}\n"),
                              [constructs()])


def certification_pack(tmp_path: Path) -> compiler.CompiledPack:
    root = tmp_path / "pack"
    shutil.copytree(CONSTRUCTS, root)
    text = (root / "pack.yaml").read_text(encoding="utf-8")
    text = text.replace("  retest: {within: calendar_year}\n", "  retest: {within: calendar_year}\n"
                        "  certification: {min_reviewers: {param: certification_min_reviewers}}\n")
    text = text.replace("coverage:", "  certification_min_reviewers:\n"
                        "    values: [{from: 2020-01-01, value: 2, reference: two reviewers}]\ncoverage:")
    (root / "pack.yaml").write_text(text, encoding="utf-8")
    return compiler.compile_pack(packs.load(root), dt.date(2025, 6, 30))


CERT = """\
format: cc-rules/evidence@1
organization: {name: Org}
assessment:
  date: 2025-06-30
  mode: certification
  reviewers:
    - {name: 张三, registration: CCRC-1}
{more}
facts: {}
"""


def test_certification_needs_enough_registered_reviewers(tmp_path: Path) -> None:
    compiled = certification_pack(tmp_path)
    with pytest.raises(errors.RejectedAssessment) as info:
        bind.bind(ev(CERT.replace("{more}", "    - {name: 李四}")), compiled)
    problem = info.value.problems[0]
    assert (problem.code, problem.line, problem.path, problem.got) == (
        "certification", 6, "$.assessment.reviewers", "1")
    bind.bind(ev(CERT.replace("{more}", "    - {name: 李四, registration: CCRC-2}")), compiled)


def test_self_assessment_needs_no_reviewers(tmp_path: Path) -> None:
    bind.bind(ev(HEAD + "facts: {}\n"), certification_pack(tmp_path))


def test_certification_without_a_reviewer_list_points_at_the_assessment(tmp_path: Path) -> None:
    text = HEAD.replace("mode: self", "mode: certification") + "facts: {}\n"
    with pytest.raises(errors.RejectedAssessment) as info:
        bind.bind(ev(text), certification_pack(tmp_path))
    assert info.value.problems[0].line == 3


def test_the_survey_in_force_on_each_date_even_for_one_compiled_pack(tmp_path: Path) -> None:
    """The pack's survey facts are kept per compiled pack, date and industry: two dates that compile alike still
    each get the survey in force on them, and a file's own benchmark is never taken from what was kept."""
    root = tmp_path / "constructs"
    shutil.copytree(CONSTRUCTS, root)
    (root / "data" / "benchmarks.yaml").write_text(
        "share_threshold: 0.5\nindustries:\n  banking:\n"
        "    - {year: 2021, surveyed: 10, source: old, offering: {video: 6, email: 2}}\n"
        "    - {year: 2025, surveyed: 10, source: new, offering: {video: 2, email: 9}}\n", encoding="utf-8")
    pack = packs.load(root)
    early, late = (compiler.compile_pack(pack, day) for day in (dt.date(2024, 6, 30), dt.date(2025, 6, 30)))
    assert early.key == late.key and early.as_of != late.as_of
    for _ in range(2):  # the second time from what was kept
        for compiled, channels in ((early, ("video",)), (late, ("email",))):
            day = compiled.as_of.isoformat()
            bound = bind.bind(ev(HEAD.replace("2025-06-30", day) + "facts: {}\n"), compiled)
            assert bound.values()["benchmarks.baseline_channels"] == channels
    own = (HEAD + "facts: {}\nbenchmarks:\n"
           "  banking: {year: 2024, source: own survey, surveyed: 10, offering: {video: 9, email: 1}}\n")
    assert bind.bind(ev(own), late).values()["benchmarks.baseline_channels"] == ("video",)
