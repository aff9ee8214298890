"""Text report of `cc-rules verify`: each feature's scenarios with PASS/FAIL, the failing step and the actual value.

Labels and the summary are in `lang`; step messages were written in each feature's language when the step ran. The
English summary keeps the form `N scenarios: N passed, N failed, N with unknown steps` (CI reads it).
"""

from __future__ import annotations

from cc_rules.base import i18n
from cc_rules.results.verify import Run


def render_text(outcome: Run, verbose: bool = False, lang: str = "en") -> str:
    def _say(key: str, **params: object) -> str:
        return i18n.message(f"verify.{key}", lang, **params)

    lines: list[str] = []
    for feature in outcome.features:
        lines.append(_say("feature", name=feature.name, file=feature.file))
        for scenario in feature.scenarios:
            mark = _say(f"status-{scenario.status}")
            line = _say("scenario-line", line=scenario.line) if scenario.line else ""
            if scenario.example is not None:
                line = _say("example-row", line=scenario.example.line, row=scenario.example.index,
                            values=", ".join(scenario.example.values))
            lines.append(f"  {mark:4} {scenario.name}{line}")
            failing = scenario.failing_step
            if failing is not None:
                where = f"{feature.file}:{failing.line}" if failing.line else feature.file
                lines.append("       " + _say("step", keyword=failing.keyword, text=failing.text, where=where))
                if failing.status == "undefined":
                    lines.append("       " + _say("closest", phrases=_say("phrase-separator").join(
                        failing.closest or ("-",))))
                else:
                    lines.append("       " + _say("actual", message=failing.message))
            elif verbose:
                lines.extend(f"       {s.keyword} {s.text}" for s in scenario.steps)
        lines.append("")
    lines.extend(i18n.message(note.key, lang, **dict(note.params)) for note in outcome.notes)
    for cov in outcome.coverage:
        done = cov.rules - len(cov.unexercised)
        lines.append(_say("coverage", pack=cov.pack_id, rules=cov.rules, exercised=done,
                          percent=f"{100 * done / cov.rules:.0f}" if cov.rules else "100"))
        if cov.unexercised:
            shown = cov.unexercised if verbose else cov.unexercised[:10]
            lines.append("  " + _say("coverage-missing", rules=", ".join(shown)))
            if len(shown) < len(cov.unexercised):
                lines.append("  " + _say("coverage-more", n=len(cov.unexercised) - len(shown)))
    if outcome.notes or outcome.coverage:
        lines.append("")
    counts = outcome.counts()
    lines.append(_say("summary", n=sum(counts.values()), p=counts["passed"], f=counts["failed"], e=counts["error"]))
    return "\n".join(lines) + "\n"
