"""Checks a SARIF log against what GitHub code scanning requires and uses,
as GitHub documents it, and prints what the tests check of it.
   github_sarif_rules.py LOG

The rules: "SARIF support for code scanning",
https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
(the properties it marks "Required", the values it allows for the ones
forksafe writes), and the limits of "Uploading a SARIF file to GitHub",
https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/uploading-a-sarif-file-to-github
primaryLocationLineHash is recomputed from the source as the upload-sarif
action does (github/codeql-action, src/fingerprints.ts, transcribed in
line_hashes below) and must be the log's."""
import json
import os
import re
import sys
from urllib.parse import unquote, urlparse

problems = []


def need(condition, where, what):
    if not condition:
        problems.append("%s: %s" % (where, what))
    return condition


def text_of(obj, key, where):
    value = obj.get(key)
    return need(isinstance(value, dict) and isinstance(value.get("text"), str)
                and value["text"] != "", where, "%s.text is required" % key)


def line_hashes(path):
    """fingerprints.ts, hash(): per line, '<hex>:<count>'."""
    block, mod = 100, 37
    mask = (1 << 64) - 1
    first_mod = pow(mod, block, 1 << 64)
    window = [0] * block
    line_numbers = [-1] * block
    state = {"hash": 0, "index": 0, "line": 0, "line_start": True,
             "prev_cr": False}
    counts, hashes = {}, {}

    def output():
        value = "%x" % state["hash"]
        counts[value] = counts.get(value, 0) + 1
        hashes[line_numbers[state["index"]]] = "%s:%d" % (value, counts[value])
        line_numbers[state["index"]] = -1

    def update(current):
        i = state["index"]
        begin = window[i]
        window[i] = current
        state["hash"] = (mod * state["hash"] + current - first_mod * begin) & mask
        state["index"] = (i + 1) % block

    def character(current):
        if current in (0x20, 0x09) or (state["prev_cr"] and current == 0x0A):
            state["prev_cr"] = False
            return
        state["prev_cr"] = current == 0x0D
        if current == 0x0D:
            current = 0x0A
        if line_numbers[state["index"]] != -1:
            output()
        if state["line_start"]:
            state["line_start"] = False
            state["line"] += 1
            line_numbers[state["index"]] = state["line"]
        if current == 0x0A:
            state["line_start"] = True
        update(current)

    text = open(path, "rb").read().decode("utf-8", errors="replace")
    units = text.encode("utf-16-le", errors="surrogatepass")
    for i in range(0, len(units), 2):
        character(units[i] | units[i + 1] << 8)
    character(65535)
    for _ in range(block):
        if line_numbers[state["index"]] != -1:
            output()
        update(0)
    return hashes


def local_path(artifact, bases, where):
    uri = artifact.get("uri")
    if not need(isinstance(uri, str) and uri, where, "artifactLocation.uri is required"):
        return None
    base = artifact.get("uriBaseId")
    if base is not None:
        need(base in bases, where, "uriBaseId %s is not in originalUriBaseIds" % base)
        need(not urlparse(uri).scheme and not uri.startswith("/"), where,
             "a uri with a uriBaseId is relative: %s" % uri)
        root = bases.get(base, {}).get("uri", "")
        need(root.startswith("file:///") and root.endswith("/"), where,
             "the base %s is an absolute file URI ending in /: %s" % (base, root))
        return unquote(urlparse(root).path) + unquote(uri)
    return unquote(urlparse(uri).path) if uri.startswith("file://") else None


def check_region(region, path, kind, where):
    if not need(isinstance(region, dict) and isinstance(region.get("startLine"), int),
                where, "region.startLine is required"):
        return
    start, end = region.get("startColumn"), region.get("endColumn")
    need(region.get("endLine", region["startLine"]) >= region["startLine"], where,
         "endLine before startLine")
    if path and os.path.exists(path) and start is not None:
        lines = open(path, "rb").read().decode("utf-8", errors="replace").split("\n")
        line = lines[region["startLine"] - 1]
        width = len(line) if kind == "unicodeCodePoints" else len(line.encode("utf-16-le")) // 2
        need(1 <= start <= width + 1, where, "startColumn %d beyond the line" % start)
        if end is not None:
            need(start < end <= width + 1, where, "endColumn %d not after startColumn %d within the line" % (end, start))


def check(log):
    need(log.get("version") == "2.1.0", "log", "version 2.1.0 is required")
    need(isinstance(log.get("$schema"), str), "log", "$schema is required")
    runs = log.get("runs")
    if not need(isinstance(runs, list), "log", "runs is required"):
        return
    need(len(runs) <= 20, "log", "at most 20 runs")
    for r, run in enumerate(runs):
        where = "runs[%d]" % r
        driver = run.get("tool", {}).get("driver", {})
        need(isinstance(driver.get("name"), str), where, "tool.driver.name is required")
        rules = driver.get("rules", [])
        need(len(rules) <= 25000, where, "at most 25,000 rules")
        ids = [rule.get("id") for rule in rules]
        for i, rule in enumerate(rules):
            at = "%s.rules[%d]" % (where, i)
            need(isinstance(rule.get("id"), str), at, "id is required")
            text_of(rule, "shortDescription", at)
            text_of(rule, "fullDescription", at)
            text_of(rule, "help", at)
            need(rule.get("defaultConfiguration", {}).get("level", "warning")
                 in ("note", "warning", "error"), at, "defaultConfiguration.level")
            props = rule.get("properties", {})
            need(len(props.get("tags", [])) <= 20, at, "at most 20 tags")
            need(props.get("precision", "high") in ("very-high", "high", "medium", "low"),
                 at, "properties.precision")
            need(props.get("problem.severity", "warning") in ("error", "warning", "recommendation"),
                 at, "properties.problem.severity")
            if "helpUri" in rule:
                need(not rule["helpUri"].startswith("file:"), at,
                     "helpUri is a URL a reader can open, not a file of the machine that ran")
        bases = run.get("originalUriBaseIds", {})
        kind = run.get("columnKind", "unicodeCodePoints")
        automation = run.get("automationDetails")
        if automation is not None:
            need(isinstance(automation.get("id"), str), where, "automationDetails.id")
        results = run.get("results")
        if not need(isinstance(results, list), where, "results is required"):
            continue
        need(len(results) <= 25000, where, "at most 25,000 results")
        hashes = {}
        for i, result in enumerate(results):
            at = "%s.results[%d]" % (where, i)
            rule_id = result.get("ruleId")
            need(isinstance(rule_id, str), at, "ruleId")
            if "ruleIndex" in result:
                need(0 <= result["ruleIndex"] < len(rules) and ids[result["ruleIndex"]] == rule_id,
                     at, "ruleIndex names another rule")
            need(result.get("level", "warning") in ("none", "note", "warning", "error"), at, "level")
            if not text_of(result, "message", at):
                continue
            locations = result.get("locations")
            if not need(isinstance(locations, list) and 1 <= len(locations) <= 10, at,
                        "locations is required, at most 10 (GitHub shows the first)"):
                continue
            paths = []
            for loc in locations + result.get("relatedLocations", []):
                physical = loc.get("physicalLocation")
                if not need(isinstance(physical, dict), at, "physicalLocation is required"):
                    continue
                path = local_path(physical.get("artifactLocation", {}), bases, at)
                check_region(physical.get("region"), path, kind, at)
                paths.append(path)
            related = {loc.get("id") for loc in result.get("relatedLocations", [])}
            for link in re.findall(r"(?<!\\)\[(?:[^\]\\]|\\.)*\]\((\d+)\)", result["message"]["text"]):
                need(int(link) in related, at, "the message links related location %s, which is not there" % link)
            need(len(result.get("relatedLocations", [])) <= 1000, at, "at most 1,000 related locations")
            prints = result.get("partialFingerprints")
            if not need(isinstance(prints, dict) and prints, at, "partialFingerprints is required"):
                continue
            path = paths[0]
            line = locations[0]["physicalLocation"]["region"]["startLine"]
            if path and os.path.exists(path):
                if path not in hashes:
                    hashes[path] = line_hashes(path)
                need(prints.get("primaryLocationLineHash") == hashes[path].get(line), at,
                     "primaryLocationLineHash %s, GitHub computes %s"
                     % (prints.get("primaryLocationLineHash"), hashes[path].get(line)))
            for flow in result.get("codeFlows", []):
                for thread in flow.get("threadFlows", []):
                    need(len(thread.get("locations", [])) <= 10000, at, "at most 10,000 thread flow locations")
    return runs


log = json.load(open(sys.argv[1]))
runs = check(log)
for problem in problems:
    print("github: " + problem)
if problems:
    sys.exit(1)
print("github: ok")
for run in runs:
    print("base:", ", ".join("%s=%s" % (k, v.get("uri")) for k, v in sorted(run.get("originalUriBaseIds", {}).items())))
    if "automationDetails" in run:
        print("automation:", run["automationDetails"]["id"])
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        print("result %s %s%s:%d:%d-%d:%d %s" % (
            result["ruleId"],
            physical["artifactLocation"].get("uriBaseId", "") + "/" if "uriBaseId" in physical["artifactLocation"] else "",
            physical["artifactLocation"]["uri"], region["startLine"], region["startColumn"],
            region.get("endLine", 0), region.get("endColumn", 0),
            result["partialFingerprints"].get("primaryLocationLineHash")))
        print("  message:", result["message"]["text"])
