"""linkage_db.py DIR CLANG CLANGXX: compile_commands.json for the files of
DIR: C with CLANG, C++ with CLANGXX -std=c++20."""
import json
import os
import sys

root = os.path.abspath(sys.argv[1])
clang, clangxx = sys.argv[2], sys.argv[3]
commands = []
for name in sorted(os.listdir(root)):
    if name.endswith(".c"):
        commands.append({"directory": root, "file": name,
                         "arguments": [clang, "-c", name]})
    elif name.endswith(".cpp"):
        commands.append({"directory": root, "file": name,
                         "arguments": [clangxx, "-std=c++20", "-c", name]})
with open(os.path.join(root, "compile_commands.json"), "w") as out:
    json.dump(commands, out, indent=1)
