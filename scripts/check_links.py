#!/usr/bin/env python3
"""Checks the relative links of the Markdown files under each ROOT (a
directory, or a file): each must name a file or directory that exists, and
a #fragment of a Markdown file must name one of its headings (as GitHub
makes anchors of them).

  check_links.py ROOT [ROOT...]

Prints each broken link as FILE:LINE: and exits 1 if there is any. Web
links (http:, https:, mailto:) are left alone: the suite runs offline.
"""

import os
import re
import sys

LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def lines_outside_code(path):
    """(number, text) of each line of path outside fenced code blocks."""
    fenced = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if FENCE.match(line):
                fenced = not fenced
                continue
            if not fenced:
                yield number, line


def anchor_of(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped,
    spaces as hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path, cache={}):
    if path not in cache:
        found, seen = set(), {}
        for _, line in lines_outside_code(path):
            m = HEADING.match(line)
            if not m:
                continue
            base = anchor_of(m.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else "%s-%d" % (base, count))
        cache[path] = found
    return cache[path]


def broken_links(path):
    for number, line in lines_outside_code(path):
        line = re.sub(r"`[^`]*`", "", line)
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            file_part, _, fragment = target.partition("#")
            resolved = (os.path.normpath(
                os.path.join(os.path.dirname(path), file_part))
                if file_part else path)
            if not os.path.exists(resolved):
                yield number, target, "no such file"
            elif (fragment and resolved.endswith(".md")
                  and fragment not in anchors(resolved)):
                yield number, target, "no such heading"


def markdown_files(root):
    if os.path.isfile(root):
        yield root
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories
                                   if not d.startswith(".") and d != "build")
        for name in sorted(files):
            if name.endswith(".md"):
                yield os.path.join(directory, name)


def main(roots):
    if not roots:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    missing = [root for root in roots if not os.path.exists(root)]
    if missing:
        print("check_links.py: error: no such file or directory: %s"
              % ", ".join(missing), file=sys.stderr)
        return 2
    broken = 0
    for root in roots:
        for path in markdown_files(root):
            for number, target, why in broken_links(path):
                print("%s:%d: %s: %s" % (path, number, target, why))
                broken += 1
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
