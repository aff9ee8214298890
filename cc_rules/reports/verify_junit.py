"""JUnit XML of `cc-rules verify` (`--format junit`): one test suite per feature, one test case per scenario, a
failing step as `<failure>` and an unknown phrase as `<error>`, so CI dashboards show the committee's examples.

Same shape as the assessment JUnit (valid against the Jenkins `junit-10.xsd`; `time` is "0": no timings are kept).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cc_rules.base import i18n
from cc_rules.base import text as basetext
from cc_rules.results.verify import Run


def render(outcome: Run, lang: str = "en") -> str:
    suites = ET.Element("testsuites", name="cc-rules verify")
    total = failed = errored = 0
    for feature in outcome.features:
        suite = ET.SubElement(suites, "testsuite", name=feature.name, file=feature.file, time="0")
        s_failed = s_errored = 0
        for scenario in feature.scenarios:
            name = scenario.name
            if scenario.example is not None:
                name += i18n.message("verify.example-row", lang, line=scenario.example.line,
                                     row=scenario.example.index, values=", ".join(scenario.example.values))
            case = ET.SubElement(suite, "testcase", name=name, classname=feature.file, time="0")
            step = scenario.failing_step
            if step is not None:
                where = f"{feature.file}:{step.line}" if step.line else feature.file
                text = i18n.message("verify.step", lang, keyword=step.keyword, text=step.text, where=where)
                tag = "error" if scenario.status == "error" else "failure"
                node = ET.SubElement(case, tag, message=step.message or text, type=step.status)
                node.text = f"{text}\n{step.message or ''}".rstrip()
                s_failed += tag == "failure"
                s_errored += tag == "error"
        suite.set("tests", str(len(feature.scenarios)))
        suite.set("failures", str(s_failed))
        suite.set("errors", str(s_errored))
        total += len(feature.scenarios)
        failed += s_failed
        errored += s_errored
    suites.set("tests", str(total))
    suites.set("failures", str(failed))
    suites.set("errors", str(errored))
    ET.indent(suites)
    # names, paths and messages come from the inputs: no character a parser refuses, no terminal escape
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    return basetext.xml_text(text)
