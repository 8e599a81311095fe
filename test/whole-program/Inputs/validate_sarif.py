"""Validates a SARIF log against the schema given, and prints what the
tests check of it: one line per result (rule, place, code-flow steps,
fixes), so that FileCheck can read it.
   validate_sarif.py SCHEMA LOG"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
checker = jsonschema.Draft7Validator(
    schema, format_checker=jsonschema.draft7_format_checker)
errors = sorted(checker.iter_errors(log), key=lambda e: list(e.path))
for error in errors:
    print("invalid at /%s: %s" % ("/".join(map(str, error.path)), error.message))
if errors:
    sys.exit(1)
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
print("valid; rules:", ", ".join(rule["id"] for rule in rules))
for result in run.get("results", []):
    where = result["locations"][0]["physicalLocation"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    steps = [step["location"]["message"]["text"]
             for flow in result.get("codeFlows", [])
             for thread in flow["threadFlows"] for step in thread["locations"]]
    fixes = [(change["artifactLocation"]["uri"].rsplit("/", 1)[-1],
              r["deletedRegion"]["byteOffset"], r["deletedRegion"]["byteLength"],
              r["insertedContent"]["text"])
             for fix in result.get("fixes", []) for change in fix["artifactChanges"]
             for r in change["replacements"]]
    print("result %s %s:%d:%d steps=%d fixes=%s" % (
        result["ruleId"], where["artifactLocation"]["uri"].rsplit("/", 1)[-1],
        where["region"]["startLine"], where["region"]["startColumn"],
        len(steps), fixes))
    for step in steps:
        print("  step:", step)
