"""The HTML report in a real browser: headless Chromium loads it with no console errors; chart and tables render."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cc_rules.assess import pipeline as assessment
from cc_rules.reports import html
from cc_rules.reports.base import Options

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"),
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
             "--window-size=1200,2000", "--enable-logging=stderr", "--v=0"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120,  # type: ignore[list-item]
                          check=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_report_renders_in_chromium(tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = assessment.run(["examples/ccso-fail-small.yaml", "examples/gbt43045-level3-bank-card-centre.yaml"])
    page = tmp_path / "report.html"
    page.write_text(html.render(report, Options(lang=lang)), encoding="utf-8")
    url = page.as_uri()

    dom = _chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == [], console
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="radar"' in dom.stdout
    assert dom.stdout.count("<polygon") >= 5  # four grid rings and the score
    assert dom.stdout.count("<table") >= 4
    assert 'class="ladder"' in dom.stdout
    assert "gbt.7.2.l4.ai_trainer_ratio" in dom.stdout

    shot = tmp_path / "report.png"
    taken = _chromium(tmp_path, f"--screenshot={shot}", url)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 10_000


def test_html_is_self_contained() -> None:
    report = assessment.run([ROOT / "examples" / "ccso-pass-bank.yaml"])
    text = html.render(report, Options())
    assert "<script" not in text and "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text and "@media print" in text
