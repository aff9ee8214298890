"""One fact, one meaning across packs: CCR019 (declared differently: an error) and CCR037 (near-identical names)."""

from __future__ import annotations

import shutil
from pathlib import Path

from cc_rules.model import packs
from cc_rules.tools import lint
from cc_rules.tools.lint.crosspack import distance

FIXTURES = Path(__file__).resolve().parents[1] / "lint_fixtures"


def test_distance_counts_edits_and_stops_beyond_two() -> None:
    assert distance("quality.calibration", "quality.calibration") == 0
    assert distance("quality.calibrations", "quality.calibration") == 1
    assert distance("quality.calibratoin", "quality.calibration") == 2
    assert distance("quality.calibrated", "quality.calibration") == 3  # beyond NEAR: reported as 3
    assert distance("a", "abcdef") == 3


def _pack_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / "clean_points", root)
    for path in root.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("id: clean_points", f"id: {name}")
        path.write_text(text.replace(old, new) if path.name == "facts.yaml" else text, encoding="utf-8")
    return root


def test_a_different_unit_is_an_error(tmp_path: Path) -> None:
    other = _pack_with(tmp_path, "other_unit", "  type: int\n  min: 0\n", "  type: int\n  unit: persons\n  min: 0\n")
    report = lint.lint([str(FIXTURES / "clean_points"), str(other)], features=False)
    (found,) = [f for f in report.findings() if f.code == "CCR019"]
    assert found.severity == "error" and found.pack == "other_unit"
    assert "'a.count' is int in persons here but int in pack 'clean_points'" in found.message
    assert "单位 persons" in found.text("zh")
    assert report.exit_code() == 1


def test_different_values_are_an_error(tmp_path: Path) -> None:
    other = _pack_with(tmp_path, "other_values", "  - video\n", "  - video\n  - email\n")
    report = lint.lint([str(FIXTURES / "clean_points"), str(other)], features=False)
    (found,) = [f for f in report.findings() if f.code == "CCR019"]
    assert "list of voice|video|email here but list of voice|video" in found.message


def test_a_near_identical_name_is_warned_with_both_names() -> None:
    report = lint.lint([str(FIXTURES / "clean_points"), str(FIXTURES / "ccr037_near_fact_name")], features=False)
    (found,) = [f for f in report.findings() if f.code == "CCR037"]
    assert found.severity == "warning" and found.pack == "ccr037_near_fact_name"
    assert "'a.flags'" in found.message and "'a.flag' of pack 'clean_points'" in found.message
    assert found.file and found.file.endswith("facts.yaml") and found.line == 8
    assert "只差一两个字符" in found.text("zh")


def test_a_pack_alone_or_beside_itself_reports_nothing_across_packs() -> None:
    report = lint.lint([str(FIXTURES / "clean_points"), str(FIXTURES / "clean_points")], features=False)
    assert not {f.code for f in report.findings()} & {"CCR019", "CCR037"}


def test_quality_calibration_has_one_declaration_in_every_bundled_pack() -> None:
    declared = {}
    for pid in packs.builtin_ids():
        spec = packs.load(packs.resolve(pid)).fact("quality.calibration")
        if spec is not None:
            declared[pid] = (spec.type, spec.values, spec.unit, spec.description, spec.labels)
        assert packs.load(packs.resolve(pid)).fact("quality.calibrated") is None
    assert {"ccso", "gbt43045"} <= set(declared)
    assert len(set(declared.values())) == 1
    assert declared["ccso"][:2] == ("enum", ("none", "annual", "quarterly", "monthly", "weekly"))
