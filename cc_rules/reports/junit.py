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
from cc_rules.reports.base import Frame, Incremental, Options, Part, whole


def render(report: results.Report, options: Options) -> str:
    return whole(incremental(options), report)


def incremental(options: Options) -> Incremental:
    """JUnit written as the files are assessed (`base.Incremental`): each file's test suite as it comes, the totals
    of `<testsuites>` once the last is in (counted, not kept)."""
    return _Writer(options.lang)


class _Writer:
    direct = False  # the opening `<testsuites tests=… failures=…>` needs the totals

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.total = self.failed = 0
        self.suites = 0
        self.failures: list[results.InputFailure] = []  # one per bad file: their suites close the document

    def add(self, assessment: results.AssessmentResult) -> Part:
        lang = self.lang
        suite = ET.Element("testsuite", name=assessment.file, file=assessment.file, time="0")
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
        self.total, self.failed = self.total + s_total, self.failed + s_failed
        return Part(self._suite(suite))

    def fail(self, failure: results.InputFailure) -> None:
        self.failures.append(failure)

    def frame(self) -> Frame:
        lang = self.lang
        closing = []
        for entry in self.failures:  # a file that could not be assessed: one suite with one erroring case
            suite = ET.Element("testsuite", name=entry.file, file=entry.file, time="0", tests="1", failures="0",
                               errors="1")
            case = ET.SubElement(suite, "testcase", name=templating.labels(lang)["input_error"],
                                 classname=_classname(entry.file), time="0")
            text = entry.message.get(lang)
            ET.SubElement(case, "error", message=text, type=entry.code).text = text
            closing.append(self._suite(suite))
        suites = ET.Element("testsuites", name="cc-rules", tests=str(self.total + len(self.failures)),
                            failures=str(self.failed), errors=str(len(self.failures)), time="0")
        if not self.suites:  # no suite at all: an empty element, as ElementTree writes it
            return Frame(opening=_DECLARATION + basetext.xml_text(ET.tostring(suites, encoding="unicode")) + "\n")
        tag = ET.tostring(suites, encoding="unicode").removesuffix(" />") + ">"
        return Frame(opening=_DECLARATION + basetext.xml_text(tag), closing="".join(closing) + "\n</testsuites>\n")

    def _suite(self, suite: ET.Element) -> str:
        """One test suite as it sits in the document: on its own line, indented one level (`ET.indent` of the
        whole), with no character a parser refuses and no terminal escape (names, paths and messages come from the
        inputs)."""
        self.suites += 1
        ET.indent(suite, level=1)
        return "\n  " + basetext.xml_text(ET.tostring(suite, encoding="unicode"))


_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


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
