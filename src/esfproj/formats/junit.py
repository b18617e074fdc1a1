"""JUnit XML, for the test-report views of GitLab and Jenkins: one test case per file.

Valid against Jenkins' junit-10.xsd (tests/clients/junit-10.xsd, checked with xmllint):
the file is the test case's name (the schema has no `file` attribute on a test case),
and `timestamp` is when the run was made; the check date (`--as-of`) is a property.
"""

from __future__ import annotations

import datetime
from itertools import groupby
from xml.etree import ElementTree

from esfproj.model import Severity, ValidationResult
from esfproj.render.findings import line
from esfproj.text import shown, xml


def render(report: ValidationResult, colour: bool, quiet: bool, lang: str = "en") -> str:
    by_file = {file: list(found) for file, found in groupby(report.findings, key=lambda f: f.file)}
    failing = [
        file
        for file, found in by_file.items()
        if any(f.severity is Severity.ERROR and not f.acknowledged for f in found)
    ]
    suites = ElementTree.Element(
        "testsuites", name="esfproj", tests=str(len(report.files)), failures=str(len(failing)), errors="0"
    )
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="esfproj validate",
        tests=str(len(report.files)),
        failures=str(len(failing)),
        errors="0",
        skipped="0",
        timestamp=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    )
    properties = ElementTree.SubElement(suite, "properties")
    ElementTree.SubElement(properties, "property", name="as_of", value=report.as_of)
    for file in map(shown, report.files):  # as the findings name them
        case = ElementTree.SubElement(suite, "testcase", classname="esfproj.engine", name=xml(file))
        found = by_file.get(file, [])
        errors = [f for f in found if f.severity is Severity.ERROR and not f.acknowledged]
        if errors:
            failure = ElementTree.SubElement(
                case, "failure", type=errors[0].check, message=xml(errors[0].message.render(human=False))
            )
            failure.text = "\n".join(line(f) for f in errors)
        others = [f for f in found if f not in errors]
        if others:
            ElementTree.SubElement(case, "system-out").text = "\n".join(line(f) for f in others)
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
