"""make_db.py DIR CLANG [FLAG...]: writes DIR/compile_commands.json for the C
files of DIR, as the project's Makefile compiles them with CLANG (without the
plugin), with the FLAGs (a GCC build's, say) before -c."""
import json
import os
import sys

root = os.path.abspath(sys.argv[1])
clang = sys.argv[2]
flags = sys.argv[3:]
commands = []
for base, _, files in sorted(os.walk(root)):
    for name in sorted(files):
        if name.endswith(".c"):
            rel = os.path.relpath(os.path.join(base, name), root)
            obj = rel[:-2] + ".o"
            commands.append({"directory": root, "file": rel, "output": obj,
                             "arguments": [clang, "-O1"] + flags + ["-c", rel, "-o", obj]})
with open(os.path.join(root, "compile_commands.json"), "w") as out:
    json.dump(commands, out, indent=1)
