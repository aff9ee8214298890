"""Golden files: every report format for every bundled example, compared byte for byte.

Refresh after an intended change with `pytest tests/unit/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
BUILTIN = set(packs.builtin_ids())
EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.yaml"))
ASSESS_FORMATS = ("text", "json", "markdown", "html", "junit")


def _command(example: str, fmt: str) -> list[str]:
    path = f"examples/{example}"  # relative, so the files hold no machine-specific paths
    if fmt in ASSESS_FORMATS:
        return ["assess", path, "--format", fmt]
    if fmt == "sarif":
        return ["check", path, "--format", "sarif"]
    pack = example.split("-", 1)[0]  # explain needs one pack: the example's name starts with it
    return ["explain", path, "--pack", pack, "--format", "json" if fmt == "explain.json" else "text"]


@pytest.mark.parametrize("fmt", [*ASSESS_FORMATS, "sarif", "explain.text", "explain.json"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_golden(example: str, fmt: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if fmt.startswith("explain") and example.split("-", 1)[0] not in BUILTIN:
        pytest.skip("an example for several packs has no single pack to explain")
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(main, _command(example, fmt))
    assert result.exit_code in (0, 1), result.output  # check exits 1 when a gate is missed
    # Pack files (e.g. benchmark data) are reported by absolute path; the checkout's location is not the output's.
    output = result.stdout_bytes.replace(f"{ROOT.as_posix()}/".encode(), b"")
    golden = GOLDEN / f"{Path(example).stem}.{fmt}"
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(output)
        return
    assert golden.is_file(), f"{golden} missing: run pytest --update-golden"
    assert output == golden.read_bytes(), f"{golden.name} differs: review, then --update-golden"
