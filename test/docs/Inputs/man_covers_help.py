"""Checks that a man page names every option a program's --help prints:
  man_covers_help.py PAGE PATTERN < help-text
PATTERN is the regular expression of an option in the help text (its first
group is the name). Prints each option the page does not mention, and
exits 1 if any; the options found, one per line, otherwise."""

import re
import sys

page, pattern = sys.argv[1], sys.argv[2]
# roff writes a hyphen as \-.
text = open(page, encoding="utf-8").read().replace("\\-", "-")
options = sorted(set(re.findall(pattern, sys.stdin.read(), re.M)))
missing = [o for o in options if not re.search(re.escape(o) + r"\b", text)]
for option in missing:
    print("%s: not in %s" % (option, page))
if not missing:
    print("\n".join(options))
sys.exit(1 if missing or not options else 0)
