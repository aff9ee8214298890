"""JUnit XML for CI dashboards (Jenkins, GitLab): one test case per evidence × pack × gate; a failure lists what
blocks the gate. Gate verdicts are computed once by `check` (`PackResult.gates`); this module only writes them out.

Valid against the Jenkins xunit-plugin `junit-10.xsd`: the evidence file is an attribute of its test suite (a test
case has none), and `time` is "0" throughout since an assessment carries no timings.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cc_rules import results
from cc_rules.base import text as basetext
from cc_rules.reports import templating
from cc_rules.reports.base import Options


def render(report: results.Report, options: Options) -> str:
    lang = options.lang
    suites = ET.Element("testsuites", name="cc-rules")
    total = failed = 0
    for assessment in report.assessments:
        suite = ET.SubElement(suites, "testsuite", name=assessment.file, file=assessment.file, time="0")
        s_total = s_failed = 0
        for result in assessment.results:
            for verdict in result.gates:
                s_total += 1
                message = templating.gate_text(verdict, lang)
                case = ET.SubElement(suite, "testcase", name=f"{result.pack_id} {verdict.gate}",
                                     classname=f"{_classname(assessment.file)}.{result.pack_id}", time="0")
                if not verdict.met:
                    s_failed += 1
                    failure = ET.SubElement(case, "failure", message=message, type=verdict.gate)
                    failure.text = "\n".join(_missing_line(result, m, lang) for m in verdict.blocking) or message
                else:
                    waived = [templating.labels(lang)["junit_waived"].format(
                        target=w.target, expires=w.expires, approved_by=w.approved_by, justification=w.justification)
                        for w in result.waived]  # what a waiver in force accepted (`check --waivers`)
                    ET.SubElement(case, "system-out").text = "\n".join([message, *waived])
        suite.set("tests", str(s_total))
        suite.set("failures", str(s_failed))
        suite.set("errors", "0")
        total, failed = total + s_total, failed + s_failed
    for failure_entry in report.failures:  # a file that could not be assessed: one suite with one erroring case
        suite = ET.SubElement(suites, "testsuite", name=failure_entry.file, file=failure_entry.file, time="0",
                              tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", name=templating.labels(lang)["input_error"],
                             classname=_classname(failure_entry.file), time="0")
        ET.SubElement(case, "error", message=failure_entry.message.get(lang),
                      type=failure_entry.code).text = failure_entry.message.get(lang)
    suites.set("tests", str(total + len(report.failures)))
    suites.set("failures", str(failed))
    suites.set("errors", str(len(report.failures)))
    suites.set("time", "0")
    ET.indent(suites)
    # names, paths and messages come from the inputs: no character a parser refuses, no terminal escape
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    return basetext.xml_text(text)


def _classname(file: str) -> str:
    return file.replace("/", ".").replace("\\", ".").rsplit(".", 1)[0]


def _missing_line(result: results.PackResult, missing: results.Missing, lang: str) -> str:
    t = templating.labels(lang)
    finding = result.finding(missing.id)
    detail = ""
    if finding is not None:
        detail = f" [{t['provenance_' + finding.provenance]}]"
        if finding.explanation is not None:
            detail += f" {finding.explanation.get(lang)}"
        if finding.reference:
            detail += " " + t["basis_reference"].format(reference=finding.reference)
    return f"{missing.id} ({missing.clause}): {templating.reason(missing, lang)}{detail}"
