"""Start-up stays light: the CLI group and `--version` import neither the engine nor the schemas nor the reporters
(the figures are measured by benchmarks/run.py; this only keeps the imports lazy)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ccso-pass-bank.yaml"

HEAVY = ("cc_rules.assess.pipeline", "cc_rules.engine", "cc_rules.io.validation", "cc_rules.reports.registry",
         "jsonschema", "jinja2", "durable_rules_engine")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_the_cli_imports_nothing_heavy() -> None:
    loaded = _modules_after("import cc_rules.cli")
    assert not [name for name in HEAVY if name in loaded]


def test_version_imports_nothing_heavy() -> None:
    loaded = _modules_after("import sys\nfrom cc_rules.cli import main\nsys.argv = ['cc-rules', '--version']\n"
                            "try:\n    main()\nexcept SystemExit:\n    pass")
    assert not [name for name in HEAVY if name in loaded]


def test_packs_reads_the_packs_without_the_results_model() -> None:
    """`cc-rules packs` makes no report: it loads the packs and prints them, and the results model (a third of the
    package's import time) stays unimported."""
    loaded = _modules_after("import sys\nfrom cc_rules.cli import main\nsys.argv = ['cc-rules', 'packs']\n"
                            "try:\n    main()\nexcept SystemExit:\n    pass")
    assert "cc_rules.model.packs" in loaded
    lighter = [name for name in HEAVY if name != "cc_rules.io.validation"]  # the pack files are validated
    assert not [name for name in (*lighter, "cc_rules.results", "cc_rules.compile") if name in loaded]


def test_the_public_api_is_still_there() -> None:
    code = ("import cc_rules.assess.pipeline\nimport cc_rules\nfrom cc_rules import assess\n"
            "assert callable(cc_rules.assess) and assess is cc_rules.assess, cc_rules.assess\n"
            "assert callable(cc_rules.load_pack) and cc_rules.Report.__name__ == 'Report'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_valid_packs_and_evidence_never_import_jsonschema() -> None:
    """jsonschema is imported only for a document the compiled check refuses (it is a third of `cc-rules packs`)."""
    loaded = _modules_after("from cc_rules.model import evidence, packs\n"
                            "for ref in packs.builtin_ids():\n    packs.load(ref)\n"
                            f"evidence.load({str(EXAMPLE)!r})")
    assert "jsonschema" not in loaded and "referencing" not in loaded
    broken = _modules_after("from cc_rules.io import loading, validation\n"
                            "doc = loading.parse_document(b'format: cc-rules/evidence@1', 'x.yaml')\n"
                            "assert list(validation.iter_problems(doc, 'evidence'))")
    assert "jsonschema" in broken


def test_a_json_report_imports_only_its_reporter(tmp_path: Path) -> None:
    """A reporter's module is imported when its format is asked for: writing JSON loads neither the templates
    (jinja2) nor the text, JUnit, SARIF and GitHub writers (nor the waivers `check` reads); asking for a format of
    those loads it."""
    run = ("import sys\nfrom cc_rules.cli import main\n"
           f"sys.argv = ['cc-rules', 'assess', {str(EXAMPLE)!r}, '--format', '{{fmt}}', '--engine', 'plain', "
           f"'-o', {str(tmp_path / 'out')!r}]\n"
           "try:\n    main()\nexcept SystemExit:\n    pass")
    loaded = _modules_after(run.format(fmt="json"))
    assert "cc_rules.reports.json" in loaded
    others = ("jinja2", "cc_rules.reports.text", "cc_rules.reports.junit", "cc_rules.reports.sarif",
              "cc_rules.reports.github", "cc_rules.reports.html", "cc_rules.reports.markdown", "cc_rules.model.waivers")
    assert not [name for name in others if name in loaded]
    assert {"jinja2", "cc_rules.reports.markdown"} <= _modules_after(run.format(fmt="markdown"))
