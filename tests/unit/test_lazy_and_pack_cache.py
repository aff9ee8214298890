"""What the pipeline no longer does on every call: the roadmap is made when first read (and `check`'s gates leave it
unread), and a pack whose files are unchanged is not read and hashed again; a changed file is always seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cc_rules import engine, results
from cc_rules.assess import pipeline
from cc_rules.io import loading
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "examples" / "ccso-fail-small.yaml"


def _assessed() -> results.PackResult:
    ev = pipeline.load_evidence(EVIDENCE, ("ccso",))
    compiled = pipeline.compile_pack(packs.load("ccso"), ev.date)
    return pipeline.assess(ev, compiled, engine.get("plain"))


def test_the_roadmap_is_made_when_first_read() -> None:
    result = _assessed()
    assert callable(results.PackResult.__dict__["actions"].stored(result))  # not made yet
    gated = pipeline.gate(results.Report((results.AssessmentResult(
        "f", "x", (), result.as_of, "self", (result,)),)), results.GateSpec())
    kept = gated.assessments[0].results[0]
    assert callable(results.PackResult.__dict__["actions"].stored(kept))  # gates do not read it
    assert result.actions and kept.actions == result.actions
    assert not callable(results.PackResult.__dict__["actions"].stored(result))  # made once, then kept


def test_a_result_made_at_once_is_the_dataclass_it_declares() -> None:
    """`PackResult.__init__` sets every field at once: it takes the declared fields in order, and what it makes
    compares, copies (`dataclasses.replace`) and reads back like the dataclass."""
    import dataclasses
    import inspect
    import pickle

    names = [f.name for f in dataclasses.fields(results.PackResult)]
    assert list(inspect.signature(results.PackResult.__init__).parameters)[1:] == names
    result = _assessed()
    copy = dataclasses.replace(result)
    assert copy == result and copy is not result and copy.findings is result.findings
    assert {n: getattr(copy, n) for n in names} == {n: getattr(result, n) for n in names}
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own bytes


def test_an_unchanged_pack_is_not_read_again_and_a_changed_one_is(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "pack"
    shutil.copytree(ROOT / "tests" / "packs" / "constructs", root)
    monkeypatch.setattr(loading, "RACY_S", -3600.0)  # files just copied count as settled
    first = packs.load(root)
    real = loading.read_bytes_safely

    def no_reading(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("an unchanged pack was read again")

    monkeypatch.setattr(loading, "read_bytes_safely", no_reading)
    assert packs.load(root) is first
    monkeypatch.setattr(loading, "read_bytes_safely", real)
    pack_yaml = root / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    pack_yaml.write_text(text.replace(first.title.en, first.title.en + " changed", 1), encoding="utf-8")
    assert packs.load(root).title.en == first.title.en + " changed"
    monkeypatch.setattr(loading, "RACY_S", 2.0)
    pack_yaml.write_text(text, encoding="utf-8")  # changed just now: racily recent, read again
    assert packs.load(root).title.en == first.title.en
    assert loading.stat_key([pack_yaml]) is None
