"""SARIF 2.1.0 for code-scanning UIs: every finding that is a shortfall, at the evidence line of its fact.

Its level is the CI severity `check` computed once (`PackResult.severities`): a finding that blocks a gate is an
`error`, another one not met a `warning`, one not evidenced a `note`. A finding points at the first fact it read that
has a line in the evidence file; when none has one (the evidence lacks the fact) it points at where the evidence gives
its facts, never at a pack file: code scanning shows only files of the user's repository. Each rule carries its
explanation (or its item's title), what it needs and the actions it recommends; its pack file and line are properties.
"""

from __future__ import annotations

from typing import Any

from cc_rules import __version__, results
from cc_rules.base import jsontext
from cc_rules.base import text as basetext
from cc_rules.model import Text
from cc_rules.reports import templating
from cc_rules.reports.base import Frame, Incremental, Options, Part, whole

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def render(report: results.Report, options: Options) -> str:
    return whole(incremental(options), report)


def incremental(options: Options) -> Incremental:
    """SARIF written as the files are assessed (`base.Incremental`): each file's results as they come; the rules
    (one per rule id, however many files it fires in) and the files that could not be assessed, which the document
    puts around the results, once the last file is in."""
    return _Writer(options.lang)


_HOLE = "\u0000results\u0000"  # stands for the results in the document written around them
_INDENT = " " * 8  # a result's depth in the document: runs[0].results[i]


class _Writer:
    direct = False  # the results sit after the failed files (`invocations`) in the document's sorted keys

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rules: dict[str, dict[str, Any]] = {}  # at most one per rule of the packs: flat in the number of files
        self.failures: list[results.InputFailure] = []  # one per bad file
        self.any = False

    def add(self, assessment: results.AssessmentResult) -> Part:
        found: list[dict[str, Any]] = []
        for result in assessment.results:
            titles = {node.id: node.title for node in result.item_nodes}
            actions = {action.id: action.title for action in result.actions}
            for finding in result.findings:
                severity = result.severity(finding.rule)
                if severity is None:
                    continue
                if finding.rule not in self.rules:
                    self.rules[finding.rule] = _descriptor(result, finding, titles, actions, self.lang)
                found.append(_result(assessment, result, finding, severity, self.lang))
        texts = []
        for item in found:  # each result as it sits in the document: indented, after a comma but the first
            text = _INDENT + _safe(jsontext.dumps(item)).replace("\n", "\n" + _INDENT)
            texts.append(text if not self.any else ",\n" + text)
            self.any = True
        return Part("".join(texts))

    def fail(self, failure: results.InputFailure) -> None:
        self.failures.append(failure)

    def frame(self) -> Frame:
        lang = self.lang
        run: dict[str, Any] = {
            "tool": {"driver": {"name": "cc-rules", "version": __version__, "semanticVersion": __version__,
                                "rules": [self.rules[k] for k in sorted(self.rules)]}},
            "results": [_HOLE] if self.any else [],
            "columnKind": "unicodeCodePoints",
        }
        if self.failures:  # files that could not be assessed: the run did not fully succeed
            run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": [
                {"level": "error", "message": {"text": f.message.get(lang)},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.file.replace("\\", "/")},
                                                     **({"region": {"startLine": f.line}} if f.line else {})}}]}
                for f in self.failures]}]
        doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        text = _safe(jsontext.dumps(doc)) + "\n"
        if not self.any:
            return Frame(opening=text)
        opening, _, closing = text.partition(f"\n{_INDENT}{jsontext.dumps(_HOLE)}")  # on a line of its own
        return Frame(opening=opening + "\n", closing=closing)


def _safe(text: str) -> str:
    """JSON escapes C0 controls itself; C1 controls and bidirectional overrides from the inputs are written
    \\uXXXX, which a JSON reader reads back as the same character."""
    return basetext.terminal_safe(text)


def _descriptor(result: results.PackResult, finding: results.Finding, titles: dict[str, Text],
                actions: dict[str, Text], lang: str) -> dict[str, Any]:
    t = templating.labels(lang)
    title = titles.get(finding.item)
    full = _template_text(finding.template, lang) if finding.template is not None else None
    if not full:
        full = title.get(lang) if title is not None else f"{finding.rule} ({finding.clause})"
    needs = sorted({b.fact for b in finding.because})
    help_lines = [title.get(lang) if title is not None else full]
    if needs:
        help_lines.append(t["sarif_needs"].format(facts=", ".join(needs)))
    if finding.recommend:
        named = [actions[a].get(lang) if a in actions else a for a in finding.recommend]
        help_lines.append(t["sarif_recommended"].format(actions="; ".join(named)))
    if finding.reference:
        help_lines.append(t["basis_reference"].format(reference=finding.reference))
    return {"id": finding.rule, "name": finding.rule,
            "shortDescription": {"text": f"{finding.rule} ({finding.clause})"},
            "fullDescription": {"text": full},
            "help": {"text": "\n".join(help_lines)},
            "properties": {"clause": finding.clause, "provenance": finding.provenance, "reference": finding.reference,
                           "kind": finding.kind,
                           "item": finding.item, "itemTitle": title.get(lang) if title is not None else None,
                           "pack": result.pack_id, "packFile": _uri(finding.file) if finding.file else None,
                           "packLine": finding.line}}


def _template_text(template: results.Template, lang: str) -> str:
    """The explanation template as written: literal text with `{fact}` where the assessment fills in a value."""
    parts = template.zh if lang == "zh" else template.en
    return "".join(part if isinstance(part, str) else "{" + part.fact + "}" for part in parts).strip()


def _uri(path: str) -> str:
    return path.replace("\\", "/")


def _result(assessment: results.AssessmentResult, result: results.PackResult, finding: results.Finding,
            severity: str, lang: str) -> dict[str, Any]:
    t = templating.labels(lang)
    file, line = finding.evidence_location(assessment.file, assessment.facts_line)
    state = t["not_met"] if finding.met is False else t["not_evidenced"]
    text = f"{result.pack_id}: {finding.rule} ({finding.clause}, {t['provenance_' + finding.provenance]}) {state}"
    if finding.explanation is not None:
        text += f": {finding.explanation.get(lang)}"
    if finding.points:
        text += f" [{finding.points:+g}]"
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": severity,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(file)},
                                            "region": {"startLine": line}}}],
        "properties": {"pack": result.pack_id, "evidence": assessment.file, "met": finding.met,
                       "level": finding.level, "points": finding.points},
    }
    suppressions = [{"kind": "external", "justification": w.justification} for w in result.waived
                    if w.rule == finding.rule]  # accepted by a waiver in force (`check --waivers`)
    if suppressions:
        out["suppressions"] = suppressions
    return out
