"""Packaging: the bundled data the CLI finds, and the plain fallback where durable-rules cannot be imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cc_rules.engine
from cc_rules import engine
from cc_rules.base import errors
from cc_rules.io import resources
from cc_rules.model import packs

REPO = Path(__file__).resolve().parents[2]
EVIDENCE = REPO / "examples" / "ccso-pass-bank.yaml"

# Run the CLI in a fresh interpreter where `import durable_rules_engine` fails, as it does on Python 3.13.
WITHOUT_DURABLE = (
    "import sys; sys.modules['durable_rules_engine'] = None; "
    "from cc_rules.cli import main; main(prog_name='cc-rules')"
)


def test_features_dir_holds_the_bundled_features() -> None:
    features = resources.features_dir()
    assert features.is_dir()
    for pack_id in packs.builtin_ids():
        assert sorted((features / pack_id).glob("*.feature")), f"no features for the built-in pack {pack_id}"


def test_the_examples_the_features_name_are_bundled() -> None:
    named = set()
    for feature in resources.features_dir().rglob("*.feature"):
        for line in feature.read_text(encoding="utf-8").splitlines():
            for part in line.split('"')[1::2]:
                if part.startswith("examples/"):
                    named.add(part)
    assert named
    for relative in sorted(named):
        assert (resources.data_root() / relative).is_file(), relative
        assert (resources.examples_dir() / relative.removeprefix("examples/")).is_file(), relative


def test_get_raises_engine_unavailable_when_durable_cannot_be_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "durable_rules_engine", None)
    monkeypatch.delitem(sys.modules, "cc_rules.engine.durable", raising=False)
    monkeypatch.delattr(cc_rules.engine, "durable", raising=False)  # else `from cc_rules.engine import durable` hits
    with pytest.raises(errors.EngineUnavailable) as caught:
        engine.get("durable")
    assert isinstance(caught.value, errors.CcRulesError)
    assert caught.value.problems[0].key == "packaging.engine-unavailable"
    assert "plain" in caught.value.problems[0].text("en")
    assert engine.get("plain").name == "plain"


def _cli(*args: str, without_durable: bool) -> subprocess.CompletedProcess[str]:
    code = WITHOUT_DURABLE if without_durable else "from cc_rules.cli import main; main(prog_name='cc-rules')"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=REPO, timeout=120, check=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_falls_back_to_plain_with_one_line_on_stderr(lang: str) -> None:
    fallback = _cli("assess", str(EVIDENCE), "--format", "json", "--lang", lang, without_durable=True)
    assert fallback.returncode == 0, fallback.stderr
    assert "Traceback" not in fallback.stderr
    lines = fallback.stderr.splitlines()
    assert len(lines) == 1, fallback.stderr
    assert "durable" in lines[0] and "plain" in lines[0]
    assert ("求值器" in lines[0]) == (lang == "zh")  # in the command's language
    plain = _cli("assess", str(EVIDENCE), "--format", "json", "--lang", lang, "--engine", "plain",
                 without_durable=False)
    assert plain.returncode == 0, plain.stderr
    assert fallback.stdout == plain.stdout
