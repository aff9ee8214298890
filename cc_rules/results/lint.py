"""Results of `cc-rules lint`: findings per pack, with stable codes (CCR001…), severities and locations.

`CHECKS` is the table of checks (code and severity); a check's title and fix hint come from the catalogue
(`lint.CCR001.title`, `lint.CCR001.hint` in cc_rules/base/messages/lint.yaml). Rendering is in
cc_rules/reports/lint_text.py; the checks themselves in cc_rules/tools/lint/.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

SEVERITIES = ("error", "warning", "info")



@dataclasses.dataclass(frozen=True)
class Check:
    code: str
    severity: str
    title: str
    hint: str



CHECKS: dict[str, Check] = {c.code: c for c in (
    Check("CCR001", "error", "schema error", "make the file match its schema in schemas/ (docs/pack-format.md)"),
    Check("CCR002", "error", "inconsistent pack (compiler check)",
          "fix the reference or type the compiler names; every problem here also stops an assessment"),
    Check("CCR003", "error", "unknown fact", "declare the fact in facts.yaml or correct its name"),
    Check("CCR004", "warning", "unused fact", "remove the fact from facts.yaml, or write the rule that reads it"),
    Check("CCR005", "warning", "leaf item without rules",
          "encode the item with a rule, or mark the gap in the item's title/provenance"),
    Check("CCR006", "error", "rule no evidence can satisfy (contradictory condition)",
          "the parts of `when` exclude each other; correct the bounds or values"),
    Check("CCR007", "error", "overlapping rules move the same points twice",
          "merge the rules, or make their conditions distinct; or give the item points for each rule"),
    Check("CCR008", "error", "level no evidence can reach",
          "the requirements of this level (and those below) contradict each other; correct one of them"),
    Check("CCR009", "error", "derivation cycle", "a derived fact may not depend on itself; break the chain"),
    Check("CCR010", "error", "deductions exceed the dimension base",
          "lower item points or raise dimension_base so the deductions of a dimension add up to at most its base"),
    Check("CCR011", "warning", "an item's rules can deduct more than the item is worth",
          "give the rules `points:` that add up to the item's points, or merge them"),
    Check("CCR012", "error", "grade bands overlap or leave gaps",
          "order grade_bands best first with strictly decreasing min; make the lowest band start at the pass line"),
    Check("CCR013", "info", "subjective share", "declare coverage.subjective_share in pack.yaml; mark items "
          "kind: subjective|objective"),
    Check("CCR014", "info", "coverage against the official item counts",
          "coverage.tiers in pack.yaml gives the official counts per tier of the item tree"),
    Check("CCR015", "warning", "rule not exercised by any feature scenario",
          "add a scenario to features/<pack>/ that names the rule or whose evidence decides it"),
    Check("CCR016", "warning", "clause not in the item tree", "use a clause of an item in items.yaml"),
    Check("CCR017", "info", "interpretation rules",
          "rules with provenance interpretation are this pack's reading, not the standard's text; review them"),
    Check("CCR018", "warning", "level without requirements",
          "a level with no requirement is awarded as soon as the level below is; add its requirements"),
    Check("CCR019", "warning", "fact declared differently by two packs",
          "one evidence file cannot satisfy both packs; rename the fact in one pack or align the declarations"),
    Check("CCR020", "info", "corpus coverage", "rules no corpus centre triggers may be dead in practice"),
)}



@dataclasses.dataclass(frozen=True)
class LintFinding:
    code: str
    severity: str
    pack: str
    message: str
    file: str | None = None
    line: int | None = None
    path: str = "$"
    hint: str | None = None
    data: tuple[str, ...] = ()  # ids listed by summary findings (e.g. every interpretation rule)

    def location(self) -> str:
        if not self.file:
            return "<pack>"
        return f"{_display(self.file)}:{self.line}" if self.line else _display(self.file)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": self.severity, "pack": self.pack,
                               "title": CHECKS[self.code].title, "message": self.message, "file": self.file,
                               "line": self.line, "path": self.path, "hint": self.hint or CHECKS[self.code].hint}
        if self.data:
            out["items"] = list(self.data)
        return out



@dataclasses.dataclass(frozen=True)
class PackLint:
    ref: str
    pack_id: str
    root: str
    findings: tuple[LintFinding, ...]



@dataclasses.dataclass(frozen=True)
class LintReport:
    packs: tuple[PackLint, ...]

    def findings(self) -> tuple[LintFinding, ...]:
        return tuple(f for p in self.packs for f in p.findings)

    def exit_code(self) -> int:
        return 1 if any(f.severity == "error" for f in self.findings()) else 0

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings())
        return {s: c.get(s, 0) for s in SEVERITIES}

    def to_dict(self) -> dict[str, Any]:
        return {"format": "cc-rules/lint@1", "summary": self.counts(),
                "packs": [{"ref": p.ref, "id": p.pack_id, "root": p.root,
                           "findings": [f.to_dict() for f in p.findings]} for p in self.packs]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"



def _display(file: str) -> str:
    try:
        return str(Path(file).resolve().relative_to(Path.cwd()))
    except ValueError:
        return file

