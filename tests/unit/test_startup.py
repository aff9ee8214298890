"""Start-up stays light: the CLI group and `--version` import neither the engine nor the schemas nor the reporters
(the figures are measured by benchmarks/run.py; this only keeps the imports lazy)."""

from __future__ import annotations

import subprocess
import sys

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


def test_the_public_api_is_still_there() -> None:
    code = ("import cc_rules.assess.pipeline\nimport cc_rules\nfrom cc_rules import assess\n"
            "assert callable(cc_rules.assess) and assess is cc_rules.assess, cc_rules.assess\n"
            "assert callable(cc_rules.load_pack) and cc_rules.Report.__name__ == 'Report'")
    subprocess.run([sys.executable, "-c", code], check=True)
