"""Add up pytest JUnit reports into one closing line: 'total: N passed, N failed, N skipped'."""

import sys
import xml.etree.ElementTree as ElementTree


def counts(path):
    root = ElementTree.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in total:
            total[key] += int(suite.get(key, 0))
    return total


def main(paths):
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for path in paths:
        for key, value in counts(path).items():
            total[key] += value
    failed = total["failures"] + total["errors"]
    passed = total["tests"] - failed - total["skipped"]
    print("total: %d passed, %d failed, %d skipped" % (passed, failed, total["skipped"]))


if __name__ == "__main__":
    main(sys.argv[1:])
