"""compile_commands.json for the files of DIR: C with clang-19, C++ with
clang++-19 -std=c++20."""
import json
import os
import sys

root = os.path.abspath(sys.argv[1])
commands = []
for name in sorted(os.listdir(root)):
    if name.endswith(".c"):
        commands.append({"directory": root, "file": name,
                         "arguments": ["clang-19", "-c", name]})
    elif name.endswith(".cpp"):
        commands.append({"directory": root, "file": name,
                         "arguments": ["clang++-19", "-std=c++20", "-c", name]})
with open(os.path.join(root, "compile_commands.json"), "w") as out:
    json.dump(commands, out, indent=1)
